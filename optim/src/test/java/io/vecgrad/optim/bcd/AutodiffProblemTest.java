package io.vecgrad.optim.bcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.optim.bcd.BlockRules.Rule;
import io.vecgrad.tensor.Tensor;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** An autodiff function as a block problem agrees with the hand-written logistic oracle. */
class AutodiffProblemTest {
    @Test
    void logisticThroughAutodiffMatchesLogisticProblem() {
        int n = 30, p = 6;
        Random rnd = new Random(3);
        double[] a = new double[n * p], b = new double[n];
        for (int i = 0; i < a.length; i++) a[i] = rnd.nextGaussian();
        for (int i = 0; i < n; i++) b[i] = rnd.nextBoolean() ? 1 : -1;
        double[] ba = new double[n * p];   // rows of A scaled by b
        for (int i = 0; i < n; i++) for (int j = 0; j < p; j++) ba[i * p + j] = b[i] * a[i * p + j];
        Variable baV = Variable.constant(Tensor.of(ba, n, p));
        Function<Variable, Variable> f = x -> baV.matmul(x.reshape(p, 1)).neg().softplus().sum();
        LogisticProblem ref = LogisticProblem.of(ColumnMatrix.ofRowMajor(a, n, p), b);
        AutodiffProblem ad = AutodiffProblem.of(f, p, ref.coordinateLipschitz());
        double[] x = new double[p];
        for (int j = 0; j < p; j++) x[j] = 0.3 * rnd.nextGaussian();
        assertEquals(ref.value(x), ad.value(x), 1e-10);
        double[] g1 = new double[p], g2 = new double[p];
        ref.gradient(x, g1);
        ad.gradient(x, g2);
        for (int j = 0; j < p; j++) assertEquals(g1[j], g2[j], 1e-10);
        int[] block = {1, 3, 4};
        double[] gb = ad.blockGradient(x, block);
        for (int t = 0; t < 3; t++) assertEquals(g1[block[t]], gb[t], 1e-10);
        double[][] h1 = ref.hessianBlock(x, block), h2 = ad.hessianBlock(x, block);
        for (int s = 0; s < 3; s++) for (int t = 0; t < 3; t++) assertEquals(h1[s][t], h2[s][t], 1e-9);
        // Newton blocks through HVPs decrease f like the hand-written oracle
        BcdOptions o = BcdOptions.defaults().withMaxIterations(12);
        Partition part = Partition.order(p, 3);
        double vRef = BlockCoordinateDescent.solve(ref, null, new double[p], BlockRules.fixed(part, Rule.GS), BlockUpdate.NEWTON, o).value();
        double vAd = BlockCoordinateDescent.solve(ad, null, new double[p], BlockRules.fixed(part, Rule.GS), BlockUpdate.NEWTON, o).value();
        assertEquals(vRef, vAd, 1e-8 * Math.abs(vRef));
        BcdResult lb = BlockCoordinateDescent.solve(ad, null, new double[p], BlockRules.variable(2, Rule.GSD), BlockUpdate.GRADIENT, o);
        assertTrue(lb.value() < lb.objective()[0]);
    }

    @Test
    void badLipschitzConstantsAreRejected() {
        Function<Variable, Variable> f = x -> x.mul(x).sum();
        assertThrows(IllegalArgumentException.class, () -> AutodiffProblem.of(f, 2, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> AutodiffProblem.of(f, 2, new double[] {1, 0}));
    }
}
