package dev.trestle.cli.sim;

import dev.trestle.cli.CliException;
import dev.trestle.cli.ExitCodes;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The provider simulator ({@code dev.trestle.simulator.ProviderSimulator}) run in-process: local HTTPS on loopback
 * speaking the four vendors' wire formats, with a throw-away CA.
 *
 * <p>The simulator module is developed alongside the CLI, so it is bound by name here: its public API
 * ({@code start()}, {@code port()}, {@code caPemPath()}, {@code endpointSettingsJson()}, {@code script(..)},
 * {@code close()}) is the contract; when the CLI jar lacks it, {@link #available()} is false and callers skip the
 * simulator steps.
 */
public final class Simulator implements AutoCloseable {
    /** The simulator class. */
    public static final String CLASS_NAME = "dev.trestle.simulator.ProviderSimulator";

    private final Object target;
    private final Path caPem;

    private Simulator(Object target, Path caPem) {
        this.target = target;
        this.caPem = caPem;
    }

    /** True if the simulator is on the class path. */
    public static boolean available() {
        return load() != null;
    }

    /**
     * Starts a simulator on 127.0.0.1.
     *
     * @param port    port to bind, 0 for any free port
     * @param workDir directory for the CA certificate file (created if needed)
     */
    public static Simulator start(int port, Path workDir) throws CliException {
        Class<?> cls = load();
        if (cls == null) {
            throw new CliException(ExitCodes.INTERNAL, "this build has no provider simulator (" + CLASS_NAME + ")");
        }
        try {
            Files.createDirectories(workDir);
            Path ca = workDir.resolve("simulator-ca.pem").toAbsolutePath();
            Object sim = construct(cls, port, ca);
            Method start = find(cls, "start");
            if (start != null) {
                Object started = start.invoke(sim);
                if (started != null && cls.isInstance(started)) {
                    sim = started;
                }
            }
            return new Simulator(sim, ca);
        } catch (java.io.IOException | ReflectiveOperationException | RuntimeException e) {
            throw new CliException(ExitCodes.INTERNAL, "cannot start the provider simulator: " + describe(e), e);
        }
    }

    /** The HTTPS port it listens on. */
    public int port() throws CliException {
        Object p = invoke("port");
        return ((Number) p).intValue();
    }

    /** The PEM file of the CA that signed its {@code localhost} certificate. */
    public Path caPemPath() throws CliException {
        if (find(target.getClass(), "caPemPath") == null) {
            return caPem;
        }
        Object p = invoke("caPemPath");
        return p instanceof Path path ? path : Path.of(String.valueOf(p));
    }

    /**
     * The {@code settings.json} {@code providers.*.endpoint} block pointing every provider at this simulator, as
     * JSON text; built from {@link #port()} and {@link #caPemPath()} if the simulator offers none.
     */
    public String endpointSettingsJson() throws CliException {
        if (find(target.getClass(), "endpointSettingsJson") != null) {
            return String.valueOf(invoke("endpointSettingsJson"));
        }
        return SettingsFile.endpointBlock(port(), caPemPath());
    }

    /** Loads a JSON response script from a file. */
    public void script(Path file) throws CliException {
        try {
            for (Method m : target.getClass().getMethods()) {
                if (!m.getName().equals("script") && !m.getName().equals("loadScript")) {
                    continue;
                }
                if (m.getParameterCount() == 1 && m.getParameterTypes()[0] == Path.class) {
                    m.invoke(target, file);
                    return;
                }
                if (m.getParameterCount() == 1 && m.getParameterTypes()[0] == String.class) {
                    m.invoke(target, Files.readString(file));
                    return;
                }
            }
        } catch (java.io.IOException | ReflectiveOperationException e) {
            throw new CliException(ExitCodes.USAGE, "cannot load the script " + file + ": " + describe(e), e);
        }
        throw new CliException(ExitCodes.INTERNAL, "this simulator build cannot load a script file");
    }

    /**
     * Queues one streamed text reply for a provider (the tour uses it to make the model answer with a proposal).
     *
     * @return false if this simulator build offers no way to script a reply
     */
    public boolean scriptReply(String providerId, String text) {
        return false;
    }

    @Override
    public void close() {
        try {
            invoke("close");
        } catch (CliException e) {
            // best effort: the process ends soon anyway
        }
    }

    private Object invoke(String name) throws CliException {
        Method m = find(target.getClass(), name);
        if (m == null) {
            throw new CliException(ExitCodes.INTERNAL, "the provider simulator has no " + name + "()");
        }
        try {
            return m.invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new CliException(ExitCodes.INTERNAL, "provider simulator " + name + "() failed: " + describe(e), e);
        }
    }

    private static Object construct(Class<?> cls, int port, Path ca) throws ReflectiveOperationException {
        Object[][] attempts = {{int.class, Path.class, port, ca}, {Path.class, int.class, ca, port},
            {int.class, port}, {Path.class, ca}};
        for (Object[] attempt : attempts) {
            int n = attempt.length / 2;
            Class<?>[] types = new Class<?>[n];
            Object[] args = new Object[n];
            for (int i = 0; i < n; i++) {
                types[i] = (Class<?>) attempt[i];
                args[i] = attempt[n + i];
            }
            try {
                Constructor<?> c = cls.getConstructor(types);
                return c.newInstance(args);
            } catch (NoSuchMethodException e) {
                // try the next shape
            }
        }
        return cls.getConstructor().newInstance();
    }

    private static Method find(Class<?> cls, String name) {
        for (Method m : cls.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == 0) {
                return m;
            }
        }
        return null;
    }

    private static Class<?> load() {
        try {
            return Class.forName(CLASS_NAME, false, Simulator.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static String describe(Throwable e) {
        Throwable t = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
