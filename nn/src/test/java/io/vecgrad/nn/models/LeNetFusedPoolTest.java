package io.vecgrad.nn.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.autodiff.ops.Conv;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.layers.MaxPool2d;
import io.vecgrad.nn.losses.Losses;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.kernel.Parallel;
import io.vecgrad.tensor.random.Rng;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * LeNet's fused ReLU + 2×2 max pooling gives the same logits and parameter gradients, bit for
 * bit, as the composed {@code maxPool2d(relu(conv(x)))} over the same children; MaxPool2d's
 * index-free path likewise equals the argmax op.
 */
class LeNetFusedPoolTest {

    @Test
    void fusedForwardAndBackwardAreTheComposedOps() {
        LeNet net = LeNet.mnist(new Rng(3));
        Tensor x = new Rng(4).normal(DType.FLOAT32, 0, 1, 8, 1, 28, 28);
        Tensor y = new Rng(5).randint(0, 10, 8);
        for (int step = 0; step < 2; step++) {   // twice: the second pass draws on the buffer pool
            net.zeroGrad();
            Variable fused = net.forward(Variable.constant(x));
            Losses.crossEntropy(fused, y).backward();
            Map<String, Tensor> fusedGrads = grads(net);

            net.zeroGrad();
            Map<String, Module> c = net.children();
            Variable h = Conv.maxPool2d(c.get("c1").forward(Variable.constant(x)).relu(), 2, 2, 0);
            h = Conv.maxPool2d(c.get("c2").forward(h).relu(), 2, 2, 0);
            Variable composed = c.get("fc").forward(h.reshape(8, 32 * 7 * 7));
            Losses.crossEntropy(composed, y).backward();
            Map<String, Tensor> composedGrads = grads(net);

            assertArrayEquals(composed.value().toFloatArray(), fused.value().toFloatArray());
            assertEquals(composedGrads.keySet(), fusedGrads.keySet());
            composedGrads.forEach((k, g) -> assertArrayEquals(bits(g), bits(fusedGrads.get(k)), k));
        }
    }

    /**
     * step-lenet's shapes (batch 64, so conv and pooling are split over threads): one and two
     * kernel threads give the same logits and gradients, bit for bit (every kernel tiles its
     * work independently of the thread count).
     */
    @Test
    @SuppressWarnings("unchecked")
    void oneAndTwoThreadsGiveTheSameBits() {
        Tensor x = new Rng(8).normal(DType.FLOAT32, 0, 1, 64, 1, 28, 28);
        Tensor y = new Rng(9).randint(0, 10, 64);
        int before = Parallel.threads();
        Map<String, Tensor>[] grads = new Map[2];
        float[][] logits = new float[2][];
        try {
            for (int t = 1; t <= 2; t++) {
                Parallel.setThreads(t);
                LeNet net = LeNet.mnist(new Rng(3));
                Variable out = net.forward(Variable.constant(x));
                Losses.crossEntropy(out, y).backward();
                logits[t - 1] = out.value().toFloatArray();
                grads[t - 1] = grads(net);
            }
        } finally {
            Parallel.setThreads(before);
        }
        assertArrayEquals(logits[0], logits[1]);
        grads[0].forEach((k, g) -> assertArrayEquals(bits(g), bits(grads[1].get(k)), k));
    }

    @Test
    void maxPool2dLayerHalvingPathIsTheArgmaxOp() {
        Tensor x = new Rng(6).normal(DType.FLOAT64, 0, 1, 2, 3, 9, 8);
        Variable a = Variable.parameter(x.copy()), b = Variable.parameter(x.copy());
        Variable fast = new MaxPool2d(2).forward(a);
        Variable slow = Conv.maxPool2d(b, 2, 2, 0);
        assertArrayEquals(slow.value().toDoubleArray(), fast.value().toDoubleArray());
        Tensor u = new Rng(7).normal(DType.FLOAT64, 0, 1, 2, 3, 4, 4);
        fast.mul(Variable.constant(u)).sum().backward();
        slow.mul(Variable.constant(u)).sum().backward();
        assertArrayEquals(b.grad().toDoubleArray(), a.grad().toDoubleArray());
    }

    private static Map<String, Tensor> grads(Module m) {
        Map<String, Tensor> g = new java.util.LinkedHashMap<>();
        m.namedParameters().forEach((k, v) -> g.put(k, v.grad().copy()));
        return g;
    }

    private static int[] bits(Tensor t) {
        float[] f = t.toFloatArray();
        int[] b = new int[f.length];
        for (int i = 0; i < f.length; i++) b[i] = Float.floatToRawIntBits(f[i]);
        return b;
    }
}
