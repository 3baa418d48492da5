package io.vecgrad.optim.schedule;

/**
 * Reduce-on-plateau as an immutable value (PyTorch ReduceLROnPlateau, mode "min", relative
 * threshold): {@link #observe} returns the next value after one metric; {@link #scale} is the
 * current multiplier, so it composes with any schedule: {@code lr(t) = base.at(t)·plateau.scale()},
 * or {@link #applyTo}. It is a pure function of the metric history.
 *
 * <pre>{@code
 * ReduceOnPlateau rop = ReduceOnPlateau.of(0.1, 10, 1e-4, 0, 1e-3);
 * for (epoch ...) { rop = rop.observe(validationLoss); lr = rop.applyTo(cosine).at(step); }
 * }</pre>
 */
public record ReduceOnPlateau(double factor, int patience, double threshold, int cooldown, double minScale,
                              double best, int badEpochs, int cooldownLeft, double scale) {

    /** A fresh controller: scale 1, no metric seen. */
    public static ReduceOnPlateau of(double factor, int patience, double threshold, int cooldown, double minScale) {
        if (!(factor > 0 && factor < 1)) throw new IllegalArgumentException("ReduceOnPlateau: factor must be in (0, 1), got " + factor);
        if (patience < 0) throw new IllegalArgumentException("ReduceOnPlateau: patience must be >= 0, got " + patience);
        if (!(threshold >= 0 && threshold < 1)) throw new IllegalArgumentException("ReduceOnPlateau: threshold must be in [0, 1), got " + threshold);
        if (cooldown < 0) throw new IllegalArgumentException("ReduceOnPlateau: cooldown must be >= 0, got " + cooldown);
        if (!(minScale >= 0 && minScale <= 1)) throw new IllegalArgumentException("ReduceOnPlateau: minScale must be in [0, 1], got " + minScale);
        return new ReduceOnPlateau(factor, patience, threshold, cooldown, minScale, Double.POSITIVE_INFINITY, 0, 0, 1);
    }

    /** The state after observing {@code metric} (lower is better). */
    public ReduceOnPlateau observe(double metric) {
        double b = best;
        int bad = badEpochs, cd = cooldownLeft;
        double sc = scale;
        if (metric < best * (1 - threshold)) {
            b = metric;
            bad = 0;
        } else {
            bad++;
        }
        if (cd > 0) {
            cd--;
            bad = 0;
        }
        if (bad > patience) {
            sc = Math.max(sc * factor, minScale);
            cd = cooldown;
            bad = 0;
        }
        return new ReduceOnPlateau(factor, patience, threshold, cooldown, minScale, b, bad, cd, sc);
    }

    /** {@code base(t)·scale} with the current scale frozen. */
    public Schedule applyTo(Schedule base) {
        double s = scale;
        return t -> base.at(t) * s;
    }
}
