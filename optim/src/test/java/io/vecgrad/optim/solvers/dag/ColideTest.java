package io.vecgrad.optim.solvers.dag;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.optim.problems.dag.DagMetrics;
import io.vecgrad.optim.problems.dag.DagSampler;
import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Test;

class ColideTest {
    private static final DagSampler.Sample EV = DagSampler.sample(DagSampler.Graph.ER, 8, 8, 1000, true, 2);
    private static final DagSampler.Sample NV = DagSampler.sample(DagSampler.Graph.ER, 8, 8, 1000, false, 2);

    private static double[] randomW(int d, long seed, double scale) {
        Rng r = new Rng(seed);
        double[] w = new double[d * d];
        for (int k = 0; k < w.length; k++) w[k] = scale * r.nextGaussian();
        return w;
    }

    @Test
    void closedFormSigmaIsTheArgminOfTheScore() {
        for (Colide.Variance v : Colide.Variance.values()) {
            Colide c = Colide.forData(EV.x(), EV.n(), 8, Colide.Options.defaults(v));
            double[] w = randomW(8, 3, 0.3);
            double[] sigma = c.closedFormSigma(w);
            double s0 = c.score(w, sigma);
            for (int j = 0; j < sigma.length; j++) {
                double h = 1e-5 * sigma[j];
                double[] p = sigma.clone(), m = sigma.clone();
                p[j] += h;
                m[j] -= h;
                double dfd = (c.score(w, p) - c.score(w, m)) / (2 * h);
                assertEquals(0.0, dfd, 1e-8, v + " component " + j);
                assertTrue(c.score(w, p) > s0 && c.score(w, m) > s0);
            }
        }
    }

    @Test
    void scoreIsJointlyConvexAlongRandomLines() {
        for (Colide.Variance v : Colide.Variance.values()) {
            Colide c = Colide.forData(NV.x(), NV.n(), 8, Colide.Options.defaults(v));
            Rng r = new Rng(17);
            for (int line = 0; line < 20; line++) {
                double[] w0 = randomW(8, 100 + line, 0.4), dw = randomW(8, 200 + line, 0.4);
                int ns = v == Colide.Variance.EQUAL ? 1 : 8;
                double[] s0 = new double[ns], ds = new double[ns];
                for (int j = 0; j < ns; j++) {
                    s0[j] = 1 + r.nextDouble();
                    ds[j] = 0.4 * (r.nextDouble() - 0.5);
                }
                double prev = Double.NaN, prev2 = Double.NaN;
                for (int k = 0; k <= 20; k++) {
                    double t = -1 + 0.1 * k;
                    double[] w = new double[64], s = new double[ns];
                    for (int e = 0; e < 64; e++) w[e] = w0[e] + t * dw[e];
                    for (int j = 0; j < ns; j++) s[j] = s0[j] + t * ds[j];
                    double f = c.score(w, s) + 0.05 * l1(w);
                    if (k >= 2) assertTrue(f - 2 * prev + prev2 >= -1e-10 * Math.abs(f), v + " line " + line + " t " + t);
                    prev2 = prev;
                    prev = f;
                }
            }
        }
    }

    @Test
    void gradientOfTheStageObjectiveMatchesCentralDifferences() {
        Colide c = Colide.forData(NV.x(), NV.n(), 8, Colide.Options.defaults(Colide.Variance.NON_EQUAL));
        double[] w = randomW(8, 5, 0.15);
        double[] sigma = {1, 1.2, 0.9, 2, 1.5, 1.1, 0.8, 1.3};
        double mu = 0.3, s = 1.0;
        double[] mInv = io.vecgrad.tensor.linalg.Linalg.inv(io.vecgrad.tensor.Tensor.wrap(mMatrix(w, s), 8, 8)).toDoubleArray();
        double[] g = c.objectiveGradient(w, sigma, mu, mInv);
        for (int k = 0; k < 64; k++) {
            double[] p = w.clone(), m = w.clone();
            p[k] += 1e-6;
            m[k] -= 1e-6;
            double fd = (c.objective(p, sigma, mu, s) - c.objective(m, sigma, mu, s)) / 2e-6;
            assertEquals(fd, g[k], 1e-6, "entry " + k);
        }
    }

    @Test
    void recoversEqualAndNonEqualVarianceGraphsAndKeepsTheDomain() {
        for (DagSampler.Sample data : new DagSampler.Sample[] {EV, NV}) {
            Colide.Variance v = data == EV ? Colide.Variance.EQUAL : Colide.Variance.NON_EQUAL;
            Colide.Result r = Colide.fit(data.x(), data.n(), 8, Colide.Options.defaults(v).withIterations(6000, 12000));
            DagMetrics m = r.fit().metrics(data.w());
            assertTrue(m.shd() <= 2, v + " " + m);
            assertTrue(r.minInverseEntry() >= -1e-6, "safeguard let through " + r.minInverseEntry());
            assertTrue(DagMetrics.isDag(r.fit().weights(), 8));
            assertEquals(v == Colide.Variance.EQUAL ? 1 : 8, r.sigma().length);
        }
    }

    @Test
    void nonEqualVarianceEstimatesThePerVariableNoiseScale() {
        Colide.Result r = Colide.fit(NV.x(), NV.n(), 8, Colide.Options.defaults(Colide.Variance.NON_EQUAL).withIterations(6000, 12000));
        for (int j = 0; j < 8; j++) assertEquals(Math.sqrt(NV.variances()[j]), r.sigma()[j], 0.25 * Math.sqrt(NV.variances()[j]), "variable " + j);
    }

    @Test
    void safeguardHoldsWhenTheStepIsFarTooLarge() {
        Colide.Options d = Colide.Options.defaults(Colide.Variance.EQUAL);
        Colide.Options big = new Colide.Options(d.variance(), d.lambda1(), d.muInit(), d.muFactor(), d.s(), 300, 600, 0.3,
                100, d.tol(), d.threshold());
        Colide.Result r = Colide.fit(EV.x(), EV.n(), 8, big);
        assertTrue(r.minInverseEntry() >= -1e-6, "accepted an iterate outside the domain: " + r.minInverseEntry());
        assertTrue(r.restarts() > 0, "a step of 0.3 should have hit the safeguard");
    }

    @Test
    void deterministic() {
        Colide.Options o = Colide.Options.defaults(Colide.Variance.EQUAL).withIterations(1000, 2000);
        assertArrayEquals(Colide.fit(EV.x(), EV.n(), 8, o).fit().raw(), Colide.fit(EV.x(), EV.n(), 8, o).fit().raw());
    }

    private static double l1(double[] w) {
        double s = 0;
        for (double v : w) s += Math.abs(v);
        return s;
    }

    private static double[] mMatrix(double[] w, double s) {
        double[] m = new double[w.length];
        for (int k = 0; k < w.length; k++) m[k] = -w[k] * w[k];
        for (int i = 0; i < 8; i++) m[i * 8 + i] += s;
        return m;
    }
}
