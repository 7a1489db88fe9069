package dev.trestle.benchmarks.harness;

import java.util.Arrays;
import java.util.List;

/** Order statistics of measured samples (nearest-rank percentiles; the median averages the middle pair). */
public final class Stats {
    private Stats() {
    }

    public static double median(List<Double> samples) {
        double[] s = sorted(samples);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
    }

    /** Nearest-rank percentile, {@code p} in (0, 100]. */
    public static double percentile(List<Double> samples, double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
        }
        double[] s = sorted(samples);
        int rank = (int) Math.ceil(p / 100.0 * s.length);
        return s[Math.max(0, rank - 1)];
    }

    private static double[] sorted(List<Double> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        double[] s = samples.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(s);
        return s;
    }
}
