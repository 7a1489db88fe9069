package dev.trestle.cli.engine;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The running engine's local endpoint, as published in {@code <data_dir>/engine.endpoint} ({@code docs/protocol.md},
 * "Many clients"): the CLI connects there instead of starting an engine when one runs.
 *
 * @param socket               the engine's Unix domain socket
 * @param pid                  the engine process
 * @param allowCustomEndpoints whether that engine honours {@code settings.json} provider endpoints
 */
public record EngineEndpoint(Path socket, long pid, boolean allowCustomEndpoints) {
    static final String FILE_NAME = "engine.endpoint";

    /** The endpoint published in {@code dataDir}, if any. */
    static Optional<EngineEndpoint> published(Path dataDir) {
        try {
            JsonObject o = JsonParser.parseString(Files.readString(dataDir.resolve(FILE_NAME), StandardCharsets.UTF_8))
                    .getAsJsonObject();
            return Optional.of(new EngineEndpoint(Path.of(o.get("socket").getAsString()), o.get("pid").getAsLong(),
                    o.has("allow_custom_endpoints") && o.get("allow_custom_endpoints").getAsBoolean()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Connects; empty when nothing answers (no engine, or a stale record after a crash). */
    Optional<SocketChannel> connect() {
        try {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
                return Optional.of(channel);
            } catch (IOException | RuntimeException e) {
                channel.close();
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The data dir the engine would use: {@code --data-dir}, else {@code TRESTLE_DATA_DIR}, else the user config dir
     * plus {@code trestle} (the engine's rule, {@code storage.md} §1).
     */
    static Path dataDir(Path argument, Map<String, String> env) {
        if (argument != null) {
            return argument.toAbsolutePath().normalize();
        }
        String fromEnv = env.get("TRESTLE_DATA_DIR");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv).toAbsolutePath().normalize();
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String home = System.getProperty("user.home", "");
        if (os.startsWith("windows")) {
            String appData = env.get("APPDATA");
            Path base = appData != null && !appData.isBlank() ? Path.of(appData) : Path.of(home, "AppData", "Roaming");
            return base.resolve("trestle").toAbsolutePath().normalize();
        }
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return Path.of(home, "Library", "Application Support", "trestle").toAbsolutePath().normalize();
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "trestle").toAbsolutePath().normalize();
        }
        return Path.of(home, ".config", "trestle").toAbsolutePath().normalize();
    }

    /** Blocking streams over a connected channel (reads and writes may run at the same time). */
    static InputStream in(SocketChannel channel) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                int n;
                do {
                    n = channel.read(ByteBuffer.wrap(b, off, len));
                } while (n == 0);
                return n;
            }
        };
    }

    static OutputStream out(SocketChannel channel) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }
}
