package io.vecgrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.autodiff.ops.MeanSquare;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * ops.MeanSquare against {@code x.square().mean()}: the value within the sum-order bound
 * {@code (n + 4)·u·Σx²/n}, the gradient bit for bit (same arithmetic op for op), on contiguous
 * and strided inputs. Gradient checks to second order run in OpGradientPropertiesTest.
 */
class MeanSquareTest {

    static void addCases(Map<String, OpCases.Case> all) {
        all.put("meanSquare", new OpCases.Case("meanSquare", r -> new OpCases.Instance(new Tensor[] {OpCases.normal(r, OpCases.shape(r))},
                v -> MeanSquare.meanSquare(v[0]).mul(v[0].sum())), GradCheck.options().atol(1e-5).rtol(1e-4)));
    }

    @Property(tries = 30)
    void matchesTheComposedForm(@ForAll long seed) {
        Rng r = new Rng(seed);
        int rank = 1 + r.nextInt(3);
        int[] s = new int[rank];
        for (int i = 0; i < rank; i++) s[i] = 1 + r.nextInt(i == rank - 1 ? 300 : 9);
        boolean strided = r.nextInt(2) == 0 && rank > 1;
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            Tensor x = r.normal(dt, 0.3, 2, s);
            if (strided) x = x.mT();
            Variable a = Variable.parameter(x), c = Variable.parameter(x);
            Variable ya = MeanSquare.meanSquare(a), yc = MeanSquare.meanSquareComposed(c);
            int n = x.numel();
            double u = dt == DType.FLOAT32 ? 0x1p-24 : 0x1p-53;
            double want = yc.item();
            assertTrue(Math.abs(ya.item() - want) <= (n + 4) * u * want, dt + " n=" + n + ": " + ya.item() + " vs " + want);
            Tensor g = r.normal(dt, 0, 1);
            ya.backward(g);
            yc.backward(g);
            assertArrayEquals(c.grad().toDoubleArray(), a.grad().toDoubleArray(), 0, "gradient " + dt);
        }
    }

    @Test
    void integerInputIsRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MeanSquare.meanSquare(Variable.constant(Tensor.zeros(DType.INT64, 3))));
        assertTrue(e.getMessage().contains("meanSquare") && e.getMessage().contains("INT64"), e.getMessage());
    }
}
