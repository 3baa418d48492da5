package io.vecgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.layers.Activation;
import io.vecgrad.nn.layers.TransformerEncoderBlock;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.kernel.Parallel;
import io.vecgrad.tensor.random.Rng;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The encoder block's fused paths (linear1 and its ReLU as one node, the Linear layers as one
 * GEMM over B·T rows) give bit for bit the values and gradients of the block written out as its
 * children's own calls in turn, pre-LN and post-LN, float32 and float64, at 1, 2 and 3 threads.
 */
class TransformerBlockFusionTest {

    /** The block's formula from its children, each called on its own (the unfused oracle). */
    private static Variable unfused(TransformerEncoderBlock blk, boolean preNorm, Variable x) {
        Map<String, Module> c = blk.children();
        java.util.function.UnaryOperator<Variable> ff = h -> c.get("linear2").forward(c.get("activation").forward(c.get("linear1").forward(h)));
        if (preNorm) {
            x = x.add(c.get("self_attn").forward(c.get("norm1").forward(x)));
            return x.add(ff.apply(c.get("norm2").forward(x)));
        }
        x = c.get("norm1").forward(x.add(c.get("self_attn").forward(x)));
        return c.get("norm2").forward(x.add(ff.apply(x)));
    }

    @Test
    void fusedBlockEqualsItsChildrenCalledInTurn() {
        Rng r = new Rng(21);
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (boolean preNorm : new boolean[] {true, false}) {
                TransformerEncoderBlock blk = new TransformerEncoderBlock(32, 4, 80, Activation.relu(), preNorm, 0, false, dt);
                blk.initialize(r.split("blk"));
                Tensor x = r.normal(dt, 0, 1, 3, 17, 32), g = r.normal(dt, 0, 1, 3, 17, 32);
                blk.zeroGrad();
                Variable yc = unfused(blk, preNorm, Variable.constant(x));
                yc.backward(g);
                Map<String, Tensor> want = new java.util.LinkedHashMap<>();
                blk.namedParameters().forEach((k, v) -> want.put(k, v.grad().mul(1)));
                for (int threads = 1; threads <= 3; threads++) {
                    Parallel.setThreads(threads);
                    try {
                        blk.zeroGrad();
                        Variable yf = blk.forward(Variable.constant(x));
                        String what = dt + (preNorm ? " pre-LN" : " post-LN") + " threads=" + threads;
                        assertBits(yc.value(), yf.value(), "y " + what);
                        yf.backward(g);
                        int[] positive = {0};
                        blk.namedParameters().forEach((k, v) -> {
                            assertBits(want.get(k), v.grad(), k + " " + what);
                            if (v.grad().abs().max().item() > 0) positive[0]++;
                        });
                        assertEquals(blk.namedParameters().size(), positive[0], "every gradient is non-zero " + what);
                    } finally {
                        Parallel.setThreads(1);
                    }
                }
            }
        }
    }

    private static void assertBits(Tensor want, Tensor got, String what) {
        assertArrayEquals(want.shape(), got.shape(), what + " shape");
        double[] w = want.toDoubleArray(), h = got.toDoubleArray();
        for (int i = 0; i < w.length; i++) {
            assertTrue(Double.doubleToLongBits(w[i]) == Double.doubleToLongBits(h[i]), what + "[" + i + "]: want " + w[i] + " got " + h[i]);
        }
    }
}
