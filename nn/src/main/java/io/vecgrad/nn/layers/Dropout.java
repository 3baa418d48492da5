package io.vecgrad.nn.layers;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.autodiff.ops.FusedDropout;
import io.vecgrad.nn.Module;
import io.vecgrad.tensor.random.Rng;

/**
 * Inverted dropout: in training mode each element is zeroed with probability p and the rest
 * scaled by 1/(1−p); identity in eval mode. Randomness is reproducible: the mask of the k-th
 * call after {@code model.setRng(stepRng)} comes from {@code stepRng.split(path).split(k)}, so
 * setting {@code root.split(step)} before every step makes a resumed run repeat the same masks.
 *
 * <pre>{@code
 * model.setRng(root.split("dropout").split(step));
 * Variable y = model.forward(x);
 * }</pre>
 */
public class Dropout extends Module {
    private final double p;
    private Rng rng = new Rng(0);
    private long calls;

    public Dropout(double p) {
        if (!(p >= 0 && p < 1)) throw new IllegalArgumentException("Dropout: p must be in [0, 1), got " + p);
        this.p = p;
    }

    @Override
    protected void onRng(Rng r) {
        rng = r;
        calls = 0;
    }

    @Override
    public Variable forward(Variable x) {
        if (!isTraining() || p == 0) return x;
        // The mask is drawn inside the kernel, forward and backward, from the same stream the
        // composed form (FusedDropout.dropoutComposed) draws it from: the same bits, no mask tensor.
        return FusedDropout.dropout(x, rng.split(calls++), p);
    }

    @Override
    public String toString() {
        return "Dropout(p=" + p + ")";
    }

    @Override
    protected boolean forwardKeepsNoValues() {
        return getClass() == Dropout.class;
    }
}
