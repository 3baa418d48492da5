package io.vecgrad.optim.schedule;

/**
 * P05 cyclical learning rates (Smith, "Cyclical Learning Rates for Training Neural Networks",
 * WACV 2017), with PyTorch CyclicLR semantics. The rate rises linearly from {@code base} to
 * {@code max} over {@code stepUp} iterations and falls back over {@code stepDown}:
 *
 * <pre>
 * total = up + down;  cycle = ⌊1 + it/total⌋;  x = 1 + it/total − cycle
 * factor = x/ratio if x ≤ ratio else (x − 1)/(ratio − 1)        (ratio = up/total)
 * lr = base + (max − base)·factor·scale
 * triangular: scale = 1;  triangular2: scale = 1/2^(cycle−1);  exp_range: scale = γ^it
 * </pre>
 *
 * With {@code stepUp = stepDown = s} this is the paper's symmetric form
 * {@code x = |it/s − 2·cycle + 1|, lr = base + (max − base)·max(0, 1 − x)·scale}: {@code lr(0) = base},
 * {@code lr(s) = max}, period {@code 2s}.
 *
 * <pre>{@code
 * Schedule clr = Cyclical.triangular(0.001, 0.006, 2000);
 * }</pre>
 */
public final class Cyclical {
    private Cyclical() {}

    /** The amplitude scaling policy. */
    public enum Mode { TRIANGULAR, TRIANGULAR2, EXP_RANGE }

    public static Schedule triangular(double base, double max, long stepSize) {
        return of(Mode.TRIANGULAR, base, max, stepSize, stepSize, 1);
    }

    public static Schedule triangular2(double base, double max, long stepSize) {
        return of(Mode.TRIANGULAR2, base, max, stepSize, stepSize, 1);
    }

    public static Schedule expRange(double base, double max, long stepSize, double gamma) {
        return of(Mode.EXP_RANGE, base, max, stepSize, stepSize, gamma);
    }

    /** The general asymmetric form. */
    public static Schedule of(Mode mode, double base, double max, long stepUp, long stepDown, double gamma) {
        if (stepUp < 1 || stepDown < 1) throw new IllegalArgumentException("Cyclical: step sizes must be >= 1, got " + stepUp + ", " + stepDown);
        double total = stepUp + stepDown;
        double ratio = stepUp / total;
        return it -> {
            double cycle = Math.floor(1 + it / total);
            double x = 1. + it / total - cycle;
            double factor = x <= ratio ? x / ratio : (x - 1) / (ratio - 1);
            double scale = switch (mode) {
                case TRIANGULAR -> 1;
                case TRIANGULAR2 -> 1 / Math.pow(2, cycle - 1);
                case EXP_RANGE -> Math.pow(gamma, it);
            };
            return base + (max - base) * factor * scale;
        };
    }
}
