package io.vecgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.layers.MultiHeadAttention;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * MultiHeadAttention's fused forward (one linear node, the fused attention core) against its
 * composed form, values and every parameter's gradient. Bound as in AttentionOpsTest: the sums
 * run in other orders, so they agree within {@code 8·(4T + 4E)·u·(1 + max|score|)} of the
 * largest value of each tensor (the in- and out-projections add {@code E}-term dot products).
 */
class FusedAttentionLayerTest {

    private static void assertClose(Tensor want, Tensor got, double tol, String what) {
        assertArrayEquals(want.shape(), got.shape(), what);
        double[] w = want.toDoubleArray(), g = got.toDoubleArray();
        double scale = 0;
        for (double x : w) scale = Math.max(scale, Math.abs(x));
        for (int i = 0; i < w.length; i++) assertTrue(Math.abs(w[i] - g[i]) <= tol * scale, what + "[" + i + "]: want " + w[i] + " got " + g[i]);
    }

    @Test
    void fusedForwardMatchesTheComposedForm() {
        Rng r = new Rng(3);
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            for (boolean causal : new boolean[] {false, true}) {
                int b = 2, t = 70, e = 24, heads = 4;
                MultiHeadAttention fused = new MultiHeadAttention(e, heads, causal, dt), composed = new MultiHeadAttention(e, heads, causal, dt);
                fused.initialize(r.split("w"));
                composed.loadStateDict(fused.stateDict());
                Tensor x = r.normal(dt, 0, 1, b, t, e), g = r.normal(dt, 0, 1, b, t, e);
                Variable yf = fused.forward(Variable.constant(x)), yc = composed.forwardComposed(Variable.constant(x));
                double u = dt == DType.FLOAT32 ? 0x1p-24 : 0x1p-53, tol = 8 * (4 * t + 4 * e) * u * 32;
                assertClose(yc.value(), yf.value(), tol, "y " + dt);
                yf.backward(g);
                yc.backward(g);
                Map<String, Variable> pf = fused.namedParameters(), pc = composed.namedParameters();
                for (String name : pf.keySet()) assertClose(pc.get(name).grad(), pf.get(name).grad(), tol, name + " " + dt);
            }
        }
    }
}
