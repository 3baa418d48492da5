package io.vecgrad.optim.bilevel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * P59 properties on a coupled-constraint toy: lower {@code f(x,θ) = ½‖θ − x‖²} s.t.
 * {@code θ + x − 1 ≤ 0} (so {@code y*(x) = min(x, 1 − x)}), upper
 * {@code F = ½‖x − 3‖² + ½‖y + 1‖²}; for x > ½ the constraint is active, {@code Φ(x) = ½(x−3)² + ½(2−x)²},
 * minimised at x = 2.5, y = −1.5 in every coordinate. (x, y) is projected onto C = {x + y ≤ 1}.
 */
class LvHbaTest {
    static final int D = 3;
    final int[] calls = new int[3];
    final Bilevel.Objective upper = (x, y) -> { calls[0]++; return x.sub(3).square().sum().mul(0.5).add(y.add(1).square().sum().mul(0.5)); };
    final Bilevel.Objective lower = (x, y) -> { calls[1]++; return y.sub(x).square().sum().mul(0.5); };
    final LvHba.Constraints cons = (x, y) -> { calls[2]++; return y.add(x).sub(1); };
    /** Π_C for C = {x + y ≤ 1} coordinate-wise: move a violating pair half the excess each. */
    static Tensor[] projectC(Tensor x, Tensor y) {
        Tensor excess = x.add(y).sub(1).maximum(0).mul(0.5);
        return new Tensor[] {x.sub(excess), y.sub(excess)};
    }

    final LvHba lv = new LvHba(new LvHba.Problem(upper, lower, cons, t -> t, LvHbaTest::projectC), LvHba.Config.toyDefaults());

    Tensor vec(double... v) {
        return Tensor.of(v, v.length);
    }

    @Test
    void valueFunctionGapIsNonNegativeAtFeasiblePoints() {
        double[][] points = {{0.2, 0.1, -1}, {2, -1.5, -3}, {0.4, 0.6, 0.0}};
        for (double[] p : points) {
            Tensor x = Tensor.full(DType.FLOAT64, p[0], D), y = Tensor.full(DType.FLOAT64, p[1], D), z = Tensor.full(DType.FLOAT64, p[2], D);
            assertTrue(lv.constraintValue(x, y).max().item() <= 0, "the test point must be feasible");
            LvHba.ValueFunction v = lv.valueFunction(x, y, z, y, Tensor.ones(DType.FLOAT64, D), 3000, 0.2);
            double f = BilevelSolver.value(lower, x, y);
            assertTrue(f - v.value() >= -1e-10, "gap f − v = " + (f - v.value()) + " at " + java.util.Arrays.toString(p));
        }
    }

    @Test
    void danskinGradientsMatchFiniteDifferencesOfTheValueFunction() {
        Tensor x = vec(0.9, 1.2, 0.3), y = vec(-0.4, 0.1, 0.5), z = vec(0.5, 2.0, 0.1);
        LvHba.ValueFunction v = lv.valueFunction(x, y, z, y, Tensor.ones(DType.FLOAT64, D), 3000, 0.2);
        double h = 1e-5;
        Tensor[] args = {x, y, z};
        Tensor[] grads = {v.gradX(), v.gradY(), v.gradZ()};
        for (int a = 0; a < 3; a++) {
            double[] fd = new double[D];
            for (int i = 0; i < D; i++) {
                double[] vals = new double[2];
                for (int sgn = 0; sgn < 2; sgn++) {
                    double[] shifted = args[a].toDoubleArray();
                    shifted[i] += sgn == 0 ? h : -h;
                    Tensor[] at = args.clone();
                    at[a] = vec(shifted);
                    vals[sgn] = lv.valueFunction(at[0], at[1], at[2], v.theta(), v.lambda(), 3000, 0.2).value();
                }
                fd[i] = (vals[0] - vals[1]) / (2 * h);
            }
            assertArrayEquals(fd, grads[a].toDoubleArray(), 1e-6, "argument " + a);
        }
    }

    @Test
    void iteratesStayFeasibleUseNoHessiansAndReachTheBilevelSolution() {
        LvHba.State s = lv.init(Tensor.zeros(DType.FLOAT64, D), Tensor.zeros(DType.FLOAT64, D), D);
        java.util.Arrays.fill(calls, 0);
        LvHba.State one = lv.step(s, null);
        // one iteration: F once, f at (x,y) and twice through the Lagrangian at θ, g three times (value + two VJPs)
        assertArrayEquals(new int[] {1, 3, 3}, calls, "oracle calls of one iteration");
        assertEquals(4, one.gradients());
        for (int k = 0; k < 40000; k++) {
            s = lv.step(s, null);
            assertTrue(s.lambda().min().item() >= 0, "λ ≥ 0 at " + k);
            assertTrue(s.z().abs().max().item() <= 1000, "z ∈ Z at " + k);
        }
        assertArrayEquals(new double[] {2.5, 2.5, 2.5}, s.x().toDoubleArray(), 0.05, "x");
        assertArrayEquals(new double[] {-1.5, -1.5, -1.5}, s.y().toDoubleArray(), 0.05, "y");
    }
}
