package io.vecgrad.benchmarks;

import java.util.Arrays;

/**
 * Medians for the probes' rounds: the probes report the median over rounds, so that one slow
 * minute of the host moves a figure less than a mean would.
 *
 * <pre>{@code
 * double m = Medians.of(new double[] {3, 1, 2});                 // 2
 * double c = Medians.ofColumn(new double[][] {{1, 9}, {3, 7}}, 1); // 8
 * }</pre>
 */
final class Medians {
    private Medians() {}

    /** The median of {@code v} (the mean of the two middle values for an even count); sorts a copy. */
    static double of(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** The median of column {@code c} of {@code rows}. */
    static double ofColumn(double[][] rows, int c) {
        return of(Arrays.stream(rows).mapToDouble(row -> row[c]).toArray());
    }
}
