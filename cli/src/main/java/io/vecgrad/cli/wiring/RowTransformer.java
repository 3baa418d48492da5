package io.vecgrad.cli.wiring;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.layers.Activation;
import io.vecgrad.nn.layers.LayerNorm;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.nn.layers.SinusoidalPositionalEncoding;
import io.vecgrad.nn.layers.TransformerEncoderBlock;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.random.Rng;

/**
 * A small transformer classifier over continuous tokens: input {@code [N, T, F]} (e.g. the
 * rows of an image as T tokens of F pixels) → linear projection to d → sinusoidal positions →
 * pre-LN encoder blocks → LayerNorm → mean over tokens → linear head. The same body as nn's
 * {@code TransformerClassifier}, with a projection in place of the token embedding.
 *
 * <pre>{@code
 * import io.vecgrad.cli.wiring.RowTransformer;
 * import io.vecgrad.nn.Module;
 * import io.vecgrad.tensor.random.Rng;
 *
 * Module m = new RowTransformer(8, 8, 32, 4, 64, 2, 10, new Rng(42));   // 8x8 digits
 * }</pre>
 */
public final class RowTransformer extends Module {
    private final int layers;

    public RowTransformer(int tokens, int features, int d, int heads, int ff, int layers, int classes, Rng rng) {
        this.layers = layers;
        child("proj", new Linear(features, d, true, DType.FLOAT32));
        child("pos", new SinusoidalPositionalEncoding(tokens, d));
        for (int i = 0; i < layers; i++) {
            child("block" + i, new TransformerEncoderBlock(d, heads, ff, Activation.gelu(), true, 0.0, false, DType.FLOAT32));
        }
        child("norm", new LayerNorm(new int[] {d}, 1e-5, true, DType.FLOAT32));
        child("head", new Linear(d, classes, true, DType.FLOAT32));
        initialize(rng);
    }

    @Override
    public Variable forward(Variable x) {
        if (x.shape().length != 3) {
            throw shapeError("[N,T,F]", x.shape());
        }
        Variable h = children().get("pos").forward(children().get("proj").forward(x));
        for (int i = 0; i < layers; i++) {
            h = children().get("block" + i).forward(h);
        }
        return children().get("head").forward(children().get("norm").forward(h).mean(1));
    }

    @Override
    public String toString() {
        return "RowTransformer(layers=" + layers + ")";
    }
}
