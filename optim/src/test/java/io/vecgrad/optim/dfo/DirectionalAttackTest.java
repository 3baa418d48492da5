package io.vecgrad.optim.dfo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class DirectionalAttackTest {
    /** Φ(x) = (x0·sin x1, x2² + x0, exp(x1)·x2): a smooth map R³ → R³ with a Jacobian we can write down. */
    static final Function<Variable, Variable> PHI = x -> {
        Variable a = x.reshape(3);
        Variable x0 = select(a, 0), x1 = select(a, 1), x2 = select(a, 2);
        return concat(x0.mul(x1.sin()), x2.square().add(x0), x1.exp().mul(x2));
    };

    static Variable select(Variable v, int i) {
        double[] e = new double[3];
        e[i] = 1;
        return v.mul(Variable.constant(Tensor.of(e, 3))).sum().reshape(1);
    }

    static Variable concat(Variable a, Variable b, Variable c) {
        Variable ea = Variable.constant(Tensor.of(new double[] {1, 0, 0}, 3)), eb = Variable.constant(Tensor.of(new double[] {0, 1, 0}, 3)),
                ec = Variable.constant(Tensor.of(new double[] {0, 0, 1}, 3));
        return a.mul(ea).add(b.mul(eb)).add(c.mul(ec));
    }

    static double[] phi(double[] x) {
        return new double[] {x[0] * Math.sin(x[1]), x[2] * x[2] + x[0], Math.exp(x[1]) * x[2]};
    }

    /** Jᵀu written out by hand: the oracle for the autodiff VJP. */
    static double[] jtu(double[] x, double[] u) {
        return new double[] {u[0] * Math.sin(x[1]) + u[1], u[0] * x[0] * Math.cos(x[1]) + u[2] * Math.exp(x[1]) * x[2], 2 * x[2] * u[1] + u[2] * Math.exp(x[1])};
    }

    static double gain(double[] u, double[] x, double[] d) {
        double[] xd = x.clone();
        for (int i = 0; i < 3; i++) xd[i] += d[i];
        double[] a = phi(xd), b = phi(x);
        double s = 0;
        for (int i = 0; i < 3; i++) s += u[i] * (a[i] - b[i]);
        return s;
    }

    @Test
    void inputVjpMatchesTheHandJacobian() {
        double[] x = {0.7, -0.4, 1.3}, u = {0.5, -2, 1};
        assertArrayEquals(jtu(x, u), DirectionalAttack.inputVjp(PHI, x, u), 1e-12);
        assertArrayEquals(phi(x), DirectionalAttack.output(PHI, x), 1e-12);
    }

    @Test
    void budgetHoldsForFgsmAndPgd() {
        Rng rng = new Rng(3);
        for (int trial = 0; trial < 20; trial++) {
            double[] x = {rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian()};
            double[] u = {rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian()};
            double r = 0.01 + rng.nextDouble();
            for (int steps : new int[] {1, 3, 10}) {
                double[] d = DirectionalAttack.attack(PHI, x, u, r, steps);
                for (double di : d) assertTrue(Math.abs(di) <= r * (1 + 1e-15), "steps " + steps + ": |d_i| = " + Math.abs(di) + " > r = " + r);
            }
        }
    }

    @Test
    void smallFgsmAttackIsAnAscentStepMatchingTheTaylorPrediction() {
        Rng rng = new Rng(5);
        for (int trial = 0; trial < 10; trial++) {
            double[] x = {rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian()};
            double[] u = {rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian()};
            double r = 1e-5;
            double[] g = jtu(x, u);
            double predicted = 0;
            for (double gi : g) predicted += r * Math.abs(gi); // ⟨Jᵀu, r·sign(Jᵀu)⟩ = r‖Jᵀu‖₁
            double actual = gain(u, x, DirectionalAttack.attack(PHI, x, u, r, 1));
            assertTrue(actual > 0, "attack must increase ⟨u, Φ⟩, got " + actual);
            assertEquals(predicted, actual, 1e-3 * predicted, "first-order Taylor prediction");
        }
    }

    @Test
    void pgdGainsAtLeastAsMuchAsItsFirstStepAndStaysInTheBall() {
        double[] x = {0.3, 0.9, -0.6}, u = {1, -1, 0.5};
        double r = 0.3;
        double[] pgd = DirectionalAttack.attack(PHI, x, u, r, 20);
        double[] fgsm = DirectionalAttack.attack(PHI, x, u, r, 1);
        assertTrue(gain(u, x, pgd) > 0);
        // PGD keeps its best iterate; 20 steps of 2.5r/20 reach at least as far as one FGSM step here
        assertTrue(gain(u, x, pgd) >= gain(u, x, fgsm) - 1e-12, "PGD " + gain(u, x, pgd) + " vs FGSM " + gain(u, x, fgsm));
    }

    @Test
    void exactSurrogateMakesTheAttackADescentStep() {
        // Φ = f itself (Rosenbrock), u = −1: the attack is a descent step of the true objective
        Function<Variable, Variable> rosen = x -> {
            Variable a = x.reshape(2);
            Variable x0 = a.mul(Variable.constant(Tensor.of(new double[] {1, 0}, 2))).sum();
            Variable x1 = a.mul(Variable.constant(Tensor.of(new double[] {0, 1}, 2))).sum();
            return x1.sub(x0.square()).square().mul(100).add(x0.rsub(1).square()).reshape(1);
        };
        Rng rng = new Rng(11);
        for (int trial = 0; trial < 10; trial++) {
            double[] x = {2 * rng.nextDouble() - 1, 2 * rng.nextDouble() - 1};
            double f0 = io.vecgrad.optim.zeroth.TestFunctions.rosenbrock(x);
            for (int steps : new int[] {1, 5}) {
                double[] d = DirectionalAttack.attack(rosen, x, new double[] {-1}, 1e-4, steps);
                double f1 = io.vecgrad.optim.zeroth.TestFunctions.rosenbrock(new double[] {x[0] + d[0], x[1] + d[1]});
                assertTrue(f1 < f0, "steps " + steps + ": f went from " + f0 + " to " + f1);
            }
        }
    }

    @Test
    void attackDecreasesAFittedNeuralSurrogate() {
        double[] lo = {-2, -2}, hi = {2, 2};
        NeuralSurrogate s = new NeuralSurrogate(lo, hi, NeuralSurrogate.Options.defaults().withEpochs(150));
        Rng rng = new Rng(2);
        List<double[]> pts = new ArrayList<>();
        double[] vals = new double[60];
        for (int i = 0; i < 60; i++) {
            double[] p = {4 * rng.nextDouble() - 2, 4 * rng.nextDouble() - 2};
            pts.add(p);
            vals[i] = (p[0] - 0.5) * (p[0] - 0.5) + 2 * p[1] * p[1];
        }
        double loss = s.fit(pts, vals, new double[2]);
        assertTrue(loss < 0.1, "the surrogate should fit a quadratic, standardized MSE " + loss);
        for (double[] x : new double[][] {{1.5, 1}, {-1, -1}, {0.2, 1.7}}) {
            double[] d = DirectionalAttack.attack(s.network(), x, new double[] {-1}, 1e-3, 1);
            double before = s.predict(x), after = s.predict(new double[] {x[0] + d[0], x[1] + d[1]});
            assertTrue(after < before, "surrogate went from " + before + " to " + after);
        }
    }

    @Test
    void zeroPullbackGivesZeroPerturbation() {
        // u orthogonal to every output direction that depends on x: Jᵀu = 0 → d = 0
        Function<Variable, Variable> constOut = x -> x.mul(0).sum().add(1).reshape(1);
        assertArrayEquals(new double[2], DirectionalAttack.attack(constOut, new double[] {1, 2}, new double[] {1}, 0.5, 1));
    }

    @Test
    void badInputIsRejectedWithTheFigures() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DirectionalAttack.attack(PHI, new double[3], new double[3], 0, 1));
        assertTrue(e.getMessage().contains("radius") && e.getMessage().contains("0.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DirectionalAttack.attack(PHI, new double[3], new double[2], 0.1, 1));
        assertTrue(e.getMessage().contains("3 outputs") && e.getMessage().contains("length 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DirectionalAttack.attack(PHI, new double[3], new double[3], 0.1, 0));
        assertTrue(e.getMessage().contains("steps"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DirectionalAttack.attack(PHI, new double[] {0, Double.NaN, 0}, new double[3], 0.1, 1));
        assertTrue(e.getMessage().contains("x[1]"), e.getMessage());
    }
}
