package io.vecgrad.optim.newton;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.Sequential;
import io.vecgrad.nn.layers.Activation;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.nn.losses.Losses;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Test;

class HessianFreeTest {
    @Test
    void martensDampingRule() {
        assertEquals(1.5, HessianFree.nextLambda(1, 0.1));
        assertEquals(1.5, HessianFree.nextLambda(1, Double.NEGATIVE_INFINITY));
        assertEquals(1, HessianFree.nextLambda(1, 0.5));
        assertEquals(2.0 / 3, HessianFree.nextLambda(1, 0.9));
    }

    @Test
    void trainsASmallRegressionNetAndNeverIncreasesTheLoss() {
        int n = 64;
        Tensor x = new Rng(1).uniform(DType.FLOAT64, -2, 2, n, 1);
        double[] xv = x.toDoubleArray(), yv = new double[n];
        for (int i = 0; i < n; i++) yv[i] = Math.sin(1.5 * xv[i]);
        Variable y = Variable.constant(Tensor.of(yv, n, 1));
        Module net = new Sequential(new Linear(1, 16, true, DType.FLOAT64), Activation.tanh(), new Linear(16, 1, true, DType.FLOAT64)).initialize(new Rng(2));
        HessianFree hf = new HessianFree(net, HessianFree.Options.defaults());
        double first = Double.NaN, last = Double.NaN;
        for (int step = 0; step < 25; step++) {
            HessianFree.StepResult s = hf.step(x, z -> Losses.mse(z, y));
            if (step == 0) first = s.lossBefore();
            assertTrue(s.lossAfter() <= s.lossBefore(), "step " + step + ": " + s);
            assertTrue(s.lambda() > 0);
            last = s.lossAfter();
        }
        assertTrue(last < first / 100, "HF reduced the loss only from " + first + " to " + last);
    }
}
