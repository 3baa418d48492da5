package io.vecgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.autodiff.Autodiff;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.layers.Activation;
import io.vecgrad.nn.layers.BatchNorm;
import io.vecgrad.nn.layers.Conv2d;
import io.vecgrad.nn.layers.Dropout;
import io.vecgrad.nn.layers.LayerNorm;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.nn.layers.MultiHeadAttention;
import io.vecgrad.nn.layers.TransformerEncoderBlock;
import io.vecgrad.nn.losses.Losses;
import io.vecgrad.nn.models.LeNet;
import io.vecgrad.nn.models.TransformerClassifier;
import io.vecgrad.nn.models.TwoLayerNet;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The module tree: names, modes, freezing, initialization, functional calls, shape errors. */
class ModuleTest {

    @Test
    void namesFollowPyTorch() {
        Module net = new Sequential(new Linear(3, 4), Activation.relu(), new BatchNorm(4));
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(net.namedParameters().keySet()));
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "2.running_mean", "2.running_var", "2.num_batches_tracked"),
                List.copyOf(net.stateDict().keySet()));
        Module blk = new TransformerEncoderBlock(8, 2, 16, Activation.relu(), true, 0, false, DType.FLOAT32);
        assertEquals(List.of("self_attn.in_proj_weight", "self_attn.in_proj_bias", "self_attn.out_proj.weight", "self_attn.out_proj.bias",
                "linear1.weight", "linear1.bias", "linear2.weight", "linear2.bias", "norm1.weight", "norm1.bias", "norm2.weight", "norm2.bias"),
                List.copyOf(blk.namedParameters().keySet()));
        assertEquals(List.of("c1.weight", "c1.bias", "c2.weight", "c2.bias", "fc.weight", "fc.bias"),
                List.copyOf(LeNet.mnist(new Rng(0)).namedParameters().keySet()));
        assertArrayEquals(new int[] {10, 1568}, LeNet.mnist(new Rng(0)).namedParameters().get("fc.weight").shape());
    }

    @Test
    void initializationIsSeededByParameterName() {
        Module a = new Sequential(new Linear(3, 4), new Linear(4, 2)).initialize(new Rng(5));
        Module b = new Sequential(new Linear(3, 4), new Linear(4, 2)).initialize(new Rng(5));
        Module c = new Sequential(new Linear(3, 4), new Linear(4, 2)).initialize(new Rng(6));
        assertArrayEquals(a.stateDict().get("1.weight").toFloatArray(), b.stateDict().get("1.weight").toFloatArray());
        assertFalse(java.util.Arrays.equals(a.stateDict().get("1.weight").toFloatArray(), c.stateDict().get("1.weight").toFloatArray()));
        // without initialize(), identical layers still start different (streams split by path)
        Module d = new Sequential(new Linear(4, 4), new Linear(4, 4));
        assertFalse(java.util.Arrays.equals(d.stateDict().get("0.weight").toFloatArray(), d.stateDict().get("1.weight").toFloatArray()));
        Tensor w = new Linear(300, 100).initialize(new Rng(1)).stateDict().get("weight");
        double bound = 1 / Math.sqrt(300);
        assertTrue(w.abs().max().item() <= bound, "torch default init is U(±1/√fan_in)");
        assertTrue(w.abs().max().item() > 0.9 * bound);
    }

    @Test
    void initializersHaveTheirVariances() {
        Rng r = new Rng(3);
        int[] shape = {200, 300};
        assertEquals(2.0 / 300, Init.heNormal().sample(r, DType.FLOAT64, shape).var(null, false, 0).item(), 2e-4);
        assertEquals(2.0 / 500, Init.glorotNormal(1).sample(r, DType.FLOAT64, shape).var(null, false, 0).item(), 2e-4);
        assertEquals(6.0 / 500 / 3, Init.glorotUniform(1).sample(r, DType.FLOAT64, shape).var(null, false, 0).item(), 2e-4);
        assertEquals(6.0 / 300 / 3, Init.heUniform().sample(r, DType.FLOAT64, shape).var(null, false, 0).item(), 2e-4);
        assertEquals(0.01, Init.normal(0.1).sample(r, DType.FLOAT64, shape).var(null, false, 0).item(), 2e-4);
        assertEquals(75, Init.fanIn(new int[] {16, 3, 5, 5}));
        assertEquals(400, Init.fanOut(new int[] {16, 3, 5, 5}));
    }

    @Test
    void trainEvalFreezeAndZeroGrad() {
        Module net = new Sequential(new Linear(3, 4), new Dropout(0.5), new Linear(4, 1));
        assertTrue(net.isTraining() && net.submodule("1").isTraining());
        net.eval();
        assertFalse(net.submodule("1").isTraining());
        Tensor x = new Rng(1).normal(DType.FLOAT32, 0, 1, 5, 3);
        assertArrayEquals(net.forward(x).value().toFloatArray(), net.forward(x).value().toFloatArray(), "eval is deterministic");
        net.submodule("0").freeze();
        assertEquals(List.of("2.weight", "2.bias"), List.copyOf(net.trainableParameters().keySet()));
        net.forward(x).sum().backward();
        assertNull(net.namedParameters().get("0.weight").grad());
        assertNotNull(net.namedParameters().get("2.weight").grad());
        net.zeroGrad();
        assertNull(net.namedParameters().get("2.weight").grad());
        net.unfreeze();
        assertEquals(4, net.trainableParameters().size());
    }

    @Test
    void dropoutIsReproduciblePerStepAndScalesKeptValues() {
        Dropout d = new Dropout(0.25);
        Tensor x = Tensor.ones(DType.FLOAT64, 1000);
        d.setRng(new Rng(9).split(3));
        double[] a = d.forward(x).value().toDoubleArray();
        d.setRng(new Rng(9).split(3));
        assertArrayEquals(a, d.forward(x).value().toDoubleArray());
        assertFalse(java.util.Arrays.equals(a, d.forward(x).value().toDoubleArray()), "the next call in a step draws a new mask");
        long kept = java.util.Arrays.stream(a).filter(v -> v != 0).count();
        assertTrue(kept > 650 && kept < 850, "kept " + kept);
        assertTrue(java.util.Arrays.stream(a).allMatch(v -> v == 0 || Math.abs(v - 1 / 0.75) < 1e-12));
    }

    /** MAML-style: the outer gradient flows through an inner gradient step taken with Functional.call. */
    @Test
    void functionalCallDifferentiatesThroughAnInnerStep() {
        Rng r = new Rng(2);
        Linear net = new Linear(3, 1, true, DType.FLOAT64);
        Tensor x = r.normal(DType.FLOAT64, 0, 1, 6, 3), y = r.normal(DType.FLOAT64, 0, 1, 6, 1);
        Map<String, Variable> theta = net.namedParameters();
        Variable inner = Losses.mse(net.forward(x), Variable.constant(y));
        Variable[] g = Autodiff.gradients(inner, Variable.scalar(1), true, theta.values().toArray(new Variable[0]));
        Map<String, Variable> fast = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, Variable> e : theta.entrySet()) fast.put(e.getKey(), e.getValue().sub(g[i++].mul(0.1)));
        Variable outer = Losses.mse(Functional.call(net, fast, Variable.constant(x)), Variable.constant(y));
        outer.backward();
        // finite-difference check of d outer / d bias
        double eps = 1e-6, b0 = net.namedParameters().get("bias").value().item();
        double fd = (outerAt(net, x, y, b0 + eps) - outerAt(net, x, y, b0 - eps)) / (2 * eps);
        assertEquals(fd, theta.get("bias").grad().item(), 1e-6);
        assertTrue(net.namedParameters().get("weight") == theta.get("weight"), "parameters are restored after the call");
    }

    private static double outerAt(Linear net, Tensor x, Tensor y, double bias) {
        Map<String, Variable> p = new LinkedHashMap<>(net.namedParameters());
        p.put("bias", Variable.parameter(Tensor.of(new double[] {bias}, 1)));
        Variable inner = Losses.mse(Functional.call(net, p, Variable.constant(x)), Variable.constant(y));
        Variable[] g = Autodiff.gradients(inner, Variable.scalar(1), false, p.values().toArray(new Variable[0]));
        Map<String, Variable> fast = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, Variable> e : p.entrySet()) fast.put(e.getKey(), Variable.constant(e.getValue().value().sub(g[i++].value().mul(0.1))));
        return Losses.mse(Functional.call(net, fast, Variable.constant(x)), Variable.constant(y)).item();
    }

    @Test
    void functionalCallRejectsUnknownNamesAndWrongShapes() {
        Linear net = new Linear(3, 2);
        Variable x = Variable.constant(Tensor.zeros(DType.FLOAT32, 1, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Functional.call(net, Map.of("wieght", Variable.parameter(Tensor.zeros(2, 3))), x));
        assertTrue(e.getMessage().contains("wieght"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Functional.call(net, Map.of("weight", Variable.parameter(Tensor.zeros(3, 3))), x));
        assertTrue(e.getMessage().contains("[3, 3]") && e.getMessage().contains("[2, 3]"), e.getMessage());
    }

    @Test
    void shapeErrorsNameTheLayerAndBothShapes() {
        assertMessage(() -> new Linear(784, 10).forward(Tensor.zeros(64, 785)), "Linear(in=784, out=10)", "[64, 785]", "[10, 784]");
        assertMessage(() -> new Conv2d(1, 16, 5, 1, 2).forward(Tensor.zeros(8, 3, 28, 28)), "Conv2d(in=1, out=16", "[8, 3, 28, 28]", "[16, 1, 5, 5]");
        assertMessage(() -> new LayerNorm(128).forward(Tensor.zeros(2, 64, 100)), "LayerNorm([128])", "[2, 64, 100]");
        assertMessage(() -> new BatchNorm(16).forward(Tensor.zeros(4, 8, 3, 3)), "BatchNorm(16)", "[4, 8, 3, 3]");
        assertMessage(() -> new MultiHeadAttention(128, 4, false).forward(Tensor.zeros(2, 5, 64)), "MultiHeadAttention(embed=128", "[2, 5, 64]");
        assertMessage(() -> LeNet.digits(new Rng(0)).forward(Tensor.zeros(2, 1, 28, 28)), "LeNet(8x8)", "[2, 1, 28, 28]");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable run, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, run);
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + p + "' not in: " + e.getMessage());
    }

    @Test
    void modelFamiliesProduceTheirShapes() {
        Rng r = new Rng(1);
        assertArrayEquals(new int[] {4, 10}, LeNet.mnist(r).forward(r.normal(DType.FLOAT32, 0, 1, 4, 1, 28, 28)).shape());
        assertArrayEquals(new int[] {4, 10}, LeNet.digits(r).forward(r.normal(DType.FLOAT32, 0, 1, 4, 1, 8, 8)).shape());
        TransformerClassifier tc = new TransformerClassifier(20, 16, 8, 2, 16, 2, 3, 0.1, r, DType.FLOAT32);
        assertArrayEquals(new int[] {2, 3}, tc.forward(Variable.constant(r.randint(0, 20, 2, 7))).shape());
        TwoLayerNet p04 = new TwoLayerNet(2, 6, Activation.huberizedRelu(0.5), false, 0.1, r, DType.FLOAT64);
        assertEquals(List.of("hidden.weight"), List.copyOf(p04.namedParameters().keySet()));
        assertArrayEquals(new double[] {1, 1, 1, -1, -1, -1}, p04.stateDict().get("output_fixed").mul(Math.sqrt(6)).toDoubleArray(), 1e-12);
        assertArrayEquals(new int[] {3}, p04.forward(r.normal(DType.FLOAT64, 0, 1, 3, 2)).shape());
    }

    @Test
    void huberizedReluMatchesItsDefinition() {
        double h = 0.5;
        double[] z = {-1, -0.1, 0, 0.2, 0.5, 0.7, 3};
        double[] got = io.vecgrad.nn.layers.Activations.huberizedRelu(Variable.constant(Tensor.of(z, z.length)), h).value().toDoubleArray();
        for (int i = 0; i < z.length; i++) {
            double want = z[i] < 0 ? 0 : z[i] <= h ? z[i] * z[i] / (2 * h) : z[i] - h / 2;
            assertEquals(want, got[i], 1e-15, "z = " + z[i]);
        }
        Tensor d = Autodiff.grad(v -> io.vecgrad.nn.layers.Activations.huberizedRelu(v, h).sum(), Tensor.of(z, z.length));
        for (int i = 0; i < z.length; i++) assertEquals(Math.min(Math.max(z[i] / h, 0), 1), d.toDoubleArray()[i], 1e-15);
    }
}
