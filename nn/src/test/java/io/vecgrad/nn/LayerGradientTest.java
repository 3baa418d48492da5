package io.vecgrad.nn;

import io.vecgrad.autodiff.GradCheck;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.layers.Activation;
import io.vecgrad.nn.layers.Activations;
import io.vecgrad.nn.layers.AvgPool2d;
import io.vecgrad.nn.layers.BatchNorm;
import io.vecgrad.nn.layers.Conv2d;
import io.vecgrad.nn.layers.Embedding;
import io.vecgrad.nn.layers.Flatten;
import io.vecgrad.nn.layers.LayerNorm;
import io.vecgrad.nn.layers.LearnedPositionalEncoding;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.nn.layers.MaxPool2d;
import io.vecgrad.nn.layers.MultiHeadAttention;
import io.vecgrad.nn.layers.SinusoidalPositionalEncoding;
import io.vecgrad.nn.layers.TransformerEncoderBlock;
import io.vecgrad.nn.losses.Losses;
import io.vecgrad.nn.losses.Reduction;
import io.vecgrad.nn.models.LeNet;
import io.vecgrad.nn.models.TwoLayerNet;
import io.vecgrad.tensor.Convolution.Conv2dSpec;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Every layer, activation, loss and model family through the autodiff gradient checker in
 * float64, differentiating with respect to the input and all parameters at once (parameters
 * are passed through {@link Functional#call}, which also tests the functional form).
 */
class LayerGradientTest {

    /** Checks d(module(x))/d(x, params) against finite differences; second order too when asked. */
    private static void check(Module m, Tensor x, boolean inputDifferentiable, boolean secondOrder, long seed) {
        m.to(DType.FLOAT64);
        Map<String, Variable> params = m.namedParameters();
        List<String> names = new ArrayList<>(params.keySet());
        Tensor[] inputs = new Tensor[names.size() + 1];
        inputs[0] = x;
        for (int i = 0; i < names.size(); i++) inputs[i + 1] = params.get(names.get(i)).value().copy();
        io.vecgrad.autodiff.Autodiff.MultiFunction f = v -> {
            Map<String, Variable> sub = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) sub.put(names.get(i), v[i + 1]);
            Variable in = inputDifferentiable ? v[0] : Variable.constant(x);
            return Functional.call(m, sub, in);
        };
        GradCheck.Options o = GradCheck.options().seed(seed);
        try {
            if (secondOrder) GradCheck.checkSecondOrder(f, o, inputs);
            else GradCheck.check(f, o, inputs);
        } catch (AssertionError e) {
            throw new AssertionError(m + ": " + e.getMessage(), e);
        }
    }

    private static Tensor normal(Rng r, int... shape) {
        return r.normal(DType.FLOAT64, 0, 1, shape);
    }

    @Property(tries = 3)
    void denseLayersAndNormalizations(@ForAll long seed) {
        Rng r = new Rng(seed);
        check(new Linear(4, 3), normal(r, 2, 4), true, true, seed);
        check(new LayerNorm(5), normal(r, 2, 3, 5), true, true, seed);
        check(new BatchNorm(3), normal(r, 4, 3), true, true, seed);
        check(new BatchNorm(2), normal(r, 3, 2, 3, 3), true, false, seed);
        check(new BatchNorm(2).eval(), normal(r, 3, 2, 3, 3), true, true, seed);
        check(new Sequential(new Linear(3, 4), Activation.tanh(), new Linear(4, 2)), normal(r, 5, 3), true, true, seed);
    }

    @Property(tries = 3)
    void convolutionAndPoolingLayers(@ForAll long seed) {
        Rng r = new Rng(seed);
        check(new Conv2d(2, 3, 3, Conv2dSpec.of(1, 1), true, DType.FLOAT64), normal(r, 2, 2, 5, 5), true, true, seed);
        check(new Sequential(new MaxPool2d(2), new Flatten()), normal(r, 2, 2, 4, 4), true, true, seed);
        check(new AvgPool2d(3, 2, 1), normal(r, 1, 2, 5, 5), true, true, seed);
        check(new LeNet(1, 8, 2, 3, 3, 4, new Rng(seed), DType.FLOAT64), normal(r, 2, 1, 8, 8), true, false, seed);
    }

    @Property(tries = 2)
    void attentionAndTransformerLayers(@ForAll long seed) {
        Rng r = new Rng(seed);
        check(new MultiHeadAttention(4, 2, false), normal(r, 2, 3, 4), true, true, seed);
        check(new MultiHeadAttention(4, 2, true), normal(r, 1, 4, 4), true, false, seed);
        check(new TransformerEncoderBlock(4, 2, 6, Activation.gelu(), true, 0, false, DType.FLOAT64), normal(r, 2, 3, 4), true, false, seed);
        check(new TransformerEncoderBlock(4, 2, 6, Activation.tanh(), false, 0, true, DType.FLOAT64), normal(r, 1, 3, 4), true, false, seed);
        check(new SinusoidalPositionalEncoding(5, 4), normal(r, 2, 3, 4), true, true, seed);
        check(new LearnedPositionalEncoding(5, 4, DType.FLOAT64), normal(r, 2, 3, 4), true, true, seed);
        check(new Embedding(6, 3, DType.FLOAT64), Tensor.of(new long[] {1, 5, 1, 0}, 2, 2), false, true, seed);
    }

    @Property(tries = 3)
    void activations(@ForAll long seed) {
        Rng r = new Rng(seed);
        // values with |x| ≥ 0.2 and away from the Huberized ReLU's knee at h = 1, so no kink lies within ε
        Tensor u = r.uniform(DType.FLOAT64, 0.2, 3, 3, 4);
        Tensor x = u.mul(r.rademacher(DType.FLOAT64, 3, 4));
        x = Tensor.where(x.sub(1).abs().lt(0.1), x.add(0.3), x);
        for (Activation a : new Activation[] {Activation.relu(), Activation.leakyRelu(0.1), Activation.gelu(), Activation.tanh(),
                Activation.sigmoid(), Activation.softplus(), Activation.huberizedRelu(1.0)}) {
            check(a, x, true, true, seed);
        }
        check(new TwoLayerNet(3, 4, Activation.huberizedRelu(0.5), false, 1.0, new Rng(seed), DType.FLOAT64), normal(r, 5, 3), true, true, seed);
        check(new TwoLayerNet(3, 4, Activation.relu(), true, 1.0, new Rng(seed), DType.FLOAT64), normal(r, 5, 3), false, false, seed);
    }

    @Property(tries = 4)
    void losses(@ForAll long seed) {
        Rng r = new Rng(seed);
        Tensor labels = r.randint(0, 4, 5), t = normal(r, 5, 4), y = r.rademacher(DType.FLOAT64, 5);
        // keep |pred − target| away from the Huber threshold and 1 − y·f away from 0
        Tensor p = t.add(r.uniform(DType.FLOAT64, 0.1, 0.5, 5, 4).mul(r.rademacher(DType.FLOAT64, 5, 4)));
        Tensor f = y.mul(r.uniform(DType.FLOAT64, 1.2, 3, 5)).mul(Tensor.where(r.bernoulli(DType.FLOAT64, 0.5, 5).gt(0), Tensor.scalar(DType.FLOAT64, 1), Tensor.scalar(DType.FLOAT64, -0.1)));
        GradCheck.checkSecondOrder(v -> Losses.crossEntropy(v[0], labels, 0.1, Reduction.MEAN), GradCheck.options().seed(seed), normal(r, 5, 4));
        GradCheck.checkSecondOrder(v -> Losses.nll(v[0].logSoftmax(1), labels, Reduction.SUM), GradCheck.options().seed(seed), normal(r, 5, 4));
        GradCheck.checkSecondOrder(v -> Losses.mse(v[0], v[1], Reduction.NONE), GradCheck.options().seed(seed), p, t);
        GradCheck.checkSecondOrder(v -> Losses.huber(v[0], Variable.constant(t), 0.3, Reduction.SUM), GradCheck.options().seed(seed), p);
        GradCheck.checkSecondOrder(v -> Losses.binaryLogistic(v[0], Variable.constant(y)), GradCheck.options().seed(seed), f);
        GradCheck.check(v -> Losses.hinge(v[0], Variable.constant(y), Reduction.MEAN), GradCheck.options().seed(seed), f);
    }
}
