package io.vecgrad.optim.zeroth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vecgrad.optim.Params;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PerturbationStreamTest {
    @Test
    void perturbationsAreRegeneratedFromSeedStepAndIndexOnly() {
        PerturbationStream a = PerturbationStream.of(42, "p"), b = PerturbationStream.of(42, "p");
        a.gaussian(0, 0, 1000); // draws elsewhere do not shift (3, 5)
        assertArrayEquals(a.gaussian(3, 5, 16), b.gaussian(3, 5, 16), 0);
        assertFalse(Arrays.equals(a.gaussian(3, 5, 16), a.gaussian(3, 6, 16)));
        assertFalse(Arrays.equals(a.gaussian(3, 5, 16), a.gaussian(4, 5, 16)));
        assertFalse(Arrays.equals(a.gaussian(3, 5, 16), PerturbationStream.of(43, "p").gaussian(3, 5, 16)));
        assertFalse(Arrays.equals(a.gaussian(3, 5, 16), PerturbationStream.of(42, "q").gaussian(3, 5, 16)));
    }

    @Test
    void gaussianDrawsHaveUnitVariance() {
        double[] z = PerturbationStream.of(1, "stats").gaussian(0, 0, 40000);
        double m = 0, v = 0;
        for (double x : z) m += x;
        m /= z.length;
        for (double x : z) v += (x - m) * (x - m);
        v /= z.length - 1;
        assertEquals(0, m, 4 / Math.sqrt(z.length)); // 4 standard errors
        assertEquals(1, v, 4 * Math.sqrt(2.0 / z.length));
    }

    @Test
    void restoreIsBitwise() {
        double[] x = {0.1, 1e-17, 3.3};
        double[] before = x.clone();
        PerturbationStream.Restore r = PerturbationStream.perturbInPlace(x, 0.37, new double[] {1, 1e10, -2});
        assertFalse(Arrays.equals(before, x));
        r.restore();
        assertArrayEquals(before, x, 0);
        assertThrows(IllegalArgumentException.class, () -> PerturbationStream.perturbInPlace(x, 1, new double[2]));
    }

    @Test
    void centralDifferenceIsExactOnQuadratics() {
        double[] x = {1, -2, 0.5}, z = {0.3, 0.7, -1.1};
        double est = PerturbationStream.centralDifference(v -> v[0] * v[0] + 3 * v[1] * v[1] - v[0] * v[2] + v[2], x, z, 1e-3);
        double exact = (2 * 1 - 0.5) * 0.3 + (6 * -2) * 0.7 + (-1 + 1) * -1.1;
        assertEquals(exact, est, 1e-9);
        assertArrayEquals(new double[] {1, -2, 0.5}, x, 0);
    }

    @Test
    void flatParamsRoundTripsMixedDtypes() {
        Params p = Params.of("w", Tensor.zeros(DType.FLOAT32, 2, 2), "b", Tensor.zeros(DType.FLOAT64, 3));
        double[] v = {1, 2, 3, 4, 0.1, 0.2, 0.3};
        FlatParams.write(p, v);
        assertArrayEquals(new double[] {1, 2, 3, 4}, p.get("w").toDoubleArray(), 0);
        assertArrayEquals(new double[] {0.1, 0.2, 0.3}, p.get("b").toDoubleArray(), 0);
        assertArrayEquals(v, FlatParams.read(p), 1e-7);
        assertThrows(IllegalArgumentException.class, () -> FlatParams.write(p, new double[3]));
    }
}
