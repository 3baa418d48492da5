package io.vecgrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.autodiff.ops.FusedDropout;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * ops.FusedDropout (mask drawn inside the loop, forward and backward) against the composed
 * Bernoulli-mask form with the same stream: values and gradients bit for bit, on contiguous and
 * strided inputs; the drop rate; the stream left untouched. Gradient checks to second order run
 * in OpGradientPropertiesTest.
 */
class FusedDropoutTest {

    static void addCases(Map<String, OpCases.Case> all) {
        all.put("dropout", new OpCases.Case("dropout", r -> {
            Rng stream = r.split("mask");
            return new OpCases.Instance(new Tensor[] {OpCases.normal(r, OpCases.shape(r))}, v -> FusedDropout.dropout(v[0], stream, 0.4).square());
        }, GradCheck.options().atol(1e-5).rtol(1e-4)));
    }

    @Property(tries = 30)
    void equalsTheComposedFormBitForBit(@ForAll long seed) {
        Rng r = new Rng(seed);
        int rank = 1 + r.nextInt(3);
        int[] s = new int[rank];
        for (int i = 0; i < rank; i++) s[i] = 1 + r.nextInt(i == rank - 1 ? 200 : 7);
        double p = r.nextInt(4) == 0 ? 0 : r.nextDouble() * 0.9;
        boolean strided = rank > 1 && r.nextInt(2) == 0;
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor x = r.normal(dt, 0, 1, s);
            if (strided) x = x.mT();
            Rng stream = r.split("dropout " + dt);
            Variable a = Variable.parameter(x), c = Variable.parameter(x);
            Variable ya = FusedDropout.dropout(a, stream, p), yc = FusedDropout.dropoutComposed(c, Rng.fromState(stream.state()), p);
            assertArrayEquals(yc.value().toDoubleArray(), ya.value().toDoubleArray(), 0, "forward " + dt + " p=" + p);
            Tensor g = r.normal(dt, 0, 1, x.shape());
            ya.backward(g);
            yc.backward(g);
            assertArrayEquals(c.grad().toDoubleArray(), a.grad().toDoubleArray(), 0, "gradient " + dt + " p=" + p);
        }
    }

    @Test
    void dropsAboutPAndLeavesTheStreamAlone() {
        Rng stream = new Rng(9);
        long[] before = stream.state();
        Tensor y = FusedDropout.dropout(Variable.constant(Tensor.ones(DType.FLOAT32, 100_000)), stream, 0.3).value();
        assertArrayEquals(before, stream.state());
        int zeros = 0;
        for (double v : y.toDoubleArray()) {
            if (v == 0) zeros++;
            else assertEquals((float) (1 / 0.7), v, 0);
        }
        // Binomial(100000, 0.3): sd ≈ 145, so ±1000 is about 7 standard deviations.
        assertTrue(Math.abs(zeros - 30_000) < 1000, "dropped " + zeros);
    }

    @Test
    void badRateIsRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FusedDropout.dropout(Variable.constant(Tensor.ones(DType.FLOAT32, 3)), new Rng(1), 1.0));
        assertTrue(e.getMessage().contains("dropout") && e.getMessage().contains("1.0"), e.getMessage());
    }
}
