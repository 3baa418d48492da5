package io.vecgrad.train.adversarial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.autodiff.Autodiff;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.Sequential;
import io.vecgrad.nn.layers.Activation;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import io.vecgrad.train.Model;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The properties of papers/solvers.md P16 for the attacks. */
class PgdTest {
    static final int N = 12;
    static final int D = 6;

    /** Inputs uniform in [0, 1], labels in {0, 1}. */
    static Tensor inputs(long seed) {
        return new Rng(seed).uniform(DType.FLOAT64, 0, 1, N, D);
    }

    static Tensor labels(int classes) {
        long[] y = new long[N];
        for (int i = 0; i < N; i++) {
            y[i] = i % classes;
        }
        return Tensor.of(y, N);
    }

    static Model mlp(long seed) {
        Module net = new Sequential(new Linear(D, 8, true, DType.FLOAT64), Activation.tanh(), new Linear(8, 3, true, DType.FLOAT64));
        net.initialize(new Rng(seed));
        return new Model(net, new int[] {D}, DType.FLOAT64, Model.Loss.CROSS_ENTROPY);
    }

    /** Logistic regression f(x) = wᵀx + b with softplus(−y f): a loss convex in x. */
    static Model logistic(long seed) {
        Module net = new Sequential(new Linear(D, 1, true, DType.FLOAT64));
        net.initialize(new Rng(seed));
        return new Model(net, new int[] {D}, DType.FLOAT64, Model.Loss.BINARY_LOGISTIC);
    }

    /** The objective, recording every point it is evaluated at and its loss. */
    static final class Recording implements AttackObjective {
        final AttackObjective inner;
        final List<double[]> points = new ArrayList<>();
        final List<Double> losses = new ArrayList<>();

        Recording(AttackObjective inner) {
            this.inner = inner;
        }

        @Override
        public Variable loss(Variable x, Tensor y) {
            points.add(x.value().toDoubleArray());
            Variable l = inner.loss(x, y);
            losses.add(l.value().item());
            return l;
        }
    }

    static void assertInBall(Pgd.Norm norm, double eps, double[] x, double[] p, double lo, double hi, String what) {
        for (int i = 0; i < N; i++) {
            double n2 = 0;
            double inf = 0;
            for (int j = i * D; j < (i + 1) * D; j++) {
                assertTrue(p[j] >= lo && p[j] <= hi, what + ": coordinate " + j + " = " + p[j] + " outside [" + lo + ", " + hi + "]");
                double dlt = p[j] - x[j];
                n2 += dlt * dlt;
                inf = Math.max(inf, Math.abs(dlt));
            }
            double r = norm == Pgd.Norm.LINF ? inf : Math.sqrt(n2);
            assertTrue(r <= eps * (1 + 1e-12), what + ": example " + i + " at distance " + r + " > eps " + eps);
        }
    }

    @Test
    void everyIterateStaysInTheBallAndTheDataRange() {
        Tensor x = inputs(1);
        double[] x0 = x.toDoubleArray();
        for (Pgd attack : List.of(Pgd.linf(0.2, 0.07, 15).clip(0, 1), Pgd.l2(0.5, 0.2, 15).clip(0, 1), Pgd.l2(0.5, 0.2, 15))) {
            Recording f = new Recording(AttackObjective.of(mlp(3)));
            Tensor adv = attack.perturb(f, x, labels(3), new Rng(5));
            double lo = attack.lower();
            double hi = attack.upper();
            assertEquals(15, f.points.size());
            for (int k = 0; k < f.points.size(); k++) {
                assertInBall(attack.norm(), attack.epsilon(), x0, f.points.get(k), lo, hi, attack + " iterate " + k);
            }
            assertInBall(attack.norm(), attack.epsilon(), x0, adv.toDoubleArray(), lo, hi, attack + " result");
            assertFalse(java.util.Arrays.equals(x0, adv.toDoubleArray()), attack + " did not move");
        }
    }

    @Test
    void float32IteratesStayInTheBallUpToRounding() {
        Tensor x = inputs(2).to(DType.FLOAT32);
        Model m = mlp(4);
        m.module().to(DType.FLOAT32);
        Model m32 = new Model(m.module(), new int[] {D}, DType.FLOAT32, Model.Loss.CROSS_ENTROPY);
        Tensor adv = Pgd.linf(0.1, 0.03, 10).clip(0, 1).perturb(AttackObjective.of(m32), x, labels(3), new Rng(1));
        assertEquals(DType.FLOAT32, adv.dtype());
        double[] a = adv.toDoubleArray();
        double[] x0 = x.toDoubleArray();
        for (int j = 0; j < a.length; j++) {
            assertTrue(a[j] >= 0 && a[j] <= 1 && Math.abs(a[j] - x0[j]) <= 0.1 + 1e-7, "coordinate " + j);
        }
    }

    @Test
    void onAConvexModelEveryPgdStepRaisesTheLoss() {
        Tensor x = inputs(3);
        Tensor y = labels(2);
        for (Pgd attack : List.of(Pgd.linf(0.3, 0.01, 40).clip(0, 1), Pgd.l2(0.8, 0.02, 40))) {
            Recording f = new Recording(AttackObjective.of(logistic(7)));
            Tensor adv = attack.perturb(f, x, y, new Rng(11));
            f.losses.add(f.inner.loss(Variable.constant(adv), y).value().item());
            for (int k = 1; k < f.losses.size(); k++) {
                assertTrue(f.losses.get(k) >= f.losses.get(k - 1), attack + ": loss fell at step " + k + ": "
                        + f.losses.get(k - 1) + " -> " + f.losses.get(k));
            }
            assertTrue(f.losses.get(f.losses.size() - 1) > f.losses.get(0) + 1e-3, attack + ": loss barely rose " + f.losses);
        }
    }

    @Test
    void fgsmIsOnePgdStepOfSizeEpsilonWithoutRandomStart() {
        Tensor x = inputs(4);
        Tensor y = labels(3);
        Model m = mlp(9);
        AttackObjective f = AttackObjective.of(m);
        Tensor fgsm = Pgd.fgsm(0.1).clip(0, 1).perturb(f, x, y, null);
        Tensor pgd = Pgd.linf(0.1, 0.1, 1).randomStart(false).clip(0, 1).perturb(f, x, y, new Rng(3));
        assertArrayEquals(pgd.toDoubleArray(), fgsm.toDoubleArray());
        // and the textbook formula clip(x + ε·sign(∇ₓℓ))
        double[] g = Autodiff.grad(v -> f.loss(v, y), x).toDoubleArray();
        double[] x0 = x.toDoubleArray();
        double[] expected = new double[x0.length];
        for (int j = 0; j < x0.length; j++) {
            expected[j] = Math.max(0, Math.min(1, x0[j] + 0.1 * Math.signum(g[j])));
        }
        assertArrayEquals(expected, fgsm.toDoubleArray());
    }

    @Test
    void onALinearModelPgdFindsTheExactMaximizer() {
        Model m = logistic(5);
        double[] w = m.module().namedParameters().values().iterator().next().value().toDoubleArray();
        double wn = 0;
        for (double v : w) {
            wn += v * v;
        }
        wn = Math.sqrt(wn);
        Tensor x = inputs(6);
        Tensor y = labels(2);
        double[] x0 = x.toDoubleArray();
        double eps = 0.25;
        double[] linf = Pgd.linf(eps, eps / 4, 8).randomStart(false).perturb(AttackObjective.of(m), x, y, null).toDoubleArray();
        double[] fgsm = Pgd.fgsm(eps).perturb(AttackObjective.of(m), x, y, null).toDoubleArray();
        double[] l2 = Pgd.l2(eps, eps / 4, 8).randomStart(false).perturb(AttackObjective.of(m), x, y, null).toDoubleArray();
        for (int i = 0; i < N; i++) {
            double s = i % 2 == 0 ? -1 : 1; // label 0 ↦ −1, 1 ↦ +1; the maximizer moves against y·w
            for (int j = 0; j < D; j++) {
                int k = i * D + j;
                assertEquals(x0[k] - s * eps * Math.signum(w[j]), linf[k], 1e-15, "L∞ " + k);
                assertEquals(x0[k] - s * eps * Math.signum(w[j]), fgsm[k], 1e-15, "FGSM " + k);
                assertEquals(x0[k] - s * eps * w[j] / wn, l2[k], 1e-12, "L2 " + k);
            }
        }
    }

    @Test
    void sameSeedSameBitsOtherSeedOtherStart() {
        Tensor x = inputs(7);
        Tensor y = labels(3);
        for (Pgd attack : List.of(Pgd.linf(0.2, 0.05, 5).clip(0, 1), Pgd.l2(0.5, 0.1, 5))) {
            double[] a = attack.perturb(AttackObjective.of(mlp(1)), x, y, new Rng(42)).toDoubleArray();
            double[] b = attack.perturb(AttackObjective.of(mlp(1)), x, y, new Rng(42)).toDoubleArray();
            double[] c = attack.perturb(AttackObjective.of(mlp(1)), x, y, new Rng(43)).toDoubleArray();
            assertArrayEquals(a, b);
            assertFalse(java.util.Arrays.equals(a, c));
        }
    }

    @Test
    void epsilonZeroLeavesTheInputsAlone() {
        Tensor x = inputs(8);
        double[] adv = Pgd.linf(0, 0.1, 5).clip(0, 1).perturb(AttackObjective.of(mlp(2)), x, labels(3), new Rng(1)).toDoubleArray();
        assertArrayEquals(x.toDoubleArray(), adv);
    }

    @Test
    void badSettingsAreRefusedWithTheirValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pgd.linf(-1, 0.1, 3));
        assertTrue(e.getMessage().contains("epsilon -1.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Pgd.linf(0.1, 0.1, 3).clip(1, 0));
        assertThrows(IllegalArgumentException.class,
                () -> Pgd.linf(0.1, 0.1, 3).perturb(AttackObjective.of(mlp(1)), inputs(1), labels(3), null));
    }

    @Test
    void theInputGradientMatchesCentralDifferences() {
        Tensor x = inputs(9);
        Tensor y = labels(3);
        AttackObjective f = AttackObjective.of(mlp(6));
        double[] g = Autodiff.grad(v -> f.loss(v, y), x).toDoubleArray();
        double[] base = x.toDoubleArray();
        double h = 1e-6;
        for (int j = 0; j < base.length; j += 7) {
            double[] plus = base.clone();
            double[] minus = base.clone();
            plus[j] += h;
            minus[j] -= h;
            double fd = (f.loss(Variable.constant(Tensor.of(plus, N, D)), y).item() - f.loss(Variable.constant(Tensor.of(minus, N, D)), y).item()) / (2 * h);
            assertEquals(fd, g[j], 1e-8 + 1e-6 * Math.abs(fd), "coordinate " + j);
        }
    }
}
