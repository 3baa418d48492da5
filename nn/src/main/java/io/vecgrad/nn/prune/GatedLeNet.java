package io.vecgrad.nn.prune;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.autodiff.ops.Conv;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.models.LeNet;
import io.vecgrad.tensor.Convolution.Conv2dSpec;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.random.Rng;

/**
 * {@link LeNet} with L0 gates: gated {@code c1}, {@code c2} (convolutions) and {@code fc}, same
 * architecture and parameter names plus {@code gate_logits}, so {@link #export()} returns a plain
 * {@code LeNet} whose outputs equal this model's in eval (deterministic) mode. Weights start from
 * {@code rng} exactly as the plain LeNet's do.
 *
 * <pre>{@code
 * GatedLeNet g = GatedLeNet.fashion(Structure.WEIGHTS, DiffPruneGate.standard(), new Rng(1));
 * Variable logits = g.forward(x);          // [N, 1, 28, 28] → [N, 10]
 * LeNet sparse = g.export();               // gates folded in: exact zeros
 * }</pre>
 */
public class GatedLeNet extends Module {
    private final int inChannels, size, c1, c2, kernel, classes;
    private final DType dtype;

    public GatedLeNet(int inChannels, int size, int c1, int c2, int kernel, int classes, Structure structure, GateFunction gate, Rng rng, DType dtype) {
        if (size % 4 != 0) throw new IllegalArgumentException("GatedLeNet: image size " + size + " must be divisible by 4");
        this.inChannels = inChannels;
        this.size = size;
        this.c1 = c1;
        this.c2 = c2;
        this.kernel = kernel;
        this.classes = classes;
        this.dtype = dtype;
        Conv2dSpec spec = Conv2dSpec.of(1, kernel / 2);
        child("c1", new GatedConv2d(inChannels, c1, kernel, spec, true, structure, gate, dtype));
        child("c2", new GatedConv2d(c1, c2, kernel, spec, true, structure, gate, dtype));
        child("fc", new GatedLinear(c2 * (size / 4) * (size / 4), classes, true, structure, gate, dtype));
        initialize(rng);
    }

    /** The classic LeNet widths for 28×28 images (Fashion-MNIST): 1→6→16 channels, 5×5 kernels, 10 classes. */
    public static GatedLeNet fashion(Structure structure, GateFunction gate, Rng rng) {
        return new GatedLeNet(1, 28, 6, 16, 5, 10, structure, gate, rng, DType.FLOAT32);
    }

    /** The plain LeNet of the same architecture (what {@link #export()} fills). */
    public LeNet plain() {
        return new LeNet(inChannels, size, c1, c2, kernel, classes, new Rng(0), dtype);
    }

    /** A plain LeNet with the deterministic gates folded into its weights. */
    public LeNet export() {
        LeNet m = plain();
        m.loadStateDict(Pruning.exportStateDict(this));
        return m;
    }

    @Override
    public Variable forward(Variable x) {
        int[] s = x.shape();
        if (s.length != 4 || s[2] != size || s[3] != size) throw shapeError("[N,C," + size + "," + size + "]", s);
        Variable h = Conv.maxPool2d(children().get("c1").forward(x).relu(), 2, 2, 0);
        h = Conv.maxPool2d(children().get("c2").forward(h).relu(), 2, 2, 0);
        return children().get("fc").forward(h.reshape(s[0], c2 * (size / 4) * (size / 4)));
    }

    @Override
    public String toString() {
        return "GatedLeNet(" + size + "x" + size + ")";
    }
}
