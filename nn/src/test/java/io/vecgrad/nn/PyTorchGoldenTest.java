package io.vecgrad.nn;

import static io.vecgrad.nn.Golden.close;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.layers.Activation;
import io.vecgrad.nn.layers.AvgPool2d;
import io.vecgrad.nn.layers.BatchNorm;
import io.vecgrad.nn.layers.Conv2d;
import io.vecgrad.nn.layers.Embedding;
import io.vecgrad.nn.layers.LayerNorm;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.nn.layers.MaxPool2d;
import io.vecgrad.nn.layers.MultiHeadAttention;
import io.vecgrad.nn.layers.TransformerEncoderBlock;
import io.vecgrad.nn.losses.Losses;
import io.vecgrad.nn.losses.Reduction;
import io.vecgrad.nn.models.LeNet;
import io.vecgrad.tensor.Convolution.Conv2dSpec;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Layer-by-layer agreement with PyTorch 1.13 in float64: weights are loaded from PyTorch's
 * state dict by name (which also checks that names and shapes are PyTorch's), then outputs
 * and, where recorded, parameter and input gradients of {@code sum(y·u)} are compared.
 */
class PyTorchGoldenTest {
    private static final double TOL = 1e-10;

    /** Loads the golden state, runs x, compares y and the recorded gradients. */
    private static void check(String name, Module m) {
        Map<String, Tensor> g = Golden.read(name);
        m.to(DType.FLOAT64);
        m.loadStateDict(Golden.state(g, "state."));
        Variable x = Variable.parameter(g.get("x"));
        Variable y = m.forward(x);
        close(g.get("y"), y.value(), TOL, name + " output");
        if (g.containsKey("u")) {
            y.backward(g.get("u"));
            close(g.get("grad.x"), x.grad(), TOL, name + " input gradient");
            m.namedParameters().forEach((k, p) -> close(g.get("grad." + k), p.grad(), TOL, name + " gradient of " + k));
        }
    }

    @Test
    void linear() {
        check("linear", new Linear(5, 3));
    }

    @Test
    void conv2dWithStridePaddingAndGroups() {
        check("conv2d", new Conv2d(4, 6, 3, new Conv2dSpec(2, 2, 1, 1, 1, 1, 2), true, DType.FLOAT64));
    }

    @Test
    void pooling() {
        Map<String, Tensor> g = Golden.read("maxpool2d");
        close(g.get("y"), new MaxPool2d(3, 2, 1).forward(g.get("x")).value(), TOL, "maxpool2d");
        g = Golden.read("avgpool2d");
        close(g.get("y"), new AvgPool2d(3, 2, 1).forward(g.get("x")).value(), TOL, "avgpool2d");
    }

    @Test
    void batchNorm2dTrainingUpdatesRunningStatsAsPyTorch() {
        Map<String, Tensor> g = Golden.read("batchnorm2d");
        BatchNorm bn = new BatchNorm(3, 1e-5, 0.1, DType.FLOAT64);
        bn.loadStateDict(Golden.state(g, "state0."));
        close(g.get("y"), bn.forward(g.get("x")).value(), TOL, "batchnorm2d train");
        close(g.get("y_train2"), bn.forward(g.get("x").mul(0.5)).value(), TOL, "batchnorm2d second train step");
        Map<String, Tensor> after = Golden.state(g, "state.");
        bn.stateDict().forEach((k, t) -> close(after.get(k), t, TOL, "batchnorm2d " + k));
        bn.eval();
        close(g.get("y_eval"), bn.forward(g.get("x")).value(), TOL, "batchnorm2d eval");
    }

    @Test
    void batchNorm1d() {
        Map<String, Tensor> g = Golden.read("batchnorm1d");
        BatchNorm bn = new BatchNorm(6, 1e-5, 0.1, DType.FLOAT64);
        bn.loadStateDict(Golden.state(g, "state0."));
        close(g.get("y"), bn.forward(g.get("x")).value(), TOL, "batchnorm1d train");
        bn.eval();
        close(g.get("y_eval"), bn.forward(g.get("x")).value(), TOL, "batchnorm1d eval");
        assertEquals(1L, bn.stateDict().get("num_batches_tracked").toLongArray()[0]);
    }

    @Test
    void layerNorm() {
        check("layernorm", new LayerNorm(6));
    }

    @Test
    void embedding() {
        Map<String, Tensor> g = Golden.read("embedding");
        Embedding e = new Embedding(10, 4, DType.FLOAT64);
        e.loadStateDict(Golden.state(g, "state."));
        close(g.get("y"), e.forward(g.get("ids")).value(), TOL, "embedding");
    }

    @Test
    void multiHeadAttention() {
        check("mha", new MultiHeadAttention(8, 2, false));
        check("mha_causal", new MultiHeadAttention(8, 2, true));
    }

    @Test
    void transformerEncoderBlockPreAndPostLayerNorm() {
        check("encoder_preln", new TransformerEncoderBlock(8, 2, 16, Activation.relu(), true, 0, false, DType.FLOAT64));
        check("encoder_postln", new TransformerEncoderBlock(8, 2, 16, Activation.relu(), false, 0, false, DType.FLOAT64));
    }

    @Test
    void activations() {
        Map<String, Tensor> g = Golden.read("activations");
        Tensor x = g.get("x");
        close(g.get("relu"), Activation.relu().forward(x).value(), TOL, "relu");
        close(g.get("leaky_relu"), Activation.leakyRelu(0.1).forward(x).value(), TOL, "leaky_relu");
        close(g.get("gelu"), Activation.gelu().forward(x).value(), 1e-9, "gelu");
        close(g.get("tanh"), Activation.tanh().forward(x).value(), TOL, "tanh");
        close(g.get("sigmoid"), Activation.sigmoid().forward(x).value(), TOL, "sigmoid");
        close(g.get("softplus"), Activation.softplus().forward(x).value(), TOL, "softplus");
    }

    @Test
    void losses() {
        Map<String, Tensor> g = Golden.read("losses");
        Variable logits = Variable.constant(g.get("logits"));
        Tensor labels = g.get("labels");
        close(g.get("cross_entropy"), Losses.crossEntropy(logits, labels).value(), TOL, "cross_entropy");
        close(g.get("cross_entropy_smooth"), Losses.crossEntropy(logits, labels, 0.1, Reduction.MEAN).value(), TOL, "label smoothing");
        close(g.get("cross_entropy_none"), Losses.crossEntropy(logits, labels, 0, Reduction.NONE).value(), TOL, "reduction none");
        close(g.get("nll_sum"), Losses.nll(logits.logSoftmax(1), labels, Reduction.SUM).value(), TOL, "nll");
        Variable pred = Variable.constant(g.get("pred")), target = Variable.constant(g.get("target"));
        close(g.get("mse"), Losses.mse(pred, target).value(), TOL, "mse");
        close(g.get("huber"), Losses.huber(pred, target, 0.7, Reduction.MEAN).value(), TOL, "huber");
        Variable f = Variable.constant(g.get("f")), y = Variable.constant(g.get("ysign"));
        close(g.get("logistic"), Losses.binaryLogistic(f, y).value(), TOL, "binary logistic");
        close(g.get("hinge"), Losses.hinge(f, y, Reduction.MEAN).value(), TOL, "hinge");
    }

    @Test
    void lenetForDigitsLossAndGradients() {
        Map<String, Tensor> g = Golden.read("lenet_digits");
        LeNet net = new LeNet(1, 8, 8, 16, 3, 10, new Rng(0), DType.FLOAT64);
        net.loadStateDict(Golden.state(g, "state."));
        Variable loss = Losses.crossEntropy(net.forward(g.get("x")), g.get("labels"));
        close(g.get("y"), loss.value(), TOL, "lenet loss");
        loss.backward();
        net.namedParameters().forEach((k, p) -> close(g.get("grad." + k), p.grad(), TOL, "lenet gradient of " + k));
    }
}
