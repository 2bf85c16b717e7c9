package dev.mailwright.bench;

import java.util.Arrays;

/** Percentiles over latency samples in nanoseconds. */
final class Stats {
    private Stats() {
    }

    static double percentileMillis(long[] nanos, double p) {
        if (nanos.length == 0) {
            return Double.NaN;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    /** The median in milliseconds, by the same definition as the report's ({@link Report#median}). */
    static double medianMillis(long[] nanos) {
        if (nanos.length == 0) {
            return Double.NaN;
        }
        return Report.median(Arrays.stream(nanos).mapToObj(n -> n / 1e6).toList());
    }

    static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }
}
