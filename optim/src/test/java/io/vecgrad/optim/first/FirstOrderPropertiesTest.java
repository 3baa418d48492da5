package io.vecgrad.optim.first;

import static io.vecgrad.optim.TestUtil.flat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.State;
import io.vecgrad.optim.TestUtil;
import io.vecgrad.optim.Update;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

/** The per-paper properties of the spec (first-order.md) for the optimizers of this package. */
class FirstOrderPropertiesTest {
    static final Params START = TestUtil.params(11, DType.FLOAT64);
    static final List<Params> GS = TestUtil.grads(12, 30, DType.FLOAT64, 1);

    static Params vec(double... v) {
        return Params.of("x", Tensor.of(v, v.length));
    }

    // ---------------------------------------------------------------- P01

    @Test
    void p01AdamInstanceEqualsAdamStepForStep() {
        double d64 = TestUtil.maxRelDiff(TestUtil.trajectory(GeneralMomentum.adam(1e-2, 0.9, 0.999, 1e-8), START, GS),
                TestUtil.trajectory(Adam.adam(1e-2), START, GS), 1e-3);
        assertTrue(d64 < 1e-10, "float64 diff " + d64);
        Params s32 = TestUtil.params(11, DType.FLOAT32);
        List<Params> g32 = TestUtil.grads(12, 30, DType.FLOAT32, 1);
        double d32 = TestUtil.maxRelDiff(TestUtil.trajectory(GeneralMomentum.adam(1e-2, 0.9, 0.999, 1e-8), s32, g32),
                TestUtil.trajectory(Adam.adam(1e-2), s32, g32), 1e-3);
        assertTrue(d32 < 1e-5, "float32 diff " + d32);
    }

    @Test
    void p01HeavyBallEqualsSgdMomentum() {
        double gamma = 0.1, h = 2, r = 3;
        double d = TestUtil.maxRelDiff(TestUtil.trajectory(GeneralMomentum.heavyBall(gamma, h, r), START, GS),
                TestUtil.trajectory(Sgd.sgd(gamma * gamma * h, 1 - gamma * r, 0, 0, false), START, GS), 1e-3);
        assertTrue(d < 1e-12, "diff " + d);
    }

    @Property(tries = 20)
    void p01IsScaleInvariantWithoutEps(@ForAll @DoubleRange(min = 0.01, max = 100) double c) {
        GeneralMomentum rms = new GeneralMomentum(n -> 0.01, n -> 50, n -> 50, n -> 1, n -> 1, 0);
        List<Params> scaled = new ArrayList<>();
        for (Params g : GS) scaled.add(g.map(t -> t.mul(c)));
        assertTrue(TestUtil.maxRelDiff(TestUtil.trajectory(rms, START, scaled), TestUtil.trajectory(rms, START, GS), 1e-3) < 1e-12);
    }

    @Test
    void p01WithDecreasingStepsConvergesOnAStronglyConvexQuadratic() {
        double gamma0 = 0.5, kappa = 0.75;
        // h_n = r_n = 0.5/γ_{n+1}: m is an EMA of G with weight 0.5; γ_n = γ0/(n+1)^κ.
        java.util.function.LongToDoubleFunction gamma = n -> gamma0 / Math.pow(n + 1, kappa);
        java.util.function.LongToDoubleFunction hr = n -> 0.5 / gamma.applyAsDouble(n);
        GeneralMomentum gm = new GeneralMomentum(gamma, hr, hr, n -> 0, n -> 0, 1);
        Tensor x = Tensor.of(new double[] {3, -2, 1}, 3);
        double[] a = {1, 2, 0.5};
        Optimizer opt = Optimizer.of(Params.of("x", x), gm);
        double first = Double.NaN, last = 0;
        for (int i = 0; i < 5000; i++) {
            double[] v = x.toDoubleArray();
            opt.step(vec(a[0] * v[0], a[1] * v[1], a[2] * v[2]));
            if (i == 1000) first = x.normL2(null, false).item();
        }
        last = x.normL2(null, false).item();
        assertTrue(last < first && last < 1e-2, first + " -> " + last);
    }

    // ---------------------------------------------------------------- P11 MaSS

    @Test
    void p11MassWithoutCompensationIsNesterovSgd() {
        double d = TestUtil.maxRelDiff(TestUtil.trajectory(Mass.of(0.05, 0, 0.9), START, GS),
                TestUtil.trajectory(Sgd.sgd(0.05, 0.9, 0, 0, true), START, GS), 1e-3);
        assertTrue(d < 1e-12, "diff " + d);
        double d0 = TestUtil.maxRelDiff(TestUtil.trajectory(Mass.of(0.05, 0, 0), START, GS),
                TestUtil.trajectory(Sgd.gradientDescent(0.05), START, GS), 1e-3);
        assertTrue(d0 < 1e-14, "diff " + d0);
    }

    @Test
    void p11BufferFormEqualsTwoAndThreeVariableForms() {
        double eta = 0.1, alpha = 0.05, kt = 12, delta = eta / (alpha * kt);
        double gamma = (1 - alpha) / (1 + alpha), eta2 = (eta - alpha * delta) / (1 + alpha);
        int d = 16;
        double[] u2 = flat(START), w2 = u2.clone(), u3 = u2.clone(), w3 = u2.clone(), v3 = u2.clone();
        List<Params> traj = TestUtil.trajectory(Mass.fromAuthors(eta, alpha, kt), START, GS);
        for (int t = 0; t < GS.size(); t++) {
            double[] g = flat(GS.get(t));
            for (int i = 0; i < d; i++) {
                double wNew = u2[i] - eta * g[i];
                u2[i] = (1 + gamma) * wNew - gamma * w2[i] + eta2 * g[i];
                w2[i] = wNew;
                double w3n = u3[i] - eta * g[i];
                double v3n = (1 - alpha) * v3[i] + alpha * u3[i] - delta * g[i];
                u3[i] = alpha / (1 + alpha) * v3n + 1 / (1 + alpha) * w3n;
                w3[i] = w3n;
                v3[i] = v3n;
            }
            assertArrayEquals(u2, flat(traj.get(t)), 1e-11, "two-variable form, step " + t);
            assertArrayEquals(u3, flat(traj.get(t)), 1e-11, "three-variable form, step " + t);
        }
    }

    @Property(tries = 10)
    void p11DisplacementIsLinearInTheGradients(@ForAll @DoubleRange(min = -3, max = 3) double c) {
        GradientTransformation m = Mass.fromAuthors(0.1, 0.05, 12);
        Params zero = START.zerosLike();
        List<Params> other = TestUtil.grads(99, GS.size(), DType.FLOAT64, 1), mix = new ArrayList<>();
        for (int i = 0; i < GS.size(); i++) mix.add(GS.get(i).zip(other.get(i), (a, b) -> a.mul(c).add(b)));
        double[] dA = flat(last(TestUtil.trajectory(m, zero, GS))), dB = flat(last(TestUtil.trajectory(m, zero, other)));
        double[] dMix = flat(last(TestUtil.trajectory(m, zero, mix)));
        for (int i = 0; i < dA.length; i++) assertEquals(c * dA[i] + dB[i], dMix[i], 1e-10);
    }

    // ---------------------------------------------------------------- P06 SSGD

    @Test
    void p06StepHasNormMAlongMinusG() {
        Update u = Ssgd.global(0.7).update(GS.get(0), Ssgd.global(0.7).init(START), START);
        assertEquals(0.7, u.updates().globalNorm(), 1e-14);
        double[] du = flat(u.updates()), g = flat(GS.get(0));
        double dot = 0, ng = 0;
        for (int i = 0; i < g.length; i++) {
            dot += -du[i] * g[i];
            ng += g[i] * g[i];
        }
        assertEquals(1.0, dot / (0.7 * Math.sqrt(ng)), 1e-14, "cosine(Δθ, −g)");
        Update per = Ssgd.perTensor(0.3).update(GS.get(0), Ssgd.perTensor(0.3).init(START), START);
        for (Tensor t : per.updates().asMap().values()) assertEquals(0.3, t.normL2(null, false).item(), 1e-14);
        Update z = Ssgd.global(0.7).update(START.zerosLike(), Ssgd.global(0.7).init(START), START);
        assertEquals(0.0, z.updates().globalNorm());
    }

    @Property(tries = 10)
    void p06IsScaleInvariant(@ForAll @DoubleRange(min = 0.01, max = 1e3) double c) {
        Ssgd s = Ssgd.global(0.5);
        assertArrayEquals(TestUtil.firstUpdate(s, START, GS.get(1)), TestUtil.firstUpdate(s, START, GS.get(1).map(t -> t.mul(c))), 1e-14);
    }

    // ---------------------------------------------------------------- P22 extrapolation

    @Test
    void p22MatchesTheTwoSequenceFormAndTelescopes() {
        double eta = 0.05, gamma = 0.03;
        assertTrue(TestUtil.maxRelDiff(TestUtil.trajectory(Extrapolation.of(eta, 0), START, GS),
                TestUtil.trajectory(Sgd.gradientDescent(eta), START, GS), 1e-3) < 1e-14);
        List<Params> traj = TestUtil.trajectory(Extrapolation.of(eta, gamma), START, GS);
        double[] x = flat(START), y0 = flat(START), sum = new double[x.length], prev = new double[x.length];
        for (int t = 0; t < GS.size(); t++) {
            double[] g = flat(GS.get(t)), y = flat(traj.get(t));
            for (int i = 0; i < x.length; i++) {
                x[i] -= eta * g[i];
                sum[i] += g[i];
                assertEquals(x[i] - gamma * g[i], y[i], 1e-12, "y_{t+1} = x_{t+1} − γ g_t");
                assertEquals(y0[i] - eta * sum[i] - gamma * g[i], y[i], 1e-12, "telescoping");
            }
            prev = g;
        }
        assertEquals(x.length, prev.length);
    }

    // ---------------------------------------------------------------- P17 heavy-ball stability

    @Test
    void p17HeavyBallConvergesExactlyInsideTheStabilityRegion() {
        double lambda = 2;
        double[][] cases = {{0.5, 0.9, 1}, {1.4, 0.5, 1}, {0.99, 0, 1}, {1.01, 0, 0}, {1.5, 0.4, 0}, {0.1, 0.99, 1}};
        for (double[] c : cases) {
            double eta = c[0], mu = c[1];
            Tensor x = Tensor.of(new double[] {1}, 1);
            Optimizer opt = Optimizer.of(Params.of("x", x), MomentumAnnealing.of(Schedule.constant(eta), Schedule.constant(mu)));
            for (int i = 0; i < 3000; i++) opt.step(vec(lambda * x.get(0)));
            boolean converged = Math.abs(x.get(0)) < 1e-6;
            assertEquals(c[2] == 1, converged, "eta=" + eta + " mu=" + mu + " x=" + x.get(0));
        }
    }

    // ---------------------------------------------------------------- P29 power gradient

    @Test
    void p29PowerOneIsTheBaseOptimizer() {
        assertTrue(TestUtil.maxRelDiff(TestUtil.trajectory(PowerGradient.pAdam(0.01, 1), START, GS),
                TestUtil.trajectory(Adam.adam(0.01), START, GS), 1e-3) < 1e-12);
        assertTrue(TestUtil.maxRelDiff(TestUtil.trajectory(PowerGradient.pNag(0.01, 0.9, 1), START, GS),
                TestUtil.trajectory(Sgd.sgd(0.01, 0.9, 0, 0, true), START, GS), 1e-3) < 1e-14);
    }

    @Property(tries = 50)
    void p29PreservesSignAndShrinksTowardsOne(@ForAll @DoubleRange(min = -5, max = 5) double g,
                                              @ForAll @DoubleRange(min = 0.05, max = 1) double h) {
        double p = TestUtil.firstUpdate(PowerGradient.power(h), vec(0), vec(g))[0];
        assertEquals(Math.signum(g), Math.signum(p));
        if (Math.abs(g) <= 1) assertTrue(Math.abs(p) >= Math.abs(g) - 1e-15);
        else assertTrue(Math.abs(p) <= Math.abs(g) + 1e-15);
    }

    @Property(tries = 20)
    void p29IsHomogeneous(@ForAll @DoubleRange(min = 0.01, max = 100) double c, @ForAll @DoubleRange(min = 0.1, max = 1) double h) {
        double[] a = TestUtil.firstUpdate(PowerGradient.power(h), START, GS.get(0).map(t -> t.mul(c)));
        double[] b = TestUtil.firstUpdate(PowerGradient.power(h), START, GS.get(0));
        for (int i = 0; i < a.length; i++) assertEquals(Math.pow(c, h) * b[i], a[i], 1e-12 * (1 + Math.abs(a[i])));
    }

    @Test
    void p29TendsToSignAsHGoesToZero() {
        double[] p = TestUtil.firstUpdate(PowerGradient.power(1e-6), vec(0, 0, 0, 0), vec(-3, 0.2, 1e-3, 0));
        assertArrayEquals(new double[] {-1, 1, 1, 0}, p, 1e-4);
    }

    // ---------------------------------------------------------------- P56 AdaBelief

    @Test
    void p56FirstStepClosedForm() {
        double lr = 1e-3, b1 = 0.9, b2 = 0.999, eps = 1e-8;
        AdaBelief ab = AdaBelief.builder().lr(lr).eps(eps).rectify(false).build();
        double[] u = TestUtil.firstUpdate(ab, START, GS.get(0)), g = flat(GS.get(0));
        for (int i = 0; i < g.length; i++) {
            double want = -lr * g[i] / (Math.sqrt(b1 * b1 * g[i] * g[i] + eps / (1 - b2)) + eps);
            assertEquals(want, u[i], 1e-12 * Math.abs(want));
        }
    }

    @Test
    void p56RectifiedEarlyStepsAreBiasCorrectedSgdMomentum() {
        double lr = 1e-2, b1 = 0.9, b2 = 0.999;
        AdaBelief ab = AdaBelief.builder().lr(lr).build();
        State s = ab.init(START);
        double[] m = new double[16];
        int checked = 0;
        for (int t = 1; t <= 8; t++) {
            double rho = 2 / (1 - b2) - 1 - 2 * t * Math.pow(b2, t) / (1 - Math.pow(b2, t));
            Update u = ab.update(GS.get(t), s, START);
            s = u.state();
            double[] g = flat(GS.get(t)), du = flat(u.updates());
            for (int i = 0; i < 16; i++) m[i] = b1 * m[i] + (1 - b1) * g[i];
            if (rho < 5) {
                checked++;
                for (int i = 0; i < 16; i++) assertEquals(-lr * m[i] / (1 - Math.pow(b1, t)), du[i], 1e-15);
            }
        }
        assertTrue(checked >= 4, "steps with rho < 5: " + checked);
    }

    @Test
    void p56DecoupledDecayWithZeroGradients() {
        AdaBelief ab = AdaBelief.builder().lr(0.1).weightDecay(0.5).rectify(false).build();
        List<Params> zeros = new ArrayList<>();
        for (int i = 0; i < 10; i++) zeros.add(START.zerosLike());
        double[] got = flat(last(TestUtil.trajectory(ab, START, zeros))), x0 = flat(START);
        for (int i = 0; i < x0.length; i++) assertEquals(x0[i] * Math.pow(1 - 0.05, 10), got[i], 1e-14);
    }

    @Test
    void p56AmsgradDenominatorNeverDecreases() {
        AdaBelief ab = AdaBelief.builder().lr(0.01).amsgrad(true).rectify(false).build();
        State s = ab.init(START);
        double[] prev = null;
        for (Params g : GS) {
            s = ab.update(g, s, START).state();
            double[] sm = flat(s.slot("s_max"));
            if (prev != null) for (int i = 0; i < sm.length; i++) assertTrue(sm[i] >= prev[i]);
            prev = sm;
        }
    }

    @Test
    void p56StepsAreAtLeastAdamsUnderAConstantGradient() {
        Params g = GS.get(0);
        List<Params> same = new ArrayList<>();
        for (int i = 0; i < 20; i++) same.add(g);
        GradientTransformation ab = AdaBelief.builder().lr(1e-3).eps(1e-16).rectify(false).build();
        State s = ab.init(START);
        double[] gv = flat(g);
        for (Params gi : same) {
            Update u = ab.update(gi, s, START);
            s = u.state();
            double[] du = flat(u.updates());
            for (int i = 0; i < gv.length; i++) assertTrue(Math.abs(du[i]) >= 1e-3 * Math.abs(gv[i]) / (Math.abs(gv[i]) + 1e-8) * (1 - 1e-12));
        }
    }

    // ---------------------------------------------------------------- P68 diffGrad

    /** Adam in diffGrad's ε placement: lr·sqrt(bc2)/bc1 · m/(sqrt(v) + ε). */
    static GradientTransformation adamEpsHat(double lr) {
        return new io.vecgrad.optim.LeafTransform("m", "v") {
            @Override
            protected Tensor[] leaf(Tensor g, Tensor p, Tensor[] s, Step step) {
                Tensor m = s[0].mul(0.9).add(g.mul(0.1));
                Tensor v = s[1].mul(0.999).add(g.mul(0.001).mul(g));
                double ss = lr * Math.sqrt(1 - Math.pow(0.999, step.t())) / (1 - Math.pow(0.9, step.t()));
                return new Tensor[] {m.mul(-ss).div(v.sqrt().add(1e-8)), m, v};
            }
        };
    }

    @Test
    void p68StepIsBetweenHalfAndAllOfAdams() {
        GradientTransformation dg = DiffGrad.diffGrad(1e-3), ad = adamEpsHat(1e-3);
        State s1 = dg.init(START), s2 = ad.init(START);
        for (Params g : GS) {
            Update a = dg.update(g, s1, START), b = ad.update(g, s2, START);
            s1 = a.state();
            s2 = b.state();
            double[] x = flat(a.updates()), y = flat(b.updates());
            for (int i = 0; i < x.length; i++) {
                double r = x[i] / y[i];
                assertTrue(r >= 0.5 - 1e-12 && r < 1, "ratio " + r);
            }
        }
    }

    @Test
    void p68EqualConsecutiveGradientsGiveHalfTheAdamStepAndTheV1BugIsAdamAtHalfRate() {
        GradientTransformation dg = DiffGrad.diffGrad(1e-3), ad = adamEpsHat(1e-3);
        State s1 = dg.update(GS.get(0), dg.init(START), START).state();
        State s2 = ad.update(GS.get(0), ad.init(START), START).state();
        double[] x = flat(dg.update(GS.get(0), s1, START).updates()), y = flat(ad.update(GS.get(0), s2, START).updates());
        for (int i = 0; i < x.length; i++) assertEquals(0.5 * y[i], x[i], 1e-15 * Math.abs(y[i]) + 1e-300);
        double d = TestUtil.maxRelDiff(TestUtil.trajectory(new DiffGrad(Schedule.constant(1e-2), 0.9, 0.999, 1e-8, 0, true), START, GS),
                TestUtil.trajectory(adamEpsHat(5e-3), START, GS), 1e-3);
        assertTrue(d < 1e-12, "v1 bug vs Adam(lr/2): " + d);
    }

    // ---------------------------------------------------------------- baselines

    @Property(tries = 10)
    void rpropIgnoresPositiveGradientScalesAndKeepsStepSizesInBounds(@ForAll("seeds") long seed) {
        java.util.Random r = new java.util.Random(seed);
        List<Params> scaled = new ArrayList<>();
        for (Params g : GS) {
            double c = Math.exp(4 * r.nextGaussian());
            scaled.add(g.map(t -> t.mul(c)));
        }
        Rprop rp = new Rprop(0.01, 0.5, 1.2, 1e-3, 0.05);
        assertTrue(TestUtil.maxRelDiff(TestUtil.trajectory(rp, START, scaled), TestUtil.trajectory(rp, START, GS), 1e-3) == 0);
        State s = rp.init(START);
        for (Params g : GS) {
            s = rp.update(g, s, START).state();
            for (double v : flat(s.slot("step_size"))) assertTrue(v >= 1e-3 && v <= 0.05);
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Long> seeds() {
        return net.jqwik.api.Arbitraries.longs();
    }

    @Test
    void rpropDoesNotMoveACoordinateRightAfterItsSignFlips() {
        Rprop rp = Rprop.rprop(0.1);
        State s = rp.update(vec(1, 1), rp.init(vec(0, 0)), vec(0, 0)).state();
        Update u = rp.update(vec(-1, 2), s, vec(0, 0));
        assertEquals(0.0, u.updates().get("x").get(0), 0.0);
        assertEquals(-0.12, u.updates().get("x").get(1), 1e-15);
    }

    @Test
    void firstStepsOfAdamAdamaxAndAdadelta() {
        double[] g = flat(GS.get(0));
        double[] adam = TestUtil.firstUpdate(Adam.adam(0.01), START, GS.get(0));
        double[] amax = TestUtil.firstUpdate(Adamax.adamax(0.01), START, GS.get(0));
        double[] ada = TestUtil.firstUpdate(AdaDelta.adadelta(1.0), START, GS.get(0));
        for (int i = 0; i < g.length; i++) {
            assertEquals(-0.01 * g[i] / (Math.abs(g[i]) + 1e-8), adam[i], 1e-15);
            assertEquals(-0.01 * g[i] / (Math.abs(g[i]) + 1e-8), amax[i], 1e-15);
            assertTrue(Math.abs(ada[i]) <= Math.sqrt(1e-6 / (1 - 0.9)));
        }
    }

    @Test
    void adagradEffectiveRatesNeverIncrease() {
        AdaGrad ag = AdaGrad.adagrad(0.1);
        AdaGradNorm an = AdaGradNorm.of(1.0, 0.1);
        State s = ag.init(START), sn = an.init(START);
        double[] prev = null;
        double prevN = Double.POSITIVE_INFINITY;
        for (Params g : GS) {
            s = ag.update(g, s, START).state();
            sn = an.update(g, sn, START).state();
            double[] sum = flat(s.slot("sum"));
            if (prev != null) for (int i = 0; i < sum.length; i++) assertTrue(0.1 / (Math.sqrt(sum[i]) + 1e-10) <= 0.1 / (Math.sqrt(prev[i]) + 1e-10));
            prev = sum;
            double lrN = an.hyperParams(sn).get("lr");
            assertTrue(lrN <= prevN);
            prevN = lrN;
        }
    }

    private static Params last(List<Params> traj) {
        return traj.get(traj.size() - 1);
    }
}
