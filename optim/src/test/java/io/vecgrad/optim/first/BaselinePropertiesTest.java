package io.vecgrad.optim.first;

import static io.vecgrad.optim.TestUtil.flat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.State;
import io.vecgrad.optim.TestUtil;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

/** Spec properties of P10 gradient descent and the PyTorch baselines B2/B3, plus P56-3 and P68-3. */
class BaselinePropertiesTest {
    static final Params START = TestUtil.params(21, DType.FLOAT64);
    static final List<Params> GS = TestUtil.grads(22, 25, DType.FLOAT64, 1);

    /** Least squares ½‖Xθ − y‖²/n with a fixed well-conditioned X (n = 8, d = 3). */
    static final double[][] X = {{1, 0.2, -0.3}, {0.5, 1, 0.1}, {-0.2, 0.4, 1}, {1, 1, 1}, {0.3, -1, 0.5}, {2, 0.1, 0}, {0, 0.7, -1}, {1, -0.5, 0.2}};
    static final double[] Y = {1, 2, -1, 0.5, 0.3, 2.2, -0.7, 1.1};

    static double[] lsGrad(double[] t) {
        double[] g = new double[3];
        for (int i = 0; i < X.length; i++) {
            double r = -Y[i];
            for (int j = 0; j < 3; j++) r += X[i][j] * t[j];
            for (int j = 0; j < 3; j++) g[j] += X[i][j] * r / X.length;
        }
        return g;
    }

    static double lsLoss(double[] t) {
        double s = 0;
        for (int i = 0; i < X.length; i++) {
            double r = -Y[i];
            for (int j = 0; j < 3; j++) r += X[i][j] * t[j];
            s += 0.5 * r * r / X.length;
        }
        return s;
    }

    @Test
    void p10GradientDescentDecreasesMonotonicallyAndReachesTheNormalEquations() {
        Tensor th = Tensor.zeros(DType.FLOAT64, 3);
        Optimizer opt = Optimizer.of(Params.of("t", th), Sgd.gradientDescent(0.5));
        double prev = lsLoss(th.toDoubleArray());
        for (int k = 0; k < 3000; k++) {
            opt.step(Params.of("t", Tensor.of(lsGrad(th.toDoubleArray()), 3)));
            double l = lsLoss(th.toDoubleArray());
            assertTrue(l <= prev + 1e-15, "loss increased at step " + k);
            prev = l;
        }
        // normal equations XᵀX θ = Xᵀy solved by Cramer's rule
        double[][] a = new double[3][3];
        double[] b = new double[3];
        for (int i = 0; i < X.length; i++) {
            for (int j = 0; j < 3; j++) {
                b[j] += X[i][j] * Y[i];
                for (int k = 0; k < 3; k++) a[j][k] += X[i][j] * X[i][k];
            }
        }
        double det = det(a);
        for (int c = 0; c < 3; c++) {
            double[][] m = {a[0].clone(), a[1].clone(), a[2].clone()};
            for (int r = 0; r < 3; r++) m[r][c] = b[r];
            assertEquals(det(m) / det, th.get(c), 1e-9);
        }
    }

    private static double det(double[][] m) {
        return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    }

    @Test
    void p10CoupledWeightDecayEqualsAnL2TermInTheLoss() {
        double lambda = 0.3;
        List<Params> withL2 = new ArrayList<>();
        Params p = START.copy();
        Optimizer plain = Optimizer.of(p, Sgd.gradientDescent(0.1));
        List<Params> decayed = TestUtil.trajectory(Sgd.sgd(0.1, 0, 0, lambda, false), START, GS);
        for (Params g : GS) {
            plain.step(g.zip(p, (gi, pi) -> gi.add(pi.mul(lambda))));
            withL2.add(p.copy());
        }
        assertTrue(TestUtil.maxRelDiff(decayed, withL2, 1e-3) < 1e-14);
    }

    @Property(tries = 10)
    void adamIsScaleInvariantWithoutEps(@ForAll @DoubleRange(min = 0.01, max = 100) double c) {
        GradientTransformation adam = Adam.adam(Schedule.constant(0.01), 0.9, 0.999, 0, 0, false);
        GradientTransformation belief = AdaBelief.builder().lr(0.01).eps(0).rectify(false).build();
        List<Params> scaled = new ArrayList<>();
        for (Params g : GS) scaled.add(g.map(t -> t.mul(c)));
        assertTrue(TestUtil.maxRelDiff(TestUtil.trajectory(adam, START, scaled), TestUtil.trajectory(adam, START, GS), 1e-3) < 1e-12);
        assertTrue(TestUtil.maxRelDiff(TestUtil.trajectory(belief, START, scaled), TestUtil.trajectory(belief, START, GS), 1e-3) < 1e-12);
    }

    @Test
    void adamStepsAreConstantUnderAConstantGradientAndAmsgradDenominatorsNeverShrink() {
        double[] g = flat(GS.get(0));
        List<Params> same = new ArrayList<>();
        for (int i = 0; i < 15; i++) same.add(GS.get(0));
        List<Params> traj = TestUtil.trajectory(Adam.adam(0.01), START, same);
        double[] prev = flat(START);
        for (Params p : traj) {
            double[] x = flat(p);
            for (int i = 0; i < x.length; i++) assertEquals(-0.01 * g[i] / (Math.abs(g[i]) + 1e-8), x[i] - prev[i], 1e-13);
            prev = x;
        }
        GradientTransformation ams = Adam.amsgrad(0.01);
        State s = ams.init(START);
        double[] vmax = flat(s.slot("v_max"));
        for (Params gi : GS) {
            s = ams.update(gi, s, START).state();
            double[] now = flat(s.slot("v_max"));
            for (int i = 0; i < now.length; i++) assertTrue(now[i] >= vmax[i]);
            vmax = now;
        }
    }

    @Test
    void adamWDecaysGeometricallyWithZeroGradientsAndIsAdamWithoutDecay() {
        List<Params> zeros = new ArrayList<>();
        for (int i = 0; i < 12; i++) zeros.add(START.zerosLike());
        double[] got = flat(TestUtil.trajectory(Adam.adamW(0.1, 0.9, 0.999, 1e-8, 0.2), START, zeros).get(11)), x0 = flat(START);
        for (int i = 0; i < x0.length; i++) assertEquals(x0[i] * Math.pow(1 - 0.02, 12), got[i], 1e-14);
        assertEquals(0.0, TestUtil.maxRelDiff(TestUtil.trajectory(Adam.adamW(0.1, 0.9, 0.999, 1e-8, 0), START, GS),
                TestUtil.trajectory(Adam.adam(0.1), START, GS), 1e-3));
    }

    @Test
    void diffGradFrictionTendsToOneForLargeGradientChanges() {
        DiffGrad dg = DiffGrad.diffGrad(1e-3);
        Params p = Params.of("x", Tensor.zeros(DType.FLOAT64, 1));
        Params big = Params.of("x", Tensor.of(new double[] {40}, 1));
        double ratio = dg.update(big, dg.init(p), p).updates().get("x").get(0)
                / FirstOrderPropertiesTest.adamEpsHat(1e-3).update(big, FirstOrderPropertiesTest.adamEpsHat(1e-3).init(p), p).updates().get("x").get(0);
        assertEquals(1.0, ratio, 1e-15);
    }
}
