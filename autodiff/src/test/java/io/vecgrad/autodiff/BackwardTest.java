package io.vecgrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

class BackwardTest {
    private static Tensor vec(double... v) {
        return Tensor.of(v, v.length);
    }

    @Test
    void backwardAccumulatesIntoLeavesAndZeroGradClears() {
        Variable w = Variable.parameter(vec(1, 2, 3));
        Variable loss = w.square().sum();
        loss.backward();
        assertArrayEquals(new double[] {2, 4, 6}, w.grad().toDoubleArray(), 1e-12);
        w.square().sum().backward();
        assertArrayEquals(new double[] {4, 8, 12}, w.grad().toDoubleArray(), 1e-12);
        w.zeroGrad();
        assertNull(w.grad());
    }

    @Test
    void broadcastingReducesGradientsToInputShapes() {
        Variable a = Variable.parameter(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3));
        Variable b = Variable.parameter(vec(10, 20, 30));
        a.mul(b).sum().backward();
        assertArrayEquals(new int[] {3}, b.grad().shape());
        assertArrayEquals(new double[] {5, 7, 9}, b.grad().toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {10, 20, 30, 10, 20, 30}, a.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void matmulGradientIsOuterProductForm() {
        Variable x = Variable.constant(Tensor.of(new double[] {1, 2, 3, 4}, 2, 2));
        Variable w = Variable.parameter(Tensor.of(new double[] {1, 0, 0, 1}, 2, 2));
        x.matmul(w).sum().backward();
        // d/dW Σ XW = Xᵀ·1
        assertArrayEquals(new double[] {4, 4, 6, 6}, w.grad().toDoubleArray(), 1e-12);
        assertNull(x.grad());
    }

    @Test
    void functionalGradWithNamedInputsGivesBothPartials() {
        java.util.Map<String, Tensor> in = new java.util.LinkedHashMap<>();
        in.put("x", vec(1, 2));
        in.put("y", vec(3, 4));
        java.util.Map<String, Tensor> g = Autodiff.grad(m -> m.get("x").mul(m.get("y")).sum(), in);
        assertArrayEquals(new double[] {3, 4}, g.get("x").toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {1, 2}, g.get("y").toDoubleArray(), 1e-12);
        java.util.Map<String, Tensor> onlyY = Autodiff.grad(m -> m.get("x").mul(m.get("y")).sum(), in, "y");
        assertEquals(1, onlyY.size());
    }

    @Test
    void gradOfGradOfCube() {
        java.util.function.Function<Variable, Variable> f = x -> x.pow(3).sum();
        Tensor x = vec(2);
        Tensor second = Autodiff.grad(Autodiff.grad(f).andThen(Variable::sum), x);
        assertEquals(12, second.item(), 1e-9); // d²/dx² x³ = 6x
        Tensor third = Autodiff.grad(Autodiff.grad(Autodiff.grad(f).andThen(Variable::sum)).andThen(Variable::sum), x);
        assertEquals(6, third.item(), 1e-9);
    }

    @Test
    void deepChainDoesNotOverflowTheStack() {
        Variable x = Variable.parameter(Tensor.of(new float[] {0.5f, 1f, 1.5f, 2f}, 4));
        Variable y = x;
        for (int i = 0; i < 20000; i++) y = y.mul(1.0001).add(0.0);
        y.sum().backward();
        assertTrue(x.grad().toDoubleArray()[0] > 1);
    }

    @Test
    void noGradScopeRecordsNothing() {
        Variable w = Variable.parameter(vec(1));
        try (NoGrad scope = NoGrad.enter()) {
            Variable y = w.mul(w);
            assertTrue(!y.requiresGrad());
        }
        assertTrue(w.mul(w).requiresGrad());
    }

    @Test
    void float32GradientsStayFloat32() {
        Variable w = Variable.parameter(Tensor.of(new float[] {1, 2}, 2));
        w.mul(3).sum().backward();
        assertEquals(DType.FLOAT32, w.grad().dtype());
        assertThrows(IllegalArgumentException.class, () -> w.mul(3).backward());
    }

    @Test
    void severalOutputsWithSeedsGiveTheSummedVjp() {
        Variable x = Variable.parameter(vec(1, 2));
        Variable g1 = x.square().sum();     // ∇ = 2x
        Variable g2 = x.mul(x.sum());       // J = diag(s) + x·1ᵀ
        Variable[] r = Autodiff.gradients(new Variable[] {g1, g2},
                new Variable[] {Variable.constant(Tensor.scalar(DType.FLOAT64, 3)), Variable.constant(vec(1, -1))}, false, x);
        // 3·2x + (s·u + (u·x)·1) with s = 3, u = (1, −1), u·x = −1
        assertArrayEquals(new double[] {6 + 3 - 1, 12 - 3 - 1}, r[0].value().toDoubleArray(), 1e-12);
    }

    /**
     * A matrix shared by a batch of left operands gets its gradient from one folded GEMM; it must
     * equal the per-batch sum, also for a non-contiguous left operand. A batched right operand
     * (no sharing) takes the per-batch path and is checked the same way.
     */
    @Test
    void sharedMatrixGradientEqualsTheSumOverTheBatch() {
        io.vecgrad.tensor.random.Rng rng = new io.vecgrad.tensor.random.Rng(7);
        Tensor aData = rng.normal(DType.FLOAT64, 0, 1, 2, 3, 5, 4).transpose(-1, -2);   // [2, 3, 4, 5], strided
        for (boolean shared : new boolean[] {true, false}) {
            Variable a = Variable.parameter(aData);
            Variable b = Variable.parameter(shared ? rng.normal(DType.FLOAT64, 0, 1, 5, 2) : rng.normal(DType.FLOAT64, 0, 1, 3, 5, 2));
            Tensor gOut = rng.normal(DType.FLOAT64, 0, 1, 2, 3, 4, 2);
            a.matmul(b).mul(Variable.constant(gOut)).sum().backward();
            Tensor want = aData.mT().matmul(gOut).sum(new int[] {0}, false);   // [3, 5, 2]
            if (shared) want = want.sum(new int[] {0}, false);
            assertArrayEquals(want.shape(), b.grad().shape());
            double[] w = want.toDoubleArray(), got = b.grad().toDoubleArray();
            for (int i = 0; i < w.length; i++) assertEquals(w[i], got[i], 1e-12, "shared " + shared + " at " + i);
            assertArrayEquals(gOut.matmul(b.value().mT()).toDoubleArray(), a.grad().toDoubleArray(), 1e-12);
        }
    }
}
