package io.vecgrad.optim.schedule;

import java.util.Arrays;

/**
 * Standard learning-rate schedules as pure functions of the 0-based step, with PyTorch
 * {@code lr_scheduler} semantics where PyTorch has the schedule.
 *
 * <pre>{@code
 * Schedule s = Schedules.linearWarmup(500, 0, 3e-4).then(500, Schedules.cosine(3e-4, 9500, 0));
 * Schedule m = Schedules.multiStep(0.1, new long[] {30_000, 60_000}, 0.1);
 * }</pre>
 */
public final class Schedules {
    private Schedules() {}

    /** {@code lr} at every step. */
    public static Schedule constant(double lr) {
        return Schedule.constant(lr);
    }

    /** {@code lr·γ^⌊t/stepSize⌋} (StepLR). */
    public static Schedule step(double lr, long stepSize, double gamma) {
        if (stepSize < 1) throw new IllegalArgumentException("Schedules.step: stepSize must be >= 1, got " + stepSize);
        return t -> lr * Math.pow(gamma, Math.floorDiv(t, stepSize));
    }

    /** {@code lr·γ^(number of milestones ≤ t)} (MultiStepLR); milestones must be increasing. */
    public static Schedule multiStep(double lr, long[] milestones, double gamma) {
        long[] ms = milestones.clone();
        for (int i = 1; i < ms.length; i++) {
            if (ms[i] <= ms[i - 1]) throw new IllegalArgumentException("Schedules.multiStep: milestones must increase, got " + Arrays.toString(ms));
        }
        return t -> {
            int k = 0;
            while (k < ms.length && ms[k] <= t) k++;
            return lr * Math.pow(gamma, k);
        };
    }

    /** {@code lr·γ^t} (ExponentialLR). */
    public static Schedule exponential(double lr, double gamma) {
        return t -> lr * Math.pow(gamma, t);
    }

    /** Cosine annealing from {@code lr} to {@code etaMin} over {@code total} steps, then {@code etaMin}. */
    public static Schedule cosine(double lr, long total, double etaMin) {
        if (total < 1) throw new IllegalArgumentException("Schedules.cosine: total must be >= 1, got " + total);
        return t -> etaMin + (lr - etaMin) * (1 + Math.cos(Math.PI * Math.min(t, total) / total)) / 2;
    }

    /** Linear from {@code start} at t = 0 to {@code end} at t = {@code steps}, then {@code end}. */
    public static Schedule linearWarmup(long steps, double start, double end) {
        if (steps < 1) throw new IllegalArgumentException("Schedules.linearWarmup: steps must be >= 1, got " + steps);
        return t -> t >= steps ? end : start + (end - start) * t / steps;
    }

    /** {@code (lr − end)·(1 − min(t,T)/T)^power + end} (PolynomialLR / Optax polynomial_schedule). */
    public static Schedule polynomial(double lr, double end, double power, long total) {
        if (total < 1) throw new IllegalArgumentException("Schedules.polynomial: total must be >= 1, got " + total);
        return t -> (lr - end) * Math.pow(1 - (double) Math.min(t, total) / total, power) + end;
    }

    /**
     * P52 linear decay to zero (Defazio et al. 2023): {@code η_t = peak·(1 − t/T)} for
     * t = 0…T, 0 afterwards; the worst-case optimal last-iterate schedule.
     */
    public static Schedule linearDecay(double peak, long total) {
        return polynomial(peak, 0, 1, total);
    }

    /**
     * One-cycle policy (Smith and Topin 2019) as PyTorch's OneCycleLR with two phases: from
     * {@code max/div} up to {@code max} over {@code pct·total − 1} steps, then down to
     * {@code max/(div·finalDiv)} at step {@code total − 1}; cosine or linear annealing.
     */
    public static Schedule oneCycle(double maxLr, long total, double pctStart, double divFactor, double finalDivFactor, boolean cos) {
        double initial = maxLr / divFactor, min = initial / finalDivFactor;
        double end1 = pctStart * total - 1, end2 = total - 1;
        return t -> {
            if (t <= end1) return anneal(initial, maxLr, t / end1, cos);
            return anneal(maxLr, min, Math.min(1, (t - end1) / (end2 - end1)), cos);
        };
    }

    /** PyTorch defaults: pct 0.3, div 25, final div 1e4, cosine. */
    public static Schedule oneCycle(double maxLr, long total) {
        return oneCycle(maxLr, total, 0.3, 25, 1e4, true);
    }

    private static double anneal(double start, double end, double pct, boolean cos) {
        return cos ? end + (start - end) / 2.0 * (Math.cos(Math.PI * pct) + 1) : (end - start) * pct + start;
    }

    /** {@code schedules[i]} on {@code [boundaries[i−1], boundaries[i])}, each restarted at 0 (Optax join_schedules). */
    public static Schedule join(Schedule[] schedules, long[] boundaries) {
        if (schedules.length != boundaries.length + 1) {
            throw new IllegalArgumentException("Schedules.join: need one more schedule than boundaries, got " + schedules.length + " and " + boundaries.length);
        }
        return t -> {
            int k = 0;
            while (k < boundaries.length && t >= boundaries[k]) k++;
            return schedules[k].at(k == 0 ? t : t - boundaries[k - 1]);
        };
    }

    /** A schedule read from a table (for example a P52 refined schedule), holding the last value. */
    public static Schedule table(double[] values, double scale) {
        double[] v = values.clone();
        if (v.length == 0) throw new IllegalArgumentException("Schedules.table: empty table");
        return t -> scale * v[(int) Math.min(t, v.length - 1)];
    }
}
