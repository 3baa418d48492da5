package io.vecgrad.nn.moe;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.nn.layers.SinusoidalPositionalEncoding;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.random.Rng;

/**
 * A sequence classifier with MoE blocks: input {@code [N, T, F]} (e.g. the rows of an image as T
 * tokens of F pixels) → Linear to d → sinusoidal positions → {@link TokenEncoder} → Linear head.
 * Add {@link MoeLayer#auxiliaryLoss(Module)} to the training loss to balance the experts.
 *
 * <pre>{@code
 * import io.vecgrad.nn.moe.MoeOptions;
 * import io.vecgrad.nn.moe.MoeRowClassifier;
 * import io.vecgrad.tensor.random.Rng;
 *
 * MoeRowClassifier net = new MoeRowClassifier(8, 8, 32, 2, 64, 2, MoeOptions.tokensChoose(4, 1), 10, new Rng(42));
 * }</pre>
 */
public final class MoeRowClassifier extends Module {
    public MoeRowClassifier(int tokens, int features, int d, int heads, int ff, int layers, MoeOptions moe, int classes, Rng rng) {
        child("proj", new Linear(features, d, true, DType.FLOAT32));
        child("pos", new SinusoidalPositionalEncoding(tokens, d));
        child("encoder", new TokenEncoder(d, heads, ff, layers, moe, 1, DType.FLOAT32));
        child("head", new Linear(d, classes, true, DType.FLOAT32));
        initialize(rng);
    }

    @Override
    public Variable forward(Variable x) {
        if (x.shape().length != 3) throw shapeError("[N,T,F]", x.shape());
        Variable h = children().get("pos").forward(children().get("proj").forward(x));
        return children().get("head").forward(children().get("encoder").forward(h));
    }

    @Override
    public String toString() {
        return "MoeRowClassifier";
    }
}
