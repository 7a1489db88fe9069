package dev.trestle.benchmarks.harness;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The markdown summary of one harness run: machine, medians, ratios against the peers, and the goals. */
final class Report {
    private final Results r;
    private final List<ProcessBench.Shape> shapes;
    private final Map<String, String> notes;
    private final ProcessBench.Options opt;

    Report(Results r, List<ProcessBench.Shape> shapes, Map<String, String> notes, ProcessBench.Options opt) {
        this.r = r;
        this.shapes = shapes;
        this.notes = notes;
        this.opt = opt;
    }

    String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("# Trestle process benchmarks\n\n");
        b.append("- date: ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append('\n');
        b.append("- machine: ").append(Proc.output("?", "nproc")).append(" CPUs (")
                .append(Proc.output("?", "sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").trim())
                .append("), ").append(Proc.output("?", "sh", "-c", "free -m | awk '/Mem:/{print $2\" MiB RAM\"}'"))
                .append(", disk ").append(Proc.output("?", "sh", "-c", "df -hT " + opt.work()
                        + " | awk 'NR==2{print $2\", \"$5\" free\"}'")).append('\n');
        b.append("- JDK: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append('\n');
        b.append("- engine: ").append(notes.getOrDefault("engine_version", "?")).append(", JVM options: ")
                .append(opt.javaOpts().isEmpty() ? "(none)" : String.join(" ", opt.javaOpts())).append('\n');
        b.append("- repetitions: ").append(opt.reps()).append(opt.quick() ? " (quick)" : "")
                .append(", interleaved round-robin; medians in ms unless noted\n\n");

        b.append("## Checkpoint create vs peers (median ms)\n\n");
        b.append("| tree | Trestle create | git incr. | git first | cp -al | cp -r | spawn floor "
                + "| ×git incr. | ×cp -al |\n|---|---|---|---|---|---|---|---|---|\n");
        for (ProcessBench.Shape s : withChanged()) {
            String k = s.key();
            double t = r.median("checkpoint", "trestle_create", k);
            double gi = r.median("checkpoint", "git_commit_incremental", k);
            double al = r.median("checkpoint", "cp_al", k);
            b.append("| ").append(k).append(" | ").append(f(t)).append(" | ").append(f(gi)).append(" | ")
                    .append(f(r.median("checkpoint", "git_commit_first", k))).append(" | ").append(f(al))
                    .append(" | ").append(f(r.median("checkpoint", "cp_r", k))).append(" | ")
                    .append(f(r.median("checkpoint", "spawn_floor", k))).append(" | ").append(x(gi / t))
                    .append(" | ").append(x(al / t)).append(" |\n");
        }
        b.append("\n(×: how many times faster Trestle is. Trestle times are client round trips over stdio; peer times "
                + "include spawning the tool, see the spawn floor.)\n\n");

        b.append("## Restore (median ms)\n\n| tree | Trestle restore | cp -al + rename | Trestle / peer |\n"
                + "|---|---|---|---|\n");
        for (ProcessBench.Shape s : withChanged()) {
            String k = s.key();
            double t = r.median("restore", "trestle_restore", k);
            double p = r.median("restore", "cp_al_rename_restore", k);
            b.append("| ").append(k).append(" | ").append(f(t)).append(" | ").append(f(p)).append(" | ")
                    .append(x(t / p)).append(" |\n");
        }

        b.append("\n## Round trip at 10 000 files (µs)\n\n| request | p50 | p99 | n |\n|---|---|---|---|\n");
        for (String m : List.of("EngineGetInfo", "WorkbenchGetClutter")) {
            List<Double> v = r.values("latency", m, "10000x1K");
            if (!v.isEmpty()) {
                b.append("| ").append(m).append(" | ").append(f(Stats.median(v))).append(" | ")
                        .append(f(Stats.percentile(v, 99))).append(" | ").append(v.size()).append(" |\n");
            }
        }

        b.append("\n## Cold start to first answer (median ms)\n\n| variant | median | min | n |\n|---|---|---|---|\n");
        for (String v : List.of("engine_empty_default", "floor_default", "engine_empty_lean", "floor_lean",
                "engine_populated_default")) {
            List<Double> s = r.values("cold_start", v, "first_answer");
            if (!s.isEmpty()) {
                b.append("| ").append(v).append(" | ").append(f(Stats.median(s))).append(" | ")
                        .append(f(Stats.percentile(s, 0.0001))).append(" | ").append(s.size()).append(" |\n");
            }
        }
        b.append("\n(lean = ").append(String.join(" ", opt.leanOpts())).append(")\n");

        b.append("\n## Memory (MiB)\n\n| measure | value |\n|---|---|\n");
        for (var e : r.keys().entrySet()) {
            if (e.getKey().get(0).equals("rss")) {
                b.append("| ").append(e.getKey().get(1)).append(" (").append(e.getKey().get(2)).append(") | ")
                        .append(f(r.median("rss", e.getKey().get(1), e.getKey().get(2)))).append(" |\n");
            }
        }
        b.append("\n## Workshop stream relay (engine process vs in-JVM provider simulator)\n\n"
                + "| mode | measure | median over runs |\n|---|---|---|\n");
        for (var e : r.keys().entrySet()) {
            if (e.getKey().get(0).equals("stream")) {
                b.append("| ").append(e.getKey().get(2)).append(" | ").append(e.getKey().get(1)).append(" | ")
                        .append(f(r.median("stream", e.getKey().get(1), e.getKey().get(2)))).append(" |\n");
            }
        }
        b.append(goals());
        return b.toString();
    }

    /** The shapes plus the changed-files round measured on the 10 000 × 1 KB tree. */
    private List<ProcessBench.Shape> withChanged() {
        List<ProcessBench.Shape> out = new java.util.ArrayList<>(shapes);
        out.add(new ProcessBench.Shape(10_000, 1024, 1_000));
        return out;
    }

    private String goals() {
        StringBuilder b = new StringBuilder("\n## Goals\n\n| goal | measured | verdict |\n|---|---|---|\n");
        String k = "10000x1K";
        double create = r.median("checkpoint", "trestle_create", k);
        goal(b, "create at 10 000 files ≤ 20 ms", f(create) + " ms", create <= 20);
        double gi = r.median("checkpoint", "git_commit_incremental", k);
        goal(b, "create ≥ 2.5× faster than incremental git commit", x(gi / create), gi / create >= 2.5);
        double al = r.median("checkpoint", "cp_al", k);
        goal(b, "create ≥ 7× faster than cp -al", x(al / create), al / create >= 7);
        double big = r.median("checkpoint", "trestle_create", "10000x10K");
        if (!Double.isNaN(big)) {
            goal(b, "create flat in file size (10 KB vs 1 KB at 10 000 files, ≤ 1.25×)", x(big / create),
                    big / create <= 1.25);
        }
        double many = r.median("checkpoint", "trestle_create", "10000x1K,changed=1000");
        goal(b, "create flat in changed files (1 000 vs 1, ≤ 1.25×)", x(many / create), many / create <= 1.25);
        double rs = r.median("restore", "trestle_restore", k);
        double rp = r.median("restore", "cp_al_rename_restore", k);
        goal(b, "restore ≤ 1.5× (cp -al + rename)", x(rs / rp), rs / rp <= 1.5);
        List<Double> echo = r.values("latency", "EngineGetInfo", k);
        List<Double> cl = r.values("latency", "WorkbenchGetClutter", k);
        if (!echo.isEmpty() && !cl.isEmpty()) {
            double ratio = Stats.median(cl) / Stats.median(echo);
            goal(b, "WorkbenchGetClutter p50 ≤ 1.2× EngineGetInfo", x(ratio), ratio <= 1.2);
            double p99 = Stats.percentile(cl, 99);
            goal(b, "WorkbenchGetClutter p99 ≤ 1 ms", f(p99) + " µs", p99 <= 1000);
        }
        double cs = r.median("cold_start", "engine_empty_default", "first_answer");
        double floor = r.median("cold_start", "floor_default", "first_answer");
        goal(b, "cold start ≤ 1.3× minimal LSP4J server", x(cs / floor), cs / floor <= 1.3);
        goal(b, "cold start ≤ 300 ms", f(cs) + " ms", cs <= 300);
        double idle = r.median("rss", "idle_engine_empty_default", "after_first_request");
        double idleLean = r.median("rss", "idle_engine_empty_lean", "after_first_request");
        goal(b, "idle RSS ≤ 64 MB (default JVM options)", f(idle) + " MiB", idle <= 64);
        goal(b, "idle RSS ≤ 64 MB (lean JVM options)", f(idleLean) + " MiB", idleLean <= 64);
        b.append("| stream relay p99 ≤ 2 ms added, ≥ 10 000 deltas/s | not measured | Workshop relay not wired in "
                + "this harness yet |\n");
        return b.toString();
    }

    private static void goal(StringBuilder b, String goal, String measured, boolean ok) {
        b.append("| ").append(goal).append(" | ").append(measured).append(" | ")
                .append(measured.startsWith("–") || measured.contains("NaN") ? "not measured" : ok ? "met" : "MISSED")
                .append(" |\n");
    }

    private static String f(double v) {
        return Results.fmt(v);
    }

    private static String x(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "–" : String.format(Locale.ROOT, "%.2f×", v);
    }
}
