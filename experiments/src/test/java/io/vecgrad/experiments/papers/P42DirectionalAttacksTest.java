package io.vecgrad.experiments.papers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class P42DirectionalAttacksTest {
    @Test
    void tinyRunComparesTheThreeMethodsOnEveryFunctionWithinTheBudget() {
        List<io.vecgrad.train.report.CurvePlots.Curve> curves = new ArrayList<>();
        Outcome o = P42DirectionalAttacks.run(1, 30, 5, curves);
        assertEquals(9, curves.size(), "three methods on three functions");
        for (io.vecgrad.train.report.CurvePlots.Curve c : curves) {
            assertTrue(c.x().length <= 30, c.name() + " used more than the budget: " + c.x().length);
            double[] y = c.y();
            for (int i = 1; i < y.length; i++) assertTrue(y[i] <= y[i - 1], c.name() + ": best-so-far must not increase");
        }
        for (String f : new String[] {"rastrigin", "ackley", "rosenbrock"}) {
            assertTrue(o.figures().containsKey(f + "_hybrid_median"), f);
            assertTrue(o.figures().get(f + "_hybrid_median") >= 0, "all minima are 0");
        }
    }
}
