package io.vecgrad.nn.spiking;

/**
 * The stand-in derivative a binary (spiking) activation uses in its backward pass. The forward
 * of a spiking neuron is the Heaviside step {@code H(z) = [z ≥ 0]}, whose derivative is zero
 * almost everywhere; a surrogate replaces it by {@link #derivative(double)}, the derivative of a
 * proxy function {@link #proxy(double)} that {@link Spike#relaxed} evaluates (so a gradient
 * check of the relaxed layer tests exactly the backward rule the spiking layer uses).
 *
 * <p>Sources. {@link #straightThrough()} is the hard-tanh straight-through estimator (Bengio,
 * Léonard, Courville 2013; Hubara et al. 2016: pass the gradient where {@code |z| ≤ 1}).
 * {@link #clippedRelu(double)} is Vaila, Chiasson and Saxena's surrogate (P23), as written in
 * their SpykeFlow code (notebooks {@code surrogate_approximations} and
 * {@code spike_mnist_ar1_final_true_grad}, function {@code spkPrime1}): the proxy is the clipped
 * ReLU {@code min(max(z, 0), τ)} and the gradient is 1 on {@code [0, τ]}, 0 elsewhere.
 * {@link #sigmoid(double)} is the smooth sigmoid surrogate {@code σ(kz)} (Neftci, Mostafa,
 * Zenke 2019), the one to use where a smooth gradient check is wanted.
 *
 * <pre>{@code
 * Surrogate s = Surrogate.clippedRelu(0.125);
 * double g = s.derivative(0.05);   // 1.0: inside the clipping window
 * }</pre>
 */
public interface Surrogate {
    /** The proxy whose derivative stands in for the step's: evaluated by {@link Spike#relaxed}. */
    double proxy(double z);

    /** The backward multiplier at pre-activation {@code z}. */
    double derivative(double z);

    /** A short name for logs. */
    String name();

    /** Hard-tanh straight-through: proxy {@code clamp(z, −1, 1)}, gradient {@code [|z| ≤ 1]}. */
    static Surrogate straightThrough() {
        return new Surrogate() {
            public double proxy(double z) { return Math.max(-1, Math.min(1, z)); }
            public double derivative(double z) { return Math.abs(z) <= 1 ? 1 : 0; }
            public String name() { return "straight-through"; }
        };
    }

    /**
     * The paper's clipped-ReLU surrogate (P23, SpykeFlow): proxy {@code min(max(z, 0), τ)},
     * gradient 1 on {@code [0, τ]}.
     *
     * @param tau the window width, positive (the paper's notebooks use 0.125)
     */
    static Surrogate clippedRelu(double tau) {
        if (!(tau > 0) || !Double.isFinite(tau)) {
            throw new IllegalArgumentException("Surrogate.clippedRelu: tau must be positive and finite, got " + tau);
        }
        return new Surrogate() {
            public double proxy(double z) { return Math.max(0, Math.min(tau, z)); }
            public double derivative(double z) { return z >= 0 && z <= tau ? 1 : 0; }
            public String name() { return "clipped-relu(" + tau + ")"; }
        };
    }

    /** Smooth sigmoid surrogate: proxy {@code σ(kz)}, gradient {@code k σ(kz)(1 − σ(kz))}. */
    static Surrogate sigmoid(double k) {
        if (!(k > 0) || !Double.isFinite(k)) {
            throw new IllegalArgumentException("Surrogate.sigmoid: slope k must be positive and finite, got " + k);
        }
        return new Surrogate() {
            public double proxy(double z) { return 1 / (1 + Math.exp(-k * z)); }
            public double derivative(double z) {
                double s = proxy(z);
                return k * s * (1 - s);
            }
            public String name() { return "sigmoid(" + k + ")"; }
        };
    }
}
