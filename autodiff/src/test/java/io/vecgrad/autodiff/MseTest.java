package io.vecgrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.autodiff.ops.Mse;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * ops.Mse against {@code pred.sub(target).square().mean()}: value and both gradients bit for
 * bit (same arithmetic in the same order), F32 and F64, contiguous and strided inputs, lengths
 * on both sides of the kernel's vector block. Gradient checks in float64 to first and second
 * order run in OpGradientPropertiesTest through {@link #addCases}.
 */
class MseTest {

    static void addCases(Map<String, OpCases.Case> all) {
        all.put("mse", new OpCases.Case("mse", r -> {
            int[] s = OpCases.shape(r);
            return new OpCases.Instance(new Tensor[] {OpCases.normal(r, s), OpCases.normal(r, s)},
                    v -> Mse.mse(v[0], v[1]).mul(v[0].sum().add(v[1].mul(v[1]).sum())));
        }, GradCheck.options().atol(1e-5).rtol(1e-4)));
    }

    @Property(tries = 40)
    void valueAndGradientsEqualTheComposedFormBitForBit(@ForAll long seed) {
        Rng r = new Rng(seed);
        int rank = 1 + r.nextInt(3);
        int[] s = new int[rank];
        for (int i = 0; i < rank; i++) s[i] = 1 + r.nextInt(i == rank - 1 ? 300 : 9);
        boolean strided = r.nextInt(3) == 0 && rank > 1;
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            Tensor p = r.normal(dt, 0.3, 2, s), t = r.normal(dt, -0.1, 1.5, s);
            if (strided) {
                p = p.mT();
                t = t.mT();
            }
            Variable pa = Variable.parameter(p), ta = Variable.parameter(t);
            Variable pc = Variable.parameter(p), tc = Variable.parameter(t);
            Variable ya = Mse.mse(pa, ta), yc = Mse.mseComposed(pc, tc);
            assertEquals("mse", ya.op(), "one fused node");
            assertEquals(Double.doubleToRawLongBits(yc.item()), Double.doubleToRawLongBits(ya.item()),
                    dt + " " + java.util.Arrays.toString(s) + ": " + ya.item() + " vs " + yc.item());
            Tensor g = r.normal(dt, 0, 1);
            ya.backward(g);
            yc.backward(g);
            assertBits(pc.grad(), pa.grad(), "prediction gradient " + dt);
            assertBits(tc.grad(), ta.grad(), "target gradient " + dt);
        }
    }

    /** The kernel's vector blocks (4 vectors of up to 16 lanes) and its scalar tail, one length at a time. */
    @Test
    void everyLengthAroundTheVectorBlocksIsBitwiseTheComposedValue() {
        Rng r = new Rng(19);
        for (int n = 0; n <= 140; n++) {
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                Tensor p = r.normal(dt, 0, 3, n), t = r.normal(dt, 0, 3, n);
                double want = p.sub(t).square().mean().item();
                double got = Mse.mse(Variable.constant(p), Variable.constant(t)).item();
                assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got), dt + " n=" + n);
            }
        }
    }

    @Test
    void onlyThePredictionNeedsAGradientAndKeptTensorsStayValid() {
        Rng r = new Rng(3);
        Tensor y = r.normal(DType.FLOAT32, 0, 1, 32, 1);
        Variable w = Variable.parameter(r.normal(DType.FLOAT32, 0, 1, 32, 1));
        Tensor kept = null, keptCopy = null;
        for (int step = 0; step < 3; step++) {
            w.zeroGrad();
            Variable loss = Mse.mse(w.mul(1.5), Variable.constant(y));
            loss.backward();
            // d·(1/n)·2, then the chain rule through w·1.5
            Tensor want = w.value().mul(1.5).sub(y).mul(Tensor.scalar(DType.FLOAT32, (float) (1.0 / 32))).mul(2).mul(1.5);
            assertBits(want, w.grad(), "step " + step);
            if (kept != null) assertBits(keptCopy, kept, "a gradient kept from an earlier step");
            kept = w.grad();
            keptCopy = kept.copy();
        }
    }

    @Test
    void mixedDtypesTakeTheComposedFormAndMismatchedShapesAreNamed() {
        Variable p = Variable.parameter(Tensor.of(new float[] {1, 2, 3}));
        Variable t = Variable.constant(Tensor.of(new double[] {0, 0, 1}));
        assertEquals("mean", Mse.mse(p, t).op());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Mse.mse(p, Variable.constant(Tensor.zeros(DType.FLOAT32, 3, 1))));
        assertTrue(e.getMessage().contains("mse") && e.getMessage().contains("[3]") && e.getMessage().contains("[3, 1]"), e.getMessage());
    }

    @Test
    void anInPlaceChangeOfAnInputAfterTheForwardFailsBackward() {
        Variable p = Variable.parameter(Tensor.of(new double[] {1, 2}));
        Tensor t = Tensor.of(new double[] {0, 1});
        Variable loss = Mse.mse(p, Variable.constant(t));
        t.addInPlace(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("mse"), e.getMessage());
    }

    private static void assertBits(Tensor want, Tensor got, String what) {
        assertArrayEquals(want.shape(), got.shape(), what);
        double[] a = want.toDoubleArray(), b = got.toDoubleArray();
        for (int i = 0; i < a.length; i++) {
            assertEquals(Double.doubleToRawLongBits(a[i]), Double.doubleToRawLongBits(b[i]), what + " at " + i + ": " + b[i] + " vs " + a[i]);
        }
    }
}
