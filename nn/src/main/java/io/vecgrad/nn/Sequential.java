package io.vecgrad.nn;

import io.vecgrad.autodiff.Variable;

/**
 * Modules applied in order; children are named {@code "0"}, {@code "1"}, ... as in PyTorch,
 * so parameter names read {@code "0.weight"}, {@code "2.bias"}. Adjacent layers that fuse
 * ({@link Module#fusesWith}: a {@code Linear} followed by the built-in ReLU or GELU) run as one
 * fused node, with the same values and gradients as the two layers called in turn.
 *
 * <pre>{@code
 * import io.vecgrad.nn.Module;                    // by name: io.vecgrad.nn.* clashes with java.lang.Module
 * import io.vecgrad.nn.Sequential;
 * import io.vecgrad.nn.layers.Activation;
 * import io.vecgrad.nn.layers.Linear;
 *
 * Module mlp = new Sequential(new Linear(20, 64), Activation.relu(), new Linear(64, 1));
 * }</pre>
 */
public class Sequential extends Module {
    private final Module[] layers;

    public Sequential(Module... layers) {
        this.layers = layers.clone();
        for (int i = 0; i < layers.length; i++) child(Integer.toString(i), layers[i]);
    }

    @Override
    public Variable forward(Variable x) {
        // Values between layers belong to the graph: recycled once backward went past them.
        try (io.vecgrad.autodiff.ForwardScope s = io.vecgrad.autodiff.ForwardScope.open()) {
            for (int i = 0; i < layers.length; i++) {
                Module m = layers[i];
                if (i + 1 < layers.length && m.fusesWith(layers[i + 1])) {
                    // e.g. Linear then the built-in ReLU/GELU: one fused node, same bits (both audited library classes).
                    x = m.forwardThen(layers[++i], x);
                } else {
                    x = call(m, x);
                }
            }
            return s.output(x);
        }
    }

    @Override
    protected boolean forwardKeepsNoValues() {
        return getClass() == Sequential.class;
    }

    /** Layer {@code i}. */
    public Module get(int i) {
        return layers[i];
    }

    public int size() {
        return layers.length;
    }
}
