package io.vecgrad.optim.bilevel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.iterative.SolveOptions;
import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/**
 * Implicit differentiation through a real solver: Newton–CG on L2-regularised logistic
 * regression, hypergradient of the validation loss with respect to log λ (and per-feature
 * log λ), against central differences of the re-solved problem (inner ‖∇‖ ≤ 1e-12).
 */
class LogisticHypergradientTest {
    static Variable bce(Tensor x, Tensor y, Variable w) {
        Variable z = Variable.constant(x).matmul(w);
        return z.softplus().sub(z.mul(Variable.constant(y))).mean();
    }

    final int n = 80, d = 6;
    final Tensor xTr, yTr, xVal, yVal;

    LogisticHypergradientTest() {
        Rng r = new Rng(21);
        xTr = r.split("x").normal(DType.FLOAT64, 0, 1, n, d);
        Tensor teacher = r.split("t").normal(DType.FLOAT64, 0, 1, d);
        yTr = xTr.matmul(teacher).add(r.split("e").normal(DType.FLOAT64, 0, 1.5, n)).gt(0).to(DType.FLOAT64);
        xVal = r.split("xv").normal(DType.FLOAT64, 0, 1, n, d);
        yVal = xVal.matmul(teacher).gt(0).to(DType.FLOAT64);
    }

    /** λ = exp(x) broadcast over the features: x scalar (one λ) or a d-vector (one per feature). */
    Bilevel.Objective inner() {
        return (logLam, w) -> bce(xTr, yTr, w).add(w.square().mul(logLam.exp()).sum().mul(0.5));
    }

    Bilevel.Objective outer() {
        return (logLam, w) -> bce(xVal, yVal, w);
    }

    Tensor solve(Tensor logLam) {
        ImplicitDiff.InnerSolution s = Bilevel.newton(inner(), logLam, Tensor.zeros(DType.FLOAT64, d), 1e-12, 50);
        assertTrue(s.converged(), "inner Newton: " + s);
        return s.y();
    }

    double phi(Tensor logLam) {
        return outer().apply(Variable.constant(logLam), Variable.constant(solve(logLam))).item();
    }

    double[] fd(Tensor x0, double h) {
        double[] xs = x0.toDoubleArray(), out = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            double[] p = xs.clone(), q = xs.clone();
            p[i] += h;
            q[i] -= h;
            out[i] = (phi(Tensor.of(p, x0.shape())) - phi(Tensor.of(q, x0.shape()))) / (2 * h);
        }
        return out;
    }

    @Test
    void scalarLogLambdaAidCgAndImplicitBackwardMatchFiniteDifferences() {
        Tensor logLam = Tensor.scalar(DType.FLOAT64, -2.0);
        double expected = fd(logLam, 1e-4)[0];
        Tensor w = solve(logLam);
        Hypergradient h = Hypergradients.aidCg(SolveOptions.defaults().rtol(1e-12)).estimate(outer(), inner(), logLam, w).orThrow();
        assertEquals(expected, h.grad().item(), 1e-6);

        ImplicitDiff id = ImplicitDiff.argmin(inner(), AdjointSolver.cg()).residualTolerance(1e-10);
        Variable x = Variable.parameter(logLam);
        Variable wv = id.solve((xx, y0) -> Bilevel.newton(inner(), xx, y0, 1e-12, 50), x, Tensor.zeros(DType.FLOAT64, d));
        outer().apply(x, wv).backward();
        assertEquals(expected, x.grad().item(), 1e-6);
    }

    @Test
    void perFeatureLogLambdaMatchesFiniteDifferencesWithEveryAidSolver() {
        Tensor logLam = Tensor.of(new double[] {-2, -1, -3, -1.5, -2.5, -0.5}, d);
        double[] expected = fd(logLam, 1e-4);
        Tensor w = solve(logLam);
        for (HypergradientEstimator e : new HypergradientEstimator[] {
                Hypergradients.aidCg(SolveOptions.defaults().rtol(1e-12)),
                Hypergradients.aid(AdjointSolver.dense())}) {
            Hypergradient h = e.estimate(outer(), inner(), logLam, w).orThrow();
            assertArrayEquals(expected, h.grad().toDoubleArray(), 1e-6, h.method());
        }
        // bits are reproducible
        Hypergradient a = Hypergradients.aidCg(SolveOptions.defaults()).estimate(outer(), inner(), logLam, w);
        Hypergradient b = Hypergradients.aidCg(SolveOptions.defaults()).estimate(outer(), inner(), logLam, solve(logLam));
        assertArrayEquals(a.grad().toDoubleArray(), b.grad().toDoubleArray(), 0);
    }

    @Test
    void fixedPointFormThroughPlainGradientDescentMatchesFiniteDifferences() {
        // y = T(y, x) = y − α∇_y g: the inner solver is the iteration itself, the backward the
        // adjoint iteration w ← (∂_y T)ᵀ w + ȳ (Neumann with α = 1).
        double alpha = 1.0;
        Tensor logLam = Tensor.scalar(DType.FLOAT64, -2.0);
        double expected = fd(logLam, 1e-4)[0];
        ImplicitDiff.InnerSolver gd = (x, y0) -> {
            Tensor y = y0;
            for (int it = 0; it < 20000; it++) {
                Tensor grad = Bilevel.partials(inner(), x, y)[1];
                double gn = grad.normL2(null, false).item();
                if (gn <= 1e-12) return new ImplicitDiff.InnerSolution(y, true, it, gn);
                y = y.sub(grad.mul(alpha));
            }
            return new ImplicitDiff.InnerSolution(y, false, 20000, Double.NaN);
        };
        ImplicitDiff id = ImplicitDiff.fixedPoint(
                (y, x) -> y.sub(io.vecgrad.autodiff.Autodiff.gradients(inner().apply(x, y), y)[0].mul(alpha)),
                AdjointSolver.neumann(5000, 1.0, 1e-10));
        Variable x = Variable.parameter(logLam);
        outer().apply(x, id.solve(gd, x, Tensor.zeros(DType.FLOAT64, d))).backward();
        assertEquals(expected, x.grad().item(), 1e-6);
    }
}
