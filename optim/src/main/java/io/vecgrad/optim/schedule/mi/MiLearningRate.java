package io.vecgrad.optim.schedule.mi;

/**
 * P18's MI-driven decaying learning rate as an immutable controller (Vasudevan, "Mutual
 * Information Based Learning Rate Decay for Stochastic Gradient Descent Training of Deep
 * Neural Networks", Entropy 22(5):560, 2020; precursor arXiv:1805.07249).
 *
 * <p><b>Source of the rule.</b> The stored material holds the paper's abstract and outline
 * (Algorithm 1 "MI-based decaying LR SGD", Algorithm 2 "LR Range Test"): MI between the
 * network's output and the true labels, measured every epoch, sets the LR, decaying, within
 * bounds from an LR range test; the same per layer. The algorithm's body was not in the stored
 * text, so the mapping follows the spec's reconstruction (first-order.md P18, [reconstructed]):
 *
 * <pre>
 *   NMI_e = I(Y; Ŷ)/H(Y) at the end of epoch e
 *   if NMI_e − NMI_ref ≥ τ:   lr ← clip(LR_max·(1 − NMI_e), LR_min, lr)   (never increases);   NMI_ref ← NMI_e
 * </pre>
 *
 * The starting rate is {@code LR_max} unless given, {@code NMI_ref} starts at 0.
 *
 * <pre>{@code
 * MiLearningRate c = MiLearningRate.of(0.5, 0.01, 0.02);    // LR_max, LR_min, threshold τ
 * c = c.observe(0.6);                                        // lr = clip(0.5·0.4, 0.01, 0.5) = 0.2
 * double lr = c.lr();
 * }</pre>
 */
public record MiLearningRate(double lrMax, double lrMin, double threshold, double lr, double nmiRef) {
    public MiLearningRate {
        if (!(lrMin > 0 && lrMin <= lrMax)) throw new IllegalArgumentException("MiLearningRate: need 0 < lrMin <= lrMax, got lrMin=" + lrMin + ", lrMax=" + lrMax);
        if (!(threshold >= 0)) throw new IllegalArgumentException("MiLearningRate: threshold must be >= 0, got " + threshold);
        if (!(lr >= lrMin && lr <= lrMax)) throw new IllegalArgumentException("MiLearningRate: lr " + lr + " outside [" + lrMin + ", " + lrMax + "]");
    }

    /** Starts at {@code lrMax} with reference NMI 0. */
    public static MiLearningRate of(double lrMax, double lrMin, double threshold) {
        return new MiLearningRate(lrMax, lrMin, threshold, lrMax, 0);
    }

    /** The same controller starting from {@code start} (the paper's optional starting LR). */
    public MiLearningRate startingAt(double start) {
        return new MiLearningRate(lrMax, lrMin, threshold, start, nmiRef);
    }

    /** The controller after observing this epoch's normalised MI (in [0, 1]). */
    public MiLearningRate observe(double nmi) {
        if (!(nmi >= 0 && nmi <= 1 + 1e-12)) throw new IllegalArgumentException("MiLearningRate.observe: normalised MI must be in [0, 1], got " + nmi);
        if (nmi - nmiRef < threshold) return this;
        double next = Math.min(lr, Math.max(lrMin, lrMax * (1 - nmi)));
        return new MiLearningRate(lrMax, lrMin, threshold, next, nmi);
    }
}
