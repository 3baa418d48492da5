package io.vecgrad.optim.bcd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vecgrad.optim.prox.L1Norm;
import org.junit.jupiter.api.Test;

/** The example of optim/README.md's "Proximal operators and coordinate descent" section, compiled and run. */
class ReadmeExampleTest {
    @Test
    void example() {
        double[] a = {1, 0, 0, 1, 1, 1};          // A is 3×2, row-major
        double[] b = {1, 2, 3};
        LassoResult res = LassoCoordinateDescent.solve(a, 3, 2, b, 0.1,
                CoordinateDescentOptions.defaults().withSelection(Selection.CYCLIC).withTol(1e-10));
        double[] x = res.x();                      // res.reason() == StopReason.CONVERGED
        double[] u = new L1Norm(0.5).prox(new double[] {2, -0.2, -1}, 1.0);   // {1.5, 0, -0.5}

        assertEquals(StopReason.CONVERGED, res.reason());
        assertArrayEquals(new double[] {1.5, 0, -0.5}, u, 0);
        // KKT: AᵀA x − Aᵀb = −nα·sign(x) on the support (both coordinates are nonzero here)
        double g0 = (x[0] + (x[0] + x[1])) - (1 + 3), g1 = (x[1] + (x[0] + x[1])) - (2 + 3);
        assertEquals(-0.3 * Math.signum(x[0]), g0, 1e-6);
        assertEquals(-0.3 * Math.signum(x[1]), g1, 1e-6);
    }
}
