package io.vecgrad.optim.minmax;

import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;

/**
 * When a min-max method stops and what it records: at most {@code maxIterations} iterations;
 * every {@code recordEvery} iterations it evaluates {@code metric} (e.g. {@link
 * QuadraticGame#gap} or {@link QuadraticGame#distanceToSolution}) and stops once it is ≤ {@code
 * target} or once the devices have sent {@code maxUplinkBits}. {@code projection} is Π_Z of the
 * feasible set (the identity for ℝ^d); it plays the role of {@code prox_{γg}} for an indicator g.
 *
 * <pre>{@code
 * VIOptions o = VIOptions.iterations(5000).metric(game::gap).target(1e-6).recordEvery(10);
 * }</pre>
 */
public record VIOptions(int maxIterations, ToDoubleFunction<double[]> metric, double target, double maxUplinkBits, int recordEvery,
        UnaryOperator<double[]> projection) {
    public VIOptions {
        if (maxIterations < 0) throw new IllegalArgumentException("VIOptions: maxIterations must be >= 0, got " + maxIterations);
        if (recordEvery < 1) throw new IllegalArgumentException("VIOptions: recordEvery must be >= 1, got " + recordEvery);
    }

    /** Runs {@code n} iterations, recording nothing but the start and the end (metric: none). */
    public static VIOptions iterations(int n) {
        return new VIOptions(n, z -> Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 1, UnaryOperator.identity());
    }

    public VIOptions metric(ToDoubleFunction<double[]> m) {
        return new VIOptions(maxIterations, m, target, maxUplinkBits, recordEvery, projection);
    }

    public VIOptions target(double t) {
        return new VIOptions(maxIterations, metric, t, maxUplinkBits, recordEvery, projection);
    }

    public VIOptions maxUplinkBits(double bits) {
        return new VIOptions(maxIterations, metric, target, bits, recordEvery, projection);
    }

    public VIOptions recordEvery(int every) {
        return new VIOptions(maxIterations, metric, target, maxUplinkBits, every, projection);
    }

    public VIOptions projection(UnaryOperator<double[]> p) {
        return new VIOptions(maxIterations, metric, target, maxUplinkBits, recordEvery, p);
    }
}
