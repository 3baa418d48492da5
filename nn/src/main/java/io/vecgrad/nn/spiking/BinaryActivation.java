package io.vecgrad.nn.spiking;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.Module;

/**
 * A layer of binary-activation (spiking) neurons: outputs {@code [z ≥ 0]} and trains through
 * a {@link Surrogate} gradient (P23's classification layers with binary activations). Put it
 * after a {@code Linear} whose bias plays the threshold.
 *
 * <pre>{@code
 * import io.vecgrad.nn.Module;
 * import io.vecgrad.nn.Sequential;
 * import io.vecgrad.nn.layers.Linear;
 * import io.vecgrad.nn.spiking.BinaryActivation;
 * import io.vecgrad.nn.spiking.Surrogate;
 *
 * Module net = new Sequential(new Linear(64, 100), new BinaryActivation(Surrogate.clippedRelu(0.125)),
 *         new Linear(100, 10));
 * }</pre>
 */
public final class BinaryActivation extends Module {
    private final Surrogate surrogate;

    public BinaryActivation(Surrogate surrogate) {
        if (surrogate == null) throw new IllegalArgumentException("BinaryActivation: surrogate is null");
        this.surrogate = surrogate;
    }

    public Surrogate surrogate() {
        return surrogate;
    }

    @Override
    public Variable forward(Variable x) {
        return Spike.apply(x, surrogate);
    }

    @Override
    public String toString() {
        return "BinaryActivation(" + surrogate.name() + ")";
    }
}
