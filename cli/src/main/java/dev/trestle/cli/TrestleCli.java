package dev.trestle.cli;

import com.google.gson.JsonObject;
import dev.trestle.cli.base.CliException;
import dev.trestle.cli.base.ExitCodes;
import dev.trestle.cli.base.Json;
import dev.trestle.cli.base.Terminal;
import dev.trestle.cli.commands.CheckpointsCommands;
import dev.trestle.cli.commands.CliContext;
import dev.trestle.cli.commands.ClutterCommand;
import dev.trestle.cli.commands.ConsentCommands;
import dev.trestle.cli.commands.EgressCommands;
import dev.trestle.cli.commands.DraftCommands;
import dev.trestle.cli.commands.FilesCommands;
import dev.trestle.cli.commands.ModelsCommands;
import dev.trestle.cli.commands.ProvidersCommands;
import dev.trestle.cli.commands.WarmupCommand;
import dev.trestle.cli.commands.WorkbenchCommands;
import dev.trestle.cli.commands.WorkshopCommands;
import dev.trestle.cli.engine.ConnectedEngine;
import dev.trestle.cli.engine.EngineCallException;
import dev.trestle.cli.engine.EngineConnector;
import dev.trestle.cli.engine.EngineSession;
import dev.trestle.cli.engine.LaunchSpec;
import dev.trestle.cli.engine.ServerLocator;
import dev.trestle.cli.output.ErrorText;
import dev.trestle.cli.output.Output;
import dev.trestle.cli.sim.SimulateCommand;
import dev.trestle.cli.tour.TourCommand;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code trestle}: the command-line client of the Trestle engine. It starts the engine as a child process and drives
 * it over stdio with JSON-RPC (LSP4J), exactly like the editor extension does. See {@link ExitCodes} for the exit
 * codes.
 */
@Command(name = "trestle", mixinStandardHelpOptions = true, versionProvider = TrestleCli.Version.class,
        description = "Drive a Trestle engine from the command line.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:internal error", "2:usage error", "3:engine busy (another engine holds the data dir)",
            "4:engine unavailable or incompatible", "5:tour step failed", "6:request cancelled",
            "9:unknown engine error code", "10:VALIDATION_FAILED", "11:PROVIDER_NOT_CONFIGURED",
            "12:PROVIDER_AUTH_FAILED", "13:EGRESS_CONSENT_REQUIRED (or consent declined)",
            "14:EGRESS_BLOCKED_BY_POLICY", "15:PROVIDER_RATE_LIMITED", "16:PROVIDER_UNAVAILABLE",
            "17:NETWORK_UNAVAILABLE", "18:SANDBOX_VIOLATION", "19:CONTEXT_EXHAUSTED", "20:DISK_FULL",
            "21:FILE_READ_FAILED", "22:FILE_WRITE_FAILED", "23:CHECKPOINT_CREATE_FAILED",
            "24:CHECKPOINT_RESTORE_FAILED", "25:CONFLICT_PUBLISHED_CHANGED", "26:USER_CANCELED",
            "27:BUDGET_CAP_REACHED", "28:PROVIDER_QUOTA_EXCEEDED"})
public final class TrestleCli implements CliContext {
    /**
     * The command groups, in help order. They are registered by {@link #commandLine} rather than listed in
     * {@code @Command(subcommands)}: picocli builds the model of every registered command (all their options, by
     * reflection) before parsing, which was most of a CLI command's start (docs/performance.md, "CLI start").
     */
    static final List<Class<?>> COMMANDS = List.of(WorkbenchCommands.class, FilesCommands.class,
            ModelsCommands.class, ProvidersCommands.class, CheckpointsCommands.class, ClutterCommand.class,
            DraftCommands.class, ConsentCommands.class, EgressCommands.class, WorkshopCommands.Chat.class,
            WorkshopCommands.Propose.class, WorkshopCommands.Apply.class, TourCommand.class, SimulateCommand.class,
            WarmupCommand.class);

    @Option(names = "--data-dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Engine data directory (default: TRESTLE_DATA_DIR, else the user config dir).")
    Path dataDir;

    @Option(names = "--allow-custom-endpoints", scope = ScopeType.INHERIT,
            description = "Start the engine with --allow-custom-endpoints (honour settings.json endpoints).")
    boolean allowCustomEndpoints;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print raw result JSON for scripts.")
    boolean json;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Forward the engine's stderr.")
    boolean verbose;

    @Option(names = "--server-jar", paramLabel = "PATH", scope = ScopeType.INHERIT,
            description = "Engine jar (default: TRESTLE_SERVER_JAR, trestle-server.jar next to this jar, this jar).")
    Path serverJar;

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;
    private final Terminal terminal;
    private final EngineConnector connector;
    private final ZoneId zone;

    /**
     * @param env       process environment (key variables, TRESTLE_SERVER_JAR)
     * @param terminal  where prompts and piped keys are read
     * @param connector starts engines
     * @param zone      zone for showing times
     */
    public TrestleCli(Map<String, String> env, Terminal terminal, EngineConnector connector, ZoneId zone) {
        this.env = Map.copyOf(env);
        this.terminal = terminal;
        this.connector = connector;
        this.zone = zone;
    }

    /** Runs the CLI and exits with its exit code. */
    public static void main(String[] args) {
        EngineSession.prepareInBackground();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        TrestleCli cli = new TrestleCli(System.getenv(), Terminal.system(System.in, err),
                EngineSession.connector(System.getenv(), err),
                ZoneId.systemDefault());
        int code = commandLine(cli, out, err, args).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * The configured picocli command line for {@code args} (also used by tests). Only the command groups that
     * {@code args} name are registered, so picocli models one group instead of all of them; when {@code args} name
     * none (no arguments, {@code --help}, {@code --version}, a mistyped command) every group is, so help, suggestions
     * and usage errors are the full ones. Registering a group whose name is only an option's value changes nothing:
     * the group that {@code args} do invoke is registered too.
     */
    public static CommandLine commandLine(TrestleCli cli, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cmd = new CommandLine(cli);
        List<String> words = Arrays.asList(args);
        List<Class<?>> named = COMMANDS.stream()
                .filter(c -> words.contains(c.getAnnotation(Command.class).name())).toList();
        for (Class<?> group : named.isEmpty() ? COMMANDS : named) {
            cmd.addSubcommand(group);
        }
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("error: internal error (" + ex.getClass().getSimpleName() + ")");
            commandLine.getErr().flush();
            return ExitCodes.INTERNAL;
        });
        return cmd;
    }

    @Override
    public Map<String, String> env() {
        return env;
    }

    @Override
    public Terminal terminal() {
        return terminal;
    }

    @Override
    public EngineConnector connector() {
        return connector;
    }

    @Override
    public boolean verbose() {
        return verbose;
    }

    /** Output bound to the command line's writers and the {@code --json} flag. */
    public Output output() {
        return new Output(spec.commandLine().getOut(), spec.commandLine().getErr(), json, zone);
    }

    /** Where the engine is and how to start it, from the global options. */
    public LaunchSpec launchSpec() throws CliException {
        return locateEngine().with(dataDir, allowCustomEndpoints);
    }

    @Override
    public LaunchSpec locateEngine() throws CliException {
        return ServerLocator.locate(serverJar, env, ownLocation(), System.getProperty("java.class.path"));
    }

    @Override
    public int withEngine(EngineAction action) {
        Output out = output();
        ConnectedEngine engine = null;
        try {
            engine = connector.connect(launchSpec(), verbose ? out.err() : null);
            return action.run(engine, out);
        } catch (EngineCallException e) {
            return report(e, out);
        } catch (CliException e) {
            return report(e, engine, out);
        } finally {
            if (engine != null) {
                engine.close();
            }
        }
    }

    @Override
    public int local(LocalAction action) {
        Output out = output();
        try {
            return action.run(out);
        } catch (CliException e) {
            return report(e, null, out);
        }
    }

    /** Prints an engine error (and its JSON with {@code --json}) and maps it to an exit code. */
    public static int report(EngineCallException e, Output out) {
        for (String line : ErrorText.lines(e)) {
            out.error(line);
        }
        if (out.json()) {
            JsonObject wrapper = new JsonObject();
            JsonObject error = e.errorInfo().orElseGet(() -> Json.obj("rpc_code", e.rpcCode(), "message",
                    e.getMessage()));
            wrapper.add("error", error);
            out.printJson(wrapper);
        }
        return exitCodeFor(e);
    }

    /** The exit code for an engine error. */
    public static int exitCodeFor(EngineCallException e) {
        return e.exitCode();
    }

    private int report(CliException e, ConnectedEngine engine, Output out) {
        out.error("error: " + e.getMessage());
        String log = !e.engineLog().isEmpty() ? e.engineLog() : engine != null ? engine.stderrText() : "";
        boolean engineTrouble = e.exitCode() == ExitCodes.ENGINE_UNAVAILABLE || e.exitCode() == ExitCodes.INTERNAL;
        if (engineTrouble && !verbose && !log.isBlank()) {
            out.error("engine stderr:");
            for (String line : log.strip().split("\\R")) {
                out.error("  " + line);
            }
        }
        return e.exitCode();
    }

    private static Path ownLocation() {
        try {
            CodeSource source = TrestleCli.class.getProtectionDomain().getCodeSource();
            return source == null ? null : Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }

    /** Version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = TrestleCli.class.getPackage().getImplementationVersion();
            return new String[] {"trestle " + (v == null ? "(development build)" : v)};
        }
    }
}
