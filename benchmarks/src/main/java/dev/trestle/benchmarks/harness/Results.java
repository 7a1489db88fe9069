package dev.trestle.benchmarks.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Raw samples of one harness run, keyed by (scenario, variant, configuration); written as CSV and summarised as
 * medians. Samples are appended in the order measured, so the CSV also shows interleaving and drift.
 */
public final class Results {
    /** One measurement. */
    public record Sample(String scenario, String variant, String config, int rep, double value, String unit) {
    }

    private final List<Sample> samples = new ArrayList<>();

    public synchronized void add(String scenario, String variant, String config, int rep, double value, String unit) {
        samples.add(new Sample(scenario, variant, config, rep, value, unit));
    }

    public synchronized List<Sample> all() {
        return List.copyOf(samples);
    }

    /** Values of one (scenario, variant, config) in measurement order. */
    public synchronized List<Double> values(String scenario, String variant, String config) {
        List<Double> out = new ArrayList<>();
        for (Sample s : samples) {
            if (s.scenario.equals(scenario) && s.variant.equals(variant) && s.config.equals(config)) {
                out.add(s.value);
            }
        }
        return out;
    }

    /** Median of one (scenario, variant, config), or NaN when nothing was measured. */
    public double median(String scenario, String variant, String config) {
        List<Double> v = values(scenario, variant, config);
        return v.isEmpty() ? Double.NaN : Stats.median(v);
    }

    /** Distinct (scenario, variant, config) keys in first-measured order. */
    public synchronized Map<List<String>, String> keys() {
        Map<List<String>, String> out = new LinkedHashMap<>();
        for (Sample s : samples) {
            out.putIfAbsent(List.of(s.scenario, s.variant, s.config), s.unit);
        }
        return out;
    }

    public void writeCsv(Path file) throws IOException {
        StringBuilder b = new StringBuilder("scenario,variant,config,rep,value,unit\n");
        for (Sample s : all()) {
            b.append(s.scenario).append(',').append(s.variant).append(',').append(s.config).append(',')
                    .append(s.rep).append(',').append(String.format(Locale.ROOT, "%.4f", s.value)).append(',')
                    .append(s.unit).append('\n');
        }
        Files.writeString(file, b);
    }

    /** One row per key: n, median, min, max (and p99 where n ≥ 100). */
    public void writeSummaryCsv(Path file) throws IOException {
        StringBuilder b = new StringBuilder("scenario,variant,config,n,median,min,p99,max,unit\n");
        for (var e : keys().entrySet()) {
            List<Double> v = values(e.getKey().get(0), e.getKey().get(1), e.getKey().get(2));
            b.append(String.join(",", e.getKey())).append(',').append(v.size()).append(',')
                    .append(fmt(Stats.median(v))).append(',').append(fmt(Stats.percentile(v, 0.0001 + 0)))
                    .append(',').append(v.size() >= 100 ? fmt(Stats.percentile(v, 99)) : "").append(',')
                    .append(fmt(Stats.percentile(v, 100))).append(',').append(e.getValue()).append('\n');
        }
        Files.writeString(file, b);
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : v >= 1 ? "%.2f" : "%.3f", v);
    }
}
