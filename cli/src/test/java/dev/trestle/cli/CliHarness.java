package dev.trestle.cli;

import dev.trestle.cli.base.Terminal;
import dev.trestle.cli.engine.LaunchSpec;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the picocli command line in-process against a {@link ScriptedEngine}. */
final class CliHarness {
    final ScriptedEngine engine = new ScriptedEngine();
    final List<LaunchSpec> launches = new ArrayList<>();
    Map<String, String> env = Map.of();
    String stdin = "";
    String out;
    String err;

    int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        PrintWriter ew = new PrintWriter(e, true);
        Terminal terminal = Terminal.streams(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), ew);
        TrestleCli cli = new TrestleCli(env, terminal, (spec, verboseErr) -> {
            launches.add(spec);
            return engine;
        }, ZoneId.of("UTC"));
        int code = TrestleCli.commandLine(cli, new PrintWriter(o, true), ew, args).execute(args);
        out = o.toString();
        err = e.toString();
        return code;
    }
}
