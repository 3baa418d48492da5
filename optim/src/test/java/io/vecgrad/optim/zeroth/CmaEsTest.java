package io.vecgrad.optim.zeroth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CmaEsTest {
    @Test
    void reachesTheRosenbrockMinimum() {
        for (long seed = 1; seed <= 3; seed++) {
            ZerothOrderResult r = CmaEs.minimize(TestFunctions::rosenbrock, new double[] {0, 0, 0, 0}, 0.5, seed);
            assertTrue(r.value() < 1e-10, "seed " + seed + ": " + r);
            for (double v : r.x()) assertEquals(1, v, 1e-4, "seed " + seed);
        }
    }

    @Test
    void strategyParametersArePurecmas() {
        CmaEs es = new CmaEs(new double[10], 1, 1);
        assertEquals(4 + (int) (3 * Math.log(10)), es.populationSize()); // 10
    }

    @Test
    void sigmaShrinksOnTheSphereAndTheMeanConverges() {
        CmaEs es = new CmaEs(new double[] {3, -2, 1, 0.5, 2}, 1, 4);
        ZerothOrderResult r = es.optimize(TestFunctions::sphere, 20000, 1e-14);
        assertTrue(r.value() <= 1e-12, r.toString());
        assertTrue(es.sigma() < 1e-4, "sigma " + es.sigma());
        double[] h = r.history();
        for (int t = 1; t < h.length; t++) assertTrue(h[t] <= h[t - 1]);
    }

    @Test
    void deterministicPerSeed() {
        ZerothOrderResult a = CmaEs.minimize(TestFunctions::rastrigin, new double[] {2, 2, 2}, 1, 5);
        ZerothOrderResult b = CmaEs.minimize(TestFunctions::rastrigin, new double[] {2, 2, 2}, 1, 5);
        assertArrayEquals(a.x(), b.x(), 0);
        assertEquals(a.evaluations(), b.evaluations());
        assertThrows(IllegalArgumentException.class, () -> new CmaEs(new double[2], 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new CmaEs(new double[2], 1, 1).tell(new double[3][2], new double[3]));
    }
}
