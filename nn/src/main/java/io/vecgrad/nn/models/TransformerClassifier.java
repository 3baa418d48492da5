package io.vecgrad.nn.models;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.layers.Activation;
import io.vecgrad.nn.layers.Embedding;
import io.vecgrad.nn.layers.LayerNorm;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.nn.layers.SinusoidalPositionalEncoding;
import io.vecgrad.nn.layers.TransformerEncoderBlock;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.random.Rng;

/**
 * A small sequence classifier: token embedding + sinusoidal positions, {@code layers} pre-LN
 * encoder blocks (GELU), a final LayerNorm, mean pooling over time and a linear head.
 * Input: token ids {@code [B, T]} (INT64); output: logits {@code [B, classes]}.
 *
 * <pre>{@code
 * TransformerClassifier net = new TransformerClassifier(100, 32, 64, 4, 128, 2, 5, 0.1, new Rng(0), DType.FLOAT32);
 * Variable logits = net.forward(Variable.constant(ids));
 * }</pre>
 */
public class TransformerClassifier extends Module {
    private final int layers;

    public TransformerClassifier(int vocab, int maxLen, int d, int heads, int ff, int layers, int classes, double dropout,
                                 Rng rng, DType dtype) {
        this.layers = layers;
        child("embed", new Embedding(vocab, d, dtype));
        child("pos", new SinusoidalPositionalEncoding(maxLen, d));
        for (int i = 0; i < layers; i++) {
            child("block" + i, new TransformerEncoderBlock(d, heads, ff, Activation.gelu(), true, dropout, false, dtype));
        }
        child("norm", new LayerNorm(new int[] {d}, 1e-5, true, dtype));
        child("head", new Linear(d, classes, true, dtype));
        initialize(rng);
    }

    @Override
    public Variable forward(Variable ids) {
        if (ids.shape().length != 2) throw shapeError("token ids [B,T]", ids.shape());
        Variable h = children().get("pos").forward(children().get("embed").forward(ids));
        for (int i = 0; i < layers; i++) h = children().get("block" + i).forward(h);
        h = children().get("norm").forward(h).mean(1);
        return children().get("head").forward(h);
    }
}
