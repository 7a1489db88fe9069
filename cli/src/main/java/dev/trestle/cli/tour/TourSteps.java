package dev.trestle.cli.tour;

import com.google.gson.JsonObject;
import dev.trestle.cli.base.CliException;
import dev.trestle.cli.engine.EngineCallException;
import dev.trestle.cli.output.ErrorText;
import dev.trestle.cli.output.Output;
import java.io.IOException;
import java.util.List;

/**
 * Runs the tour's steps: numbers and narrates each, prints what its body returns, and turns a wrong outcome (an
 * unexpected engine error, a failed check, a broken engine, local I/O) into one reported line and {@link Stop}.
 */
final class TourSteps {
    private final Output out;
    private final boolean verbose;
    private int steps;

    TourSteps(Output out, boolean verbose) {
        this.out = out;
        this.verbose = verbose;
    }

    /** A step's body: does the work, returns the lines to show, throws {@link Unexpected} on a wrong outcome. */
    @FunctionalInterface
    interface Body {
        List<String> run() throws EngineCallException, CliException, IOException, Unexpected;
    }

    /** A call that is expected to fail with a given error code. */
    @FunctionalInterface
    interface Call {
        JsonObject run() throws EngineCallException, CliException;
    }

    /** A step did not behave as the tour expects. */
    static final class Unexpected extends Exception {
        private static final long serialVersionUID = 1L;

        Unexpected(String message) {
            super(message);
        }
    }

    /** Stops the tour after a failed step (already reported). */
    static final class Stop extends Exception {
        private static final long serialVersionUID = 1L;
    }

    /** Steps run so far (the failed one included). */
    int count() {
        return steps;
    }

    void step(String narration, Body body) throws Stop {
        steps++;
        out.line("");
        out.line("[" + steps + "] " + narration);
        try {
            for (String line : body.run()) {
                out.line("    " + line);
            }
        } catch (EngineCallException e) {
            out.line("    ✗ unexpected engine error:");
            ErrorText.lines(e).forEach(l -> out.line("    " + l));
            throw new Stop();
        } catch (Unexpected e) {
            out.line("    ✗ " + e.getMessage());
            throw new Stop();
        } catch (CliException e) {
            out.line("    ✗ " + e.getMessage());
            if (!e.engineLog().isBlank() && !verbose) {
                out.error("engine stderr:");
                for (String line : e.engineLog().strip().split("\\R")) {
                    out.error("  " + line);
                }
            }
            throw new Stop();
        } catch (IOException e) {
            out.line("    ✗ local I/O failed: " + e.getClass().getSimpleName());
            throw new Stop();
        }
    }

    /** The error {@code call} fails with; {@link Unexpected} when it succeeds or fails otherwise. */
    static EngineCallException expectError(String code, Call call) throws Unexpected, CliException {
        try {
            call.run();
        } catch (EngineCallException e) {
            if (e.is(code)) {
                return e;
            }
            throw new Unexpected("expected " + code + " but got " + e.errorCode().orElse("rpc " + e.rpcCode())
                    + " (" + e.detail().orElse(e.getMessage()) + ")");
        }
        throw new Unexpected("expected " + code + " but the call succeeded");
    }

    static void require(boolean condition, String message) throws Unexpected {
        if (!condition) {
            throw new Unexpected(message);
        }
    }
}
