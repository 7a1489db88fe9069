package dev.trestle.cli.output;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import java.io.PrintWriter;
import java.time.ZoneId;

/**
 * Where a command writes: results to {@code out} (human text, or the raw result JSON with {@code --json}),
 * progress, prompts and errors to {@code err}.
 */
public final class Output {
    private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    private final ZoneId zone;

    public Output(PrintWriter out, PrintWriter err, boolean json, ZoneId zone) {
        this.out = out;
        this.err = err;
        this.json = json;
        this.zone = zone;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    /** True with {@code --json}: print raw results, no decoration. */
    public boolean json() {
        return json;
    }

    public ZoneId zone() {
        return zone;
    }

    /** A line of human output (flushed, so live output such as stream deltas interleaves correctly). */
    public void line(String text) {
        out.println(text);
        out.flush();
    }

    /** A table, or a placeholder line when it has no rows. */
    public void table(Table table, String whenEmpty) {
        if (table.isEmpty()) {
            line(whenEmpty);
            return;
        }
        for (String l : table.lines()) {
            out.println(l);
        }
        out.flush();
    }

    /** Progress or narration that must not mix with {@code --json} results: stderr then, stdout otherwise. */
    public void progress(String text) {
        PrintWriter w = json ? err : out;
        w.println(text);
        w.flush();
    }

    /** The raw JSON, pretty-printed. */
    public void printJson(JsonElement element) {
        out.println(PRETTY.toJson(element));
        out.flush();
    }

    /** A line on stderr. */
    public void error(String text) {
        err.println(text);
        err.flush();
    }
}
