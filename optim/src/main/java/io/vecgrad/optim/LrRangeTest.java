package io.vecgrad.optim;

import io.vecgrad.optim.schedule.Schedule;
import java.util.function.Function;

/**
 * P05 learning-rate range test (Smith 2017, §3.3): train for a few iterations while the learning
 * rate rises linearly (or geometrically) from {@code start} to {@code end}, recording the loss at
 * each rate. The paper reads {@code max_lr} where the improvement stops or reverses and sets
 * {@code base_lr} to about a third or a quarter of it; {@link Result#suggestMax} returns the rate
 * with the lowest loss and {@link Result#suggestBase} a quarter of it. The parameters are
 * modified by the test (copy them first if needed). Training stops early when the loss exceeds
 * 4× its minimum or is not finite.
 *
 * <pre>{@code
 * LrRangeTest.Result r = LrRangeTest.run(lr -> Sgd.sgd(lr, Schedule.constant(0.9), 0, 0, false),
 *                                        params, closure, 1e-5, 1, 100, false);
 * Schedule clr = Cyclical.triangular(r.suggestBase(), r.suggestMax(), 2000);
 * }</pre>
 */
public final class LrRangeTest {
    private LrRangeTest() {}

    /** The rates tried and the loss observed before each step at that rate. */
    public record Result(double[] lrs, double[] losses) {
        /** The rate whose step started from the lowest loss, i.e. the best rate one step earlier. */
        public double suggestMax() {
            int best = 0;
            for (int i = 1; i < losses.length; i++) if (losses[i] < losses[best]) best = i;
            return lrs[Math.max(0, best - 1)];
        }

        public double suggestBase() {
            return suggestMax() / 4;
        }
    }

    /** The test schedule: linear (or geometric) from {@code start} at step 0 to {@code end} at {@code steps − 1}. */
    public static Schedule schedule(double start, double end, int steps, boolean geometric) {
        if (steps < 2) throw new IllegalArgumentException("LrRangeTest: steps must be >= 2, got " + steps);
        return t -> {
            double f = Math.min(t, steps - 1) / (double) (steps - 1);
            return geometric ? start * Math.pow(end / start, f) : start + (end - start) * f;
        };
    }

    /** Runs the test with an optimizer built from the test schedule. */
    public static Result run(Function<Schedule, GradientTransformation> optimizer, Params params, LossAndGrad closure,
                             double start, double end, int steps, boolean geometric) {
        Schedule s = schedule(start, end, steps, geometric);
        Optimizer opt = Optimizer.of(params, optimizer.apply(s));
        double[] lrs = new double[steps], losses = new double[steps];
        double min = Double.POSITIVE_INFINITY;
        int n = 0;
        for (; n < steps; n++) {
            lrs[n] = s.at(n);
            losses[n] = opt.step(closure);
            min = Math.min(min, losses[n]);
            if (!Double.isFinite(losses[n]) || losses[n] > 4 * min + 1e-12 && n > 0) {
                n++;
                break;
            }
        }
        return new Result(java.util.Arrays.copyOf(lrs, n), java.util.Arrays.copyOf(losses, n));
    }
}
