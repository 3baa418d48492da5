package io.vecgrad.optim.newton;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class SolversTest {
    interface Solver {
        OptimizeResult run(Objective f, double[] x0, SolverOptions o);
    }

    static final Solver[] ALL = {NewtonCg::minimize, TrustRegionNcg::minimize, Bfgs::minimize, LbfgsB::minimize};
    static final String[] NAMES = {"newton-cg", "trust-ncg", "bfgs", "l-bfgs-b"};

    static void assertClose(double[] expected, double[] actual, double tol, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol, what + " [" + i + "]");
        }
    }

    @Test
    void everySolverFindsRosenbrockAndBealeMinima() {
        for (int s = 0; s < ALL.length; s++) {
            SolverOptions o = SolverOptions.defaults().gtol(1e-9).ftol(0).xtol(0);
            OptimizeResult r = ALL[s].run(Objective.of(TestFunctions::rosenbrock), new double[] {-1.2, 1}, o);
            assertTrue(r.success(), NAMES[s] + " rosenbrock: " + r);
            assertClose(new double[] {1, 1}, r.x(), 1e-6, NAMES[s] + " rosenbrock");
            double[] x0 = {1.3, 0.7, 0.8, 1.9, 1.2};     // SciPy's tutorial start (from −1.2, 1, ... n ≥ 4 has a local minimum near −1, 1, ...)
            r = ALL[s].run(Objective.of(TestFunctions::rosenbrock), x0, o);
            assertTrue(r.success(), NAMES[s] + " rosenbrock-5: " + r);
            assertClose(new double[] {1, 1, 1, 1, 1}, r.x(), 1e-6, NAMES[s] + " rosenbrock-5");
            r = ALL[s].run(Objective.of(TestFunctions::beale), new double[] {1, 1}, o);
            assertTrue(r.success(), NAMES[s] + " beale: " + r);
            assertClose(new double[] {3, 0.5}, r.x(), 1e-6, NAMES[s] + " beale");
            assertEquals(r.iterations() + 1, r.funHistory().length, NAMES[s] + " history length");
        }
    }

    /** A symmetric matrix Q·diag(spectrum)·Qᵀ with a seeded random orthogonal Q. */
    static Tensor withSpectrum(double[] spectrum, long seed) {
        int n = spectrum.length;
        double[] q = new Rng(seed).normal(DType.FLOAT64, 0, 1, n, n).toDoubleArray();
        // Gram–Schmidt on the columns.
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < j; k++) {
                double d = 0;
                for (int i = 0; i < n; i++) d += q[i * n + j] * q[i * n + k];
                for (int i = 0; i < n; i++) q[i * n + j] -= d * q[i * n + k];
            }
            double nn = 0;
            for (int i = 0; i < n; i++) nn += q[i * n + j] * q[i * n + j];
            nn = Math.sqrt(nn);
            for (int i = 0; i < n; i++) q[i * n + j] /= nn;
        }
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) {
            double s = 0;
            for (int k = 0; k < n; k++) s += q[i * n + k] * spectrum[k] * q[j * n + k];
            a[i * n + j] = s;
        }
        return Tensor.of(a, n, n);
    }

    @Test
    void newtonCgOnAQuadraticWithThreeDistinctEigenvalues() {
        int n = 30;
        double[] spectrum = new double[n];
        for (int i = 0; i < n; i++) spectrum[i] = new double[] {1, 10, 100}[i % 3];
        Tensor a = withSpectrum(spectrum, 3);
        double[] av = a.toDoubleArray();
        double[] b = new Rng(4).normal(DType.FLOAT64, 0, 1, n).toDoubleArray();
        Objective f = Objective.of(TestFunctions.quadratic(a, Tensor.of(b)));
        // Inner CG: the forcing condition ‖Ap + g‖₁ ≤ min(0.5, √‖g‖₁)·‖g‖₁ must hold, and CG meets
        // it within 3 products (finite termination on 3 distinct eigenvalues).
        for (double scale : new double[] {1, 1e-4, 1e-8, 1e-12}) {
            double[] g = new double[n];
            for (int i = 0; i < n; i++) g[i] = scale * b[i];
            Run run = new Run("test", f, new double[n], SolverOptions.defaults());
            double[] p = NewtonCg.direction(run, new double[n], g, 20 * n);
            assertTrue(run.nhev <= 3, "products: " + run.nhev);
            double res = 0, g1 = Run.norm1(g);
            for (int i = 0; i < n; i++) {
                double s = g[i];
                for (int j = 0; j < n; j++) s += av[i * n + j] * p[j];
                res += Math.abs(s);
            }
            assertTrue(res <= Math.min(0.5, Math.sqrt(g1)) * g1, "forcing condition at scale " + scale + ": " + res + " vs " + g1);
        }
        OptimizeResult r = NewtonCg.minimize(f, new double[n], SolverOptions.defaults().gtol(1e-10).xtol(0));
        assertTrue(r.success(), r.toString());
        assertTrue(r.iterations() <= 5, r.toString());
        double[] x = r.x();
        for (int i = 0; i < n; i++) {
            double s = -b[i];
            for (int j = 0; j < n; j++) s += av[i * n + j] * x[j];
            assertEquals(0, s, 1e-9);
        }
    }

    static Function<Variable, Variable> logistic(int m, int n, double lambda, long seed) {
        Tensor x = new Rng(seed).normal(DType.FLOAT64, 0, 1, m, n);
        double[] w = new Rng(seed + 1).normal(DType.FLOAT64, 0, 1, n).toDoubleArray();
        double[] xv = x.toDoubleArray(), y = new double[m];
        double[] noise = new Rng(seed + 2).normal(DType.FLOAT64, 0, 1, m).toDoubleArray();
        for (int i = 0; i < m; i++) {
            double z = noise[i];
            for (int j = 0; j < n; j++) z += xv[i * n + j] * w[j];
            y[i] = z > 0 ? 1 : -1;
        }
        return TestFunctions.logisticRegression(x, Tensor.of(y), lambda);
    }

    @Test
    void newtonMethodsConvergeSuperlinearlyOnLogisticRegression() {
        Objective f = Objective.of(logistic(200, 8, 1e-2, 10));
        double[] x0 = new double[8];
        double[] xStar = NewtonCg.minimize(f, x0, SolverOptions.defaults().gtol(1e-15).xtol(0)).x();
        for (Solver s : new Solver[] {NewtonCg::minimize, TrustRegionNcg::minimize}) {
            List<double[]> iterates = new ArrayList<>();
            Objective tracking = new Objective() {
                public double value(double[] x) { return f.value(x); }
                public double valueAndGradient(double[] x, double[] g) { iterates.add(x.clone()); return f.valueAndGradient(x, g); }
                public double[] hessianVector(double[] x, double[] v) { return f.hessianVector(x, v); }
            };
            OptimizeResult r = s.run(tracking, x0, SolverOptions.defaults().gtol(1e-12).xtol(0));
            assertTrue(r.success(), r.toString());
            assertClose(xStar, r.x(), 1e-10, "solution");
            // Errors of the accepted iterates (one gradient evaluation per iteration once the unit step is accepted).
            List<Double> errs = new ArrayList<>();
            for (double[] it : iterates) {
                double e = 0;
                for (int i = 0; i < it.length; i++) e = Math.max(e, Math.abs(it[i] - xStar[i]));
                if (errs.isEmpty() || e < errs.get(errs.size() - 1)) errs.add(e);
            }
            // Local rate: once the error is below 1e-2, e_{k+1} ≤ C·e_k^1.5 (SciPy's forcing η = min(0.5, √‖g‖) gives order 1.5; exact Newton 2).
            int checked = 0;
            for (int k = 0; k + 1 < errs.size(); k++) {
                if (errs.get(k) < 1e-2 && errs.get(k + 1) > 1e-13) {
                    assertTrue(errs.get(k + 1) <= 10 * Math.pow(errs.get(k), 1.5), "superlinear rate violated at " + k + ": " + errs);
                    checked++;
                }
            }
            assertTrue(checked >= 1, "no local steps to check: " + errs);
            assertTrue(r.iterations() <= 12, "Newton iterations: " + r);
        }
    }

    @Test
    void trustRegionRadiusLogic() {
        assertEquals(0.25, TrustRegionNcg.nextRadius(1, 0.1, true, 1000));
        assertEquals(0.25, TrustRegionNcg.nextRadius(1, Double.NEGATIVE_INFINITY, false, 1000));
        assertEquals(2, TrustRegionNcg.nextRadius(1, 0.9, true, 1000));
        assertEquals(1, TrustRegionNcg.nextRadius(1, 0.9, false, 1000), "interior step keeps the radius");
        assertEquals(1, TrustRegionNcg.nextRadius(1, 0.5, true, 1000));
        assertEquals(3, TrustRegionNcg.nextRadius(2, 0.9, true, 3), "capped at the maximum");
        double[] t = TrustRegionNcg.boundaryIntersections(new double[] {0.5, 0}, new double[] {1, 0}, 2);
        assertEquals(-2.5, t[0], 1e-15);
        assertEquals(1.5, t[1], 1e-15);
        // From a tiny radius on Rosenbrock the radius must grow (boundary steps accepted) and never pass the maximum.
        List<Double> radii = new ArrayList<>();
        OptimizeResult r = TrustRegionNcg.minimize(Objective.of(TestFunctions::rosenbrock), new double[] {-1.2, 1},
                SolverOptions.defaults().gtol(1e-8), new TrustRegionNcg.Radius(1e-3, 0.5, 0.15), radii::add);
        assertTrue(r.success(), r.toString());
        assertTrue(radii.get(0) == 2e-3, "first step on the boundary with good agreement doubles: " + radii);
        for (double d : radii) assertTrue(d <= 0.5);
    }

    /**
     * ½‖x − c‖² + 1 near c, evaluated exactly at {@code start} and {@code bump} higher everywhere
     * else: the decrease of any step from start (about 5e-17) is below the bump, so f's values
     * alone never accept a step from there.
     */
    private static Objective bumpedQuadratic(double[] start, double[] c, double bump) {
        return new Objective() {
            public double value(double[] x) {
                double q = 1;
                for (int i = 0; i < x.length; i++) q += 0.5 * (x[i] - c[i]) * (x[i] - c[i]);
                return java.util.Arrays.equals(x, start) ? q : q + bump;
            }

            public double valueAndGradient(double[] x, double[] g) {
                for (int i = 0; i < x.length; i++) g[i] = x[i] - c[i];
                return value(x);
            }

            public double[] hessianVector(double[] x, double[] v) {
                return v.clone();
            }
        };
    }

    /**
     * Where f no longer resolves the decrease (a bump of 4 ulps against a true decrease of about
     * 5e-17), the slope test accepts the step and the run meets gtol; values alone backtracked
     * until the step rounded away and then looped on that null step until maxfun.
     */
    @Test
    void lbfgsbConvergesWhereFNoLongerResolvesTheDecrease() {
        double[] c = {0.25, -0.5, 0.75};
        double[] start = {0.25 + 1e-8, -0.5 - 2e-8, 0.75 + 0.5e-8};
        OptimizeResult r = LbfgsB.minimize(bumpedQuadratic(start, c, 4 * Math.ulp(1.0)), start, new double[] {0, -1, 0},
                new double[] {1, 0, 1}, SolverOptions.defaults().gtol(1e-12).ftol(0));
        assertEquals(Status.GTOL, r.status(), r.toString());
        assertTrue(r.nfev() < 10, r.toString());
    }

    /** A step that rounds to x ends the run at once (LINE_SEARCH_FAILED), not after maxfun evaluations. */
    @Test
    void lbfgsbStopsWhenTheStepRoundsAway() {
        double[] c = {0.25, -0.5, 0.75};
        double[] start = {0.25 + 1e-8, -0.5 - 2e-8, 0.75 + 0.5e-8};
        OptimizeResult r = LbfgsB.minimize(bumpedQuadratic(start, c, 1e-9), start, null, null,
                SolverOptions.defaults().gtol(1e-12).ftol(0));
        assertEquals(Status.LINE_SEARCH_FAILED, r.status(), r.toString());
        assertTrue(r.message().contains("rounds to x"), r.toString());
        assertTrue(r.nfev() < 40, r.toString());
    }

    @Test
    void lbfgsbRespectsBoundsAndMatchesScipy() throws Exception {
        var goldens = NewtonGoldens.load();
        for (String name : new String[] {"quadratic", "logistic", "rosenbrock"}) {
            var p = goldens.get(name);
            Function<Variable, Variable> f;
            if (name.equals("quadratic")) f = TestFunctions.quadratic(Tensor.of(p.get("A"), 10, 10), Tensor.of(p.get("b")));
            else if (name.equals("logistic")) f = TestFunctions.logisticRegression(Tensor.of(p.get("X"), 200, 10), Tensor.of(p.get("y")), p.get("lambda")[0]);
            else f = TestFunctions::rosenbrock;
            double[] lo = p.get("lower"), hi = p.get("upper");
            List<double[]> evaluated = new ArrayList<>();
            Objective base = Objective.of(f);
            Objective tracking = new Objective() {
                public double value(double[] x) { evaluated.add(x.clone()); return base.value(x); }
                public double valueAndGradient(double[] x, double[] g) { evaluated.add(x.clone()); return base.valueAndGradient(x, g); }
                public double[] hessianVector(double[] x, double[] v) { return base.hessianVector(x, v); }
            };
            OptimizeResult r = LbfgsB.minimize(tracking, p.get("x0"), lo, hi, SolverOptions.defaults().gtol(1e-10).ftol(0));
            assertTrue(r.success(), name + ": " + r);
            for (double[] x : evaluated) for (int i = 0; i < x.length; i++) assertTrue(x[i] >= lo[i] && x[i] <= hi[i], name + ": evaluated outside the box");
            assertClose(p.get("x"), r.x(), 1e-7, name + " vs SciPy");
            assertEquals(p.get("fun")[0], r.fun(), 1e-10 * Math.max(1, Math.abs(r.fun())), name + " fun");
        }
    }

    @Test
    void nonFiniteValuesAreReportedWithTheIteration() {
        Function<Variable, Variable> nanAtStart = x -> x.sum().log();    // log of a negative sum
        for (int s = 0; s < ALL.length; s++) {
            OptimizeResult r = ALL[s].run(Objective.of(nanAtStart), new double[] {-1, -1}, SolverOptions.defaults());
            assertEquals(Status.NON_FINITE, r.status(), NAMES[s]);
            assertTrue(r.message().contains("iteration 0") && r.message().contains(NAMES[s]), r.message());
            assertFalse(r.success());
        }
        // f = −log(x) − log(1 − x)·... is finite only on (0, 1): trial points outside must never be returned.
        Function<Variable, Variable> barrier = x -> x.log().neg().add(x.rsub(1).log().neg()).sum().add(x.mul(30).sum());
        for (int s = 0; s < ALL.length; s++) {
            OptimizeResult r = ALL[s].run(Objective.of(barrier), new double[] {0.9}, SolverOptions.defaults().gtol(1e-8));
            assertTrue(Double.isFinite(r.fun()), NAMES[s] + ": " + r);
            for (double v : r.x()) assertTrue(v > 0 && v < 1, NAMES[s] + ": " + r);
            for (double v : r.funHistory()) assertTrue(Double.isFinite(v), NAMES[s] + " history: " + r);
        }
    }

    @Test
    void levenbergMarquardtFitsAnExponentialAndRosenbrockResiduals() {
        double[] t = new double[20], y = new double[20];
        for (int i = 0; i < 20; i++) {
            t[i] = i / 10.0;
            y[i] = 2.5 * Math.exp(-1.3 * t[i]);
        }
        Variable tv = Variable.constant(Tensor.of(t)), yv = Variable.constant(Tensor.of(y));
        LeastSquares expFit = LeastSquares.of(p -> p.slice(0, 0, 1).mul(tv.mul(p.slice(0, 1, 2)).exp()).sub(yv));
        OptimizeResult r = LevenbergMarquardt.minimize(expFit, new double[] {1, 0}, SolverOptions.defaults().gtol(1e-12).xtol(1e-15));
        assertTrue(r.success(), r.toString());
        assertClose(new double[] {2.5, -1.3}, r.x(), 1e-9, "exp fit");
        LeastSquares rosen = LeastSquares.of(x -> Variable.concat(0, x.slice(0, 1, 2).sub(x.slice(0, 0, 1).square()).mul(10), x.slice(0, 0, 1).rsub(1)));
        r = LevenbergMarquardt.minimize(rosen, new double[] {-1.2, 1}, SolverOptions.defaults().gtol(1e-12).xtol(1e-15));
        assertTrue(r.success(), r.toString());
        assertClose(new double[] {1, 1}, r.x(), 1e-9, "rosenbrock residuals");
        r = LevenbergMarquardt.gaussNewton(rosen, new double[] {-1.2, 1}, SolverOptions.defaults().gtol(1e-12).xtol(1e-15));
        assertTrue(r.success(), r.toString());
        assertClose(new double[] {1, 1}, r.x(), 1e-9, "gauss-newton rosenbrock");
    }

    @Test
    void singularGaussNewtonSystemIsReported() {
        // The residual ignores x[1]: its Jacobian column is zero and JᵀJ is singular.
        LeastSquares p = LeastSquares.of(x -> x.slice(0, 0, 1).sub(3).mul(x.slice(0, 1, 2).mul(0).add(1)));
        OptimizeResult r = LevenbergMarquardt.gaussNewton(p, new double[] {0, 0}, SolverOptions.defaults());
        assertEquals(Status.SINGULAR, r.status(), r.toString());
        assertTrue(r.message().contains("iteration 0"), r.message());
        for (double v : r.x()) assertTrue(Double.isFinite(v));
    }
}
