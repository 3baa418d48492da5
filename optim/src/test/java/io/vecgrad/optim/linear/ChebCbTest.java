package io.vecgrad.optim.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

/** P51 ChebCB properties: Chebyshev features, inverse-gap weights, and it learns a context-dependent best arm. */
class ChebCbTest {
    @Property(tries = 50)
    void chebyshevFeaturesAreCosines(@ForAll @DoubleRange(min = -1, max = 1) double x) {
        double[] f = ChebCb.chebyshev(x, 8);
        for (int j = 0; j < 8; j++) assertEquals(Math.cos(j * Math.acos(x)), f[j], 1e-12);
        for (int j = 1; j + 1 < 8; j++) assertEquals(2 * x * f[j] - f[j - 1], f[j + 1], 1e-12);
    }

    @Property(tries = 50)
    void inverseGapWeightsSumToOneAndFavourTheGreedyArm(@ForAll @DoubleRange(min = 0, max = 100) double eta) {
        Random rnd = new Random(Double.hashCode(eta));
        double[] y = new double[6];
        for (int i = 0; i < 6; i++) y[i] = rnd.nextDouble();
        double[] p = ChebCb.inverseGapWeights(y, eta);
        double s = 0;
        int greedy = 0;
        for (int i = 0; i < 6; i++) {
            assertTrue(p[i] > 0);
            s += p[i];
            if (y[i] < y[greedy]) greedy = i;
        }
        assertEquals(1, s, 1e-12);
        for (int i = 0; i < 6; i++) assertTrue(p[greedy] >= p[i]);
    }

    @Test
    void learnsWhichArmIsBestPerContext() {
        // arm 0 is cheap for small contexts, arm 1 for large ones; arm 2 is always worse
        ChebCb cb = new ChebCb(3, 3, 0, 1, 5);
        Random rnd = new Random(1);
        for (int t = 0; t < 2000; t++) {
            double c = rnd.nextDouble();
            int arm = cb.select(c);
            double cost = arm == 0 ? 10 + 20 * c : arm == 1 ? 30 - 20 * c : 35;
            cb.update(cost + rnd.nextDouble());
        }
        int right = 0;
        for (int k = 0; k < 200; k++) {
            double c = k % 2 == 0 ? 0.1 : 0.9;
            int arm = cb.select(c);
            if ((c < 0.5 && arm == 0) || (c > 0.5 && arm == 1)) right++;
            cb.update(arm == 0 ? 10 + 20 * c : arm == 1 ? 30 - 20 * c : 35);
        }
        assertTrue(right > 160, "picked the context's best arm " + right + " of 200 times");
    }
}
