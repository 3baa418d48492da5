package io.vecgrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Backward reuses one set of per-pass arrays per thread and accumulates into a leaf's own
 * gradient buffer without suspending the pool: results must equal fresh arrays and the unpooled
 * engine bit for bit, passes nested inside a rule must not disturb the outer one, and the spare
 * arrays must hold no variable between passes (a kept graph would leak otherwise).
 */
class BackwardWorkspaceTest {
    @AfterEach
    void restore() {
        Backward.POOLING = true;
    }

    /** Graphs of growing size, so the spare arrays grow between passes and are reused. */
    private static Variable loss(Variable w, Variable b, Tensor x, int depth) {
        Variable h = Variable.constant(x).matmul(w).add(b);
        for (int d = 0; d < depth; d++) h = h.tanh().mul(h).add(b);
        return h.square().mean();
    }

    private static List<Tensor> accumulated(boolean pooling) {
        Backward.POOLING = pooling;
        Rng rng = new Rng(5);
        Tensor x = rng.split("x").normal(DType.FLOAT32, 0, 1, 6, 4);
        Variable w = Variable.parameter(rng.split("w").normal(DType.FLOAT32, 0, 0.5, 4, 3));
        Variable b = Variable.parameter(rng.split("b").normal(DType.FLOAT32, 0, 0.5, 3));
        List<Tensor> out = new ArrayList<>();
        for (int depth : new int[] {1, 40, 3, 80, 2}) {   // no zeroGrad: the leaves add in place
            loss(w, b, x, depth).backward();
            out.add(w.grad().copy());
            out.add(b.grad().copy());
            assertEquals(0, Backward.spareReferences(), "spare arrays hold variables after a pass");
        }
        w.zeroGrad(false);
        b.zeroGrad(false);
        loss(w, b, x, 5).backward();                        // into the zeroed buffers (copy path)
        out.add(w.grad().copy());
        out.add(b.grad().copy());
        return out;
    }

    @Test
    void reusedArraysAndInPlaceLeafAccumulationEqualTheUnpooledEngine() {
        List<Tensor> plain = accumulated(false), pooled = accumulated(true);
        for (int i = 0; i < plain.size(); i++) assertArrayEquals(plain.get(i).floatArray(), pooled.get(i).floatArray(), "gradient " + i);
    }

    @Test
    void aPassNestedInARuleLeavesTheOuterPassIntact() {
        Rng rng = new Rng(9);
        Tensor x0 = rng.normal(DType.FLOAT64, 0, 1, 5);
        for (int round = 0; round < 3; round++) {
            Variable x = Variable.parameter(x0.copy());
            // y = Σ sin(x)²; its rule computes d/dx Σ sin(x)² by a nested gradient pass.
            Variable y = CustomVjp.apply("sinSquareSum", in -> in[0].sin().square().sum(), (g, ins, out) -> {
                Tensor inner = Autodiff.grad(v -> v.sin().square().sum(), ins[0].value());
                return new Variable[] {Variable.constant(inner.mul(g.value()))};
            }, x);
            Variable z = y.mul(3).add(x.sum());            // nodes before and after the custom one
            z.backward();
            double[] want = new double[5];
            for (int i = 0; i < 5; i++) want[i] = 3 * 2 * Math.sin(x0.get(i)) * Math.cos(x0.get(i)) + 1;
            assertArrayEquals(want, x.grad().toDoubleArray(), 1e-12);
            assertEquals(0, Backward.spareReferences());
        }
    }
}
