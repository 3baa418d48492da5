package io.vecgrad.optim.schedule.mi;

import java.util.function.DoubleUnaryOperator;

/**
 * P18's learning-rate range test, which bounds the MI controller: short training runs over a
 * log-spaced grid of rates, each scored by the gain in normalised MI it achieves. Following the
 * spec's reconstruction (first-order.md P18, [reconstructed]; the paper's Algorithm 2 body was
 * not in the stored text): {@code LR_max} is the largest rate that still trains stably (finite,
 * and its gain is at least half of the best gain), {@code LR_min} the smallest rate whose gain is
 * at least {@code noticeable}.
 *
 * <pre>{@code
 * double[] grid = MiRangeTest.logGrid(1e-3, 1, 7);
 * MiRangeTest.Bounds b = MiRangeTest.run(grid, lr -> shortRunNmiGain(lr), 0.05);
 * MiLearningRate c = MiLearningRate.of(b.lrMax(), b.lrMin(), 0.02);
 * }</pre>
 */
public final class MiRangeTest {
    private MiRangeTest() {}

    /** The bounds found, with the rates tried and their gains. */
    public record Bounds(double lrMin, double lrMax, double[] lrs, double[] gains) {}

    /** {@code n} rates from {@code lo} to {@code hi}, equally spaced in log. */
    public static double[] logGrid(double lo, double hi, int n) {
        if (!(lo > 0 && hi > lo && n >= 2)) throw new IllegalArgumentException("MiRangeTest.logGrid: need 0 < lo < hi and n >= 2, got lo=" + lo + ", hi=" + hi + ", n=" + n);
        double[] g = new double[n];
        for (int i = 0; i < n; i++) g[i] = lo * Math.pow(hi / lo, (double) i / (n - 1));
        return g;
    }

    /** Scores every rate of {@code lrs} (increasing) with {@code gain} and picks the bounds by {@link #bounds}. */
    public static Bounds run(double[] lrs, DoubleUnaryOperator gain, double noticeable) {
        double[] g = new double[lrs.length];
        for (int i = 0; i < lrs.length; i++) g[i] = gain.applyAsDouble(lrs[i]);
        return bounds(lrs, g, noticeable);
    }

    /** The bounds from measured gains (NaN or infinite = diverged). */
    public static Bounds bounds(double[] lrs, double[] gains, double noticeable) {
        if (lrs.length != gains.length || lrs.length == 0) throw new IllegalArgumentException("MiRangeTest.bounds: need as many gains as rates, got " + lrs.length + " and " + gains.length);
        double best = Double.NEGATIVE_INFINITY;
        for (double g : gains) if (Double.isFinite(g)) best = Math.max(best, g);
        if (!(best > 0)) throw new IllegalArgumentException("MiRangeTest.bounds: no rate of the grid improved the MI (best gain " + best + ")");
        int max = -1, min = -1;
        for (int i = 0; i < lrs.length; i++) if (Double.isFinite(gains[i]) && gains[i] >= best / 2) max = i;
        for (int i = 0; i < lrs.length && min < 0; i++) if (Double.isFinite(gains[i]) && gains[i] >= Math.min(noticeable, best / 2)) min = i;
        return new Bounds(lrs[Math.min(min, max)], lrs[max], lrs.clone(), gains.clone());
    }
}
