package io.vecgrad.nn;

import io.vecgrad.autodiff.Variable;

/**
 * Modules applied in order; children are named {@code "0"}, {@code "1"}, ... as in PyTorch,
 * so parameter names read {@code "0.weight"}, {@code "2.bias"}.
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
            for (Module m : layers) x = call(m, x);
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
