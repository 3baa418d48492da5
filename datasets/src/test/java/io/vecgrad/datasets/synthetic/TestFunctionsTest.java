package io.vecgrad.datasets.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class TestFunctionsTest {
    static List<TestFunction> all() {
        return List.of(TestFunctions.quadratic(TestFunctions.geometricSpectrum(5, 100), 3), TestFunctions.rosenbrock(2),
                TestFunctions.rosenbrock(6), TestFunctions.beale(), TestFunctions.rastrigin(4));
    }

    @Property(tries = 40)
    void gradientsMatchCentralDifferences(@ForAll long seed) {
        for (TestFunction f : all()) {
            Rng rng = new Rng(seed);
            Tensor x = rng.uniform(DType.FLOAT64, -1.5, 1.5, f.dimension());
            double[] g = f.gradient(x).toDoubleArray();
            double h = 1e-6;
            for (int i = 0; i < f.dimension(); i++) {
                Tensor xp = x.copy().setAt(x.get(i) + h, i);
                Tensor xm = x.copy().setAt(x.get(i) - h, i);
                double fd = (f.value(xp) - f.value(xm)) / (2 * h);
                assertEquals(fd, g[i], 1e-5 * (1 + Math.abs(fd)), f.name() + " coordinate " + i);
            }
        }
    }

    @Test
    void minimizersAttainTheMinimumWithZeroGradient() {
        for (TestFunction f : all()) {
            assertEquals(f.minimum(), f.value(f.minimizer()), 1e-12, f.name());
            assertEquals(0, f.gradient(f.minimizer()).normInf(new int[] {0}, false).item(), 1e-12, f.name());
        }
    }

    @Test
    void quadraticHessianHasTheChosenSpectrum() {
        double[] spectrum = {1, 4, 9};
        TestFunction q = TestFunctions.quadratic(spectrum, 1);
        double trace = 0;
        for (int i = 0; i < 3; i++) {
            Tensor e = Tensor.zeros(DType.FLOAT64, 3).setAt(1, i);
            trace += q.gradient(q.minimizer().add(e)).get(i);   // H_ii
        }
        assertEquals(14, trace, 1e-12);
        Tensor away = q.minimizer().add(1);
        assertEquals(q.value(away), 0.5 * q.gradient(away).mul(away.sub(q.minimizer())).sum().item(), 1e-12);
    }
}
