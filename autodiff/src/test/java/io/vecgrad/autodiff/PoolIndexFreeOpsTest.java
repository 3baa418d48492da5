package io.vecgrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.autodiff.ops.Conv;
import io.vecgrad.tensor.Convolution.Conv2dSpec;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/**
 * {@link Conv#maxPool2x2} (index-free 2×2 max pooling, optionally fused with ReLU) against the
 * composed ops it replaces, {@code Conv.maxPool2d(relu ? x.relu() : x, 2, 2, 0)}: values and
 * gradients bit for bit, in float32 and float64, on data full of ties and zeros; and, through a
 * small CNN, to second order against finite differences.
 */
class PoolIndexFreeOpsTest {

    /** Values rounded to halves: many ties, exact zeros and negatives, so tie rules and the mask matter. */
    private static Tensor tiedData(DType dt, long seed, int... shape) {
        Rng r = new Rng(seed);
        double[] v = r.normal(DType.FLOAT64, 0, 1, shape).toDoubleArray();
        for (int i = 0; i < v.length; i++) v[i] = Math.rint(2 * v[i]) / 2;
        v[0] = -0.0;
        return Tensor.of(v, shape).to(dt);
    }

    @Test
    void sameValuesAndGradientsAsTheComposedOps() {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (boolean relu : new boolean[] {true, false}) {
                for (int[] shape : new int[][] {{3, 4, 10, 12}, {2, 5, 7, 9}, {64, 2, 28, 28}}) {
                    Tensor x = tiedData(dt, 1, shape);
                    Tensor u = tiedData(dt, 2, shape[0], shape[1], shape[2] / 2, shape[3] / 2);
                    Variable a = Variable.parameter(x.copy()), b = Variable.parameter(x.copy());
                    Variable fused = Conv.maxPool2x2(a.mul(1), relu);
                    Variable composed = Conv.maxPool2d(relu ? b.mul(1).relu() : b.mul(1), 2, 2, 0);
                    String what = dt + (relu ? " relu " : " ") + java.util.Arrays.toString(shape);
                    assertArrayEquals(composed.value().to(DType.FLOAT64).toDoubleArray(), fused.value().to(DType.FLOAT64).toDoubleArray(), what);
                    fused.mul(Variable.constant(u)).sum().backward();
                    composed.mul(Variable.constant(u)).sum().backward();
                    assertBits(b.grad(), a.grad(), what);
                }
            }
        }
    }

    @Test
    void secondOrderThroughASmallCnnMatchesFiniteDifferences() {
        Rng r = new Rng(21);
        Tensor x = r.normal(DType.FLOAT64, 0, 1, 2, 2, 6, 6), w1 = r.normal(DType.FLOAT64, 0, 0.5, 3, 2, 3, 3);
        Tensor b1 = r.normal(DType.FLOAT64, 0.3, 1, 3), w2 = r.normal(DType.FLOAT64, 0, 0.5, 2, 3, 2, 2);
        GradCheck.checkSecondOrder(v -> {
            Variable h = Conv.maxPool2x2(Conv.conv2d(v[0], v[1], v[2], Conv2dSpec.of(1, 1)).tanh(), true);
            h = Conv.conv2d(h, v[3], null, Conv2dSpec.of(1, 0));
            return h.square().sum();
        }, GradCheck.options().seed(21), x, w1, b1, w2);
    }

    @Test
    void savesOnlyTheInput() {
        Variable x = Variable.parameter(tiedData(DType.FLOAT32, 3, 2, 3, 8, 8));
        Variable p = Conv.maxPool2x2(x.mul(1), true);
        assertNull(p.node.scratch, "no argmax kept");
        assertEquals("reluMaxPool2x2", p.node.op);
    }

    @Test
    void nonHalvingShapesNameTheOp() {
        Variable x = Variable.constant(Tensor.zeros(DType.FLOAT32, 2, 3, 8));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Conv.maxPool2x2(x, true));
        assertTrue(e.getMessage().contains("maxpool2x2") && e.getMessage().contains("[2, 3, 8]"), e.getMessage());
    }

    private static void assertBits(Tensor want, Tensor got, String what) {
        double[] a = want.to(DType.FLOAT64).toDoubleArray(), b = got.to(DType.FLOAT64).toDoubleArray();
        assertEquals(a.length, b.length, what);
        for (int i = 0; i < a.length; i++) {
            assertEquals(Double.doubleToRawLongBits(a[i]), Double.doubleToRawLongBits(b[i]), what + ": gradient differs at " + i + ": " + a[i] + " vs " + b[i]);
        }
    }
}
