package io.vecgrad.nn.models;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.Init;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.layers.Activation;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;

/**
 * The two-layer network of P04/P12: {@code f(x) = Σ_j a_j φ(w_j·x)} for x {@code [N, d]},
 * output {@code [N]}. The hidden layer {@code hidden.weight [m, d]} (no bias) starts from
 * N(0, ω²); the output layer is either trained ({@code output.weight [1, m]}, init ±1/√m) or
 * fixed at ±1/√m (first half +, second half −) as the buffer {@code output_fixed}.
 *
 * <pre>{@code
 * // P04: Huberized ReLU (h = 0.5), width 200, fixed output layer, ω = 0.01
 * TwoLayerNet net = new TwoLayerNet(2, 200, Activation.huberizedRelu(0.5), false, 0.01, new Rng(0), DType.FLOAT64);
 * Variable f = net.forward(x);                          // [N]
 * Variable loss = Losses.binaryLogistic(f, y);
 * }</pre>
 */
public class TwoLayerNet extends Module {
    private final int d, m;
    private final boolean trainOutput;

    public TwoLayerNet(int d, int m, Activation act, boolean trainOutput, double initStd, Rng rng, DType dtype) {
        this.d = d;
        this.m = m;
        this.trainOutput = trainOutput;
        Linear hidden = child("hidden", new Linear(d, m, false, dtype));
        hidden.setInitializer("weight", Init.normal(initStd));
        child("activation", act);
        Tensor signs = signs(m, dtype);
        if (trainOutput) {
            Linear out = child("output", new Linear(m, 1, false, dtype));
            out.setInitializer("weight", (r, dt, shape) -> signs.reshape(1, m).to(dt).copy());
        } else {
            buffer("output_fixed", signs);
        }
        initialize(rng);
    }

    /** ±1/√m: the first ⌈m/2⌉ entries positive, the rest negative. */
    static Tensor signs(int m, DType dtype) {
        double[] a = new double[m];
        for (int j = 0; j < m; j++) a[j] = (j < (m + 1) / 2 ? 1 : -1) / Math.sqrt(m);
        return Tensor.of(a, m).to(dtype);
    }

    @Override
    public Variable forward(Variable x) {
        if (x.shape().length != 2 || x.shape()[1] != d) throw shapeError("[N," + d + "]", x.shape());
        Variable h = children().get("activation").forward(children().get("hidden").forward(x));
        if (trainOutput) return children().get("output").forward(h).reshape(x.shape()[0]);
        return h.matmul(Variable.constant(b("output_fixed")));
    }

    @Override
    public String toString() {
        return "TwoLayerNet(d=" + d + ", m=" + m + (trainOutput ? ", trained output" : ", fixed output") + ")";
    }
}
