package io.vecgrad.nn.spiking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vecgrad.autodiff.GradCheck;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Test;

class SpikeTest {
    private static final double[] Z = {-1.5, -0.9, -0.2, 0.0, 0.05, 0.1, 0.3, 0.99, 2.0};

    @Test
    void forwardIsTheHeavisideStep() {
        Variable s = Spike.apply(Variable.constant(Tensor.of(Z)), Surrogate.straightThrough());
        assertArrayEquals(new double[] {0, 0, 0, 1, 1, 1, 1, 1, 1}, s.value().toDoubleArray(), 0);
    }

    @Test
    void backwardMultipliesByTheSurrogate() {
        Surrogate[] all = {Surrogate.straightThrough(), Surrogate.clippedRelu(0.125), Surrogate.sigmoid(4)};
        double[][] expected = {
            {0, 1, 1, 1, 1, 1, 1, 1, 0},
            {0, 0, 0, 1, 1, 1, 0, 0, 0},
            null
        };
        for (int s = 0; s < all.length; s++) {
            Variable z = Variable.parameter(Tensor.of(Z.clone()));
            Variable w = Variable.constant(Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}));
            Spike.apply(z, all[s]).mul(w).sum().backward();
            double[] g = z.grad().toDoubleArray();
            for (int i = 0; i < Z.length; i++) {
                double want = (expected[s] == null ? all[s].derivative(Z[i]) : expected[s][i]) * (i + 1);
                assertEquals(want, g[i], 1e-12, all[s].name() + " at z=" + Z[i]);
            }
        }
    }

    @Test
    void relaxedLayerPassesGradCheckWhereTheSurrogateIsSmooth() {
        Rng r = new Rng(3);
        Tensor z = r.normal(DType.FLOAT64, 0, 1, 4, 5);
        GradCheck.check(v -> Spike.relaxed(v[0], Surrogate.sigmoid(3)).square().sum(), z);
        // piecewise-linear surrogates: smooth away from their kinks (|z| = 1 and z ∈ {0, τ})
        Tensor inside = Tensor.of(new double[] {-0.7, -0.3, 0.2, 0.6, 1.7, -2.5}, 2, 3);
        GradCheck.check(v -> Spike.relaxed(v[0], Surrogate.straightThrough()).square().sum(), inside);
        Tensor clipped = Tensor.of(new double[] {-0.5, 0.03, 0.07, 0.1, 0.4, 1.0}, 2, 3);
        GradCheck.check(v -> Spike.relaxed(v[0], Surrogate.clippedRelu(0.125)).square().sum(), clipped);
    }

    @Test
    void surrogateDerivativeMatchesItsProxy() {
        Surrogate s = Surrogate.sigmoid(2.5);
        for (double z = -3; z <= 3; z += 0.37) {
            double h = 1e-6;
            assertEquals((s.proxy(z + h) - s.proxy(z - h)) / (2 * h), s.derivative(z), 1e-8);
        }
    }

    @Test
    void layerKeepsDtypeAndRejectsBadSurrogates() {
        BinaryActivation a = new BinaryActivation(Surrogate.clippedRelu(0.125));
        Variable out = a.forward(Variable.constant(Tensor.of(new float[] {-1f, 0.5f})));
        assertEquals(DType.FLOAT32, out.value().dtype());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Surrogate.clippedRelu(-1));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("clippedRelu") && e.getMessage().contains("-1"));
        assertThrows(IllegalArgumentException.class, () -> new BinaryActivation(null));
    }
}
