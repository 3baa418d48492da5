package io.vecgrad.optim.bilevel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.iterative.SolveOptions;
import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/**
 * The spec's closed-form quadratic bilevel problem:
 * {@code g(x, y) = ½ yᵀAy − yᵀBx}, {@code f(x, y) = ½‖y − t‖² + ½μ‖x‖² + cᵀx}, A = MᵀM + I
 * (eigenvalues in [1, L]), so {@code y*(x) = A⁻¹Bx} and
 * {@code ∇Φ(x) = BᵀA⁻¹(A⁻¹Bx − t) + μx + c}.
 */
class QuadraticBilevelTest {
    static final int N = 4, M = 3;
    static final double MU = 0.3;
    final Tensor a, b, t, c, x;
    final double lipschitz;
    final Bilevel.Objective g, f;

    QuadraticBilevelTest() {
        Rng r = new Rng(11);
        Tensor m = r.split("m").normal(DType.FLOAT64, 0, 1, N, N);
        a = m.mT().matmul(m).add(Tensor.eye(DType.FLOAT64, N));
        b = r.split("b").normal(DType.FLOAT64, 0, 1, N, M);
        t = r.split("t").normal(DType.FLOAT64, 0, 1, N);
        c = r.split("c").normal(DType.FLOAT64, 0, 1, M);
        x = r.split("x").normal(DType.FLOAT64, 0, 1, M);
        lipschitz = m.square().sum().item() + 1;                      // ‖M‖_F² + 1 ≥ λ_max(A)
        Variable av = Variable.constant(a), bv = Variable.constant(b), tv = Variable.constant(t), cv = Variable.constant(c);
        g = (xx, y) -> y.dot(av.matmul(y)).mul(0.5).sub(y.dot(bv.matmul(xx)));
        f = (xx, y) -> y.sub(tv).square().sum().mul(0.5).add(xx.dot(xx).mul(0.5 * MU)).add(cv.dot(xx));
    }

    double[] solveA(double[] rhs) {
        double[][] m = new double[N][];
        for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) {
            if (j == 0) m[i] = new double[N];
            m[i][j] = a.get(i, j);
        }
        return DenseLu.solve(m, rhs.clone());
    }

    Tensor yStar(Tensor xx) {
        return Tensor.of(solveA(b.matmul(xx).toDoubleArray()), N);
    }

    double[] exactHypergradient() {
        Tensor ys = yStar(x);
        Tensor w = Tensor.of(solveA(ys.sub(t).toDoubleArray()), N);
        return b.mT().matmul(w).add(x.mul(MU)).add(c).toDoubleArray();
    }

    double phi(Tensor xx) {
        return f.apply(Variable.constant(xx), Variable.constant(yStar(xx))).item();
    }

    /** Φ_K(x) = f(x, y_K(x)) with y_K from K gradient steps of size α from y0 = 0. */
    double phiUnrolled(Tensor xx, int k, double alpha) {
        Tensor y = Tensor.zeros(DType.FLOAT64, N);
        for (int i = 0; i < k; i++) y = y.sub(a.matmul(y).sub(b.matmul(xx)).mul(alpha));
        return f.apply(Variable.constant(xx), Variable.constant(y)).item();
    }

    double[] centralDifferences(java.util.function.ToDoubleFunction<Tensor> fn, double h) {
        double[] out = new double[M];
        double[] xs = x.toDoubleArray();
        for (int i = 0; i < M; i++) {
            double[] p = xs.clone(), q = xs.clone();
            p[i] += h;
            q[i] -= h;
            out[i] = (fn.applyAsDouble(Tensor.of(p, M)) - fn.applyAsDouble(Tensor.of(q, M))) / (2 * h);
        }
        return out;
    }

    @Test
    void allEstimatorsAgreeWithClosedFormAndFiniteDifferences() {
        double[] exact = exactHypergradient();
        assertArrayEquals(exact, centralDifferences(this::phi, 1e-3), 1e-8, "central differences (exact for a quadratic Φ)");
        Tensor ys = yStar(x);

        Hypergradient dense = Hypergradients.aid(AdjointSolver.dense()).estimate(f, g, x, ys).orThrow();
        assertArrayEquals(exact, dense.grad().toDoubleArray(), 1e-10, "AID exact (dense)");

        Hypergradient cg = Hypergradients.aidCg(SolveOptions.defaults().rtol(1e-13).maxIter(N)).estimate(f, g, x, ys);
        assertArrayEquals(exact, cg.grad().toDoubleArray(), 1e-8, "AID-CG with dim(y) iterations");
        assertTrue(cg.hvps() <= N + 1, "CG used " + cg.hvps() + " HVPs");

        double alpha = 1 / lipschitz;
        int terms = (int) Math.ceil(Math.log(1e-13) / Math.log(1 - alpha));
        Hypergradient neumann = Hypergradients.aidNeumann(terms, alpha, 1e-10).estimate(f, g, x, ys).orThrow();
        assertArrayEquals(exact, neumann.grad().toDoubleArray(), 1e-8, "AID-Neumann with " + terms + " terms");

        Hypergradient fp = Hypergradients.fixedPointGradientStep(g, alpha, terms, 1e-10).estimate(f, g, x, ys).orThrow();
        assertArrayEquals(exact, fp.grad().toDoubleArray(), 1e-8, "fixed-point AID");

        int k = terms + 200;
        Hypergradient itd = Hypergradients.itdReverse(k, alpha, k).estimate(f, g, x, Tensor.zeros(DType.FLOAT64, N));
        assertArrayEquals(exact, itd.grad().toDoubleArray(), 1e-8, "ITD with K=" + k);
        assertEquals(k + 1, itd.gradients());
        assertEquals(k, itd.hvps());
    }

    @Test
    void itdErrorShrinksAsKGrows() {
        double[] exact = exactHypergradient();
        double alpha = 1 / lipschitz, prev = Double.POSITIVE_INFINITY;
        for (int k : new int[] {10, 40, 160, 640}) {
            double[] est = Hypergradients.itdReverse(k, alpha, k).estimate(f, g, x, Tensor.zeros(DType.FLOAT64, N)).grad().toDoubleArray();
            double err = 0;
            for (int i = 0; i < M; i++) err = Math.max(err, Math.abs(est[i] - exact[i]));
            assertTrue(err < prev, "K=" + k + ": error " + err + " did not shrink from " + prev);
            prev = err;
        }
    }

    @Test
    void itdEqualsFiniteDifferencesOfTheUnrolledMapForEveryK() {
        double alpha = 0.7 / lipschitz;
        for (int k = 0; k <= 12; k++) {
            int kk = k;
            double[] fd = centralDifferences(xx -> phiUnrolled(xx, kk, alpha), 1e-3);
            Hypergradient itd = Hypergradients.itdReverse(k, alpha, k).estimate(f, g, x, Tensor.zeros(DType.FLOAT64, N));
            assertArrayEquals(fd, itd.grad().toDoubleArray(), 1e-8, "K=" + k);
        }
    }

    @Test
    void truncationZeroIsTheOuterPartialAtTheUnrolledPoint() {
        Hypergradient itd = Hypergradients.itdReverse(5, 0.05, 0).estimate(f, g, x, Tensor.zeros(DType.FLOAT64, N));
        assertArrayEquals(Bilevel.partials(f, x, itd.y())[0].toDoubleArray(), itd.grad().toDoubleArray(), 0);
        assertEquals(0, itd.hvps());
    }

    @Test
    void dartsEqualsOneStepItdOnAQuadraticInnerProblem() {
        // ∇_x g is linear in y, so the finite difference is exact: DARTS = ITD with K = 1 from the same y.
        Tensor y0 = new Rng(3).normal(DType.FLOAT64, 0, 1, N);
        double xi = 0.05;
        Hypergradient darts = Hypergradients.darts(xi, 0.01).estimate(f, g, x, y0);
        Hypergradient itd1 = Hypergradients.itdReverse(1, xi, 1).estimate(f, g, x, y0);
        assertArrayEquals(itd1.grad().toDoubleArray(), darts.grad().toDoubleArray(), 1e-8);
        assertEquals(0, darts.hvps());
    }

    @Test
    void neumannErrorBoundHolds() {
        // A SPD with eigenvalues in [1, L]: ‖w_K − w*‖ ≤ (1 − α)^{K+1} ‖w*‖ for α ≤ 1/L.
        Tensor rhs = new Rng(5).normal(DType.FLOAT64, 0, 1, N);
        Tensor wStar = Tensor.of(solveA(rhs.toDoubleArray()), N);
        double alpha = 1 / lipschitz, wn = wStar.normL2(null, false).item();
        for (int k : new int[] {0, 1, 5, 20, 100, 400}) {
            AdjointSolver.Result r = AdjointSolver.neumann(k, alpha, Double.POSITIVE_INFINITY).solve(v -> a.matmul(v), rhs);
            double err = r.w().sub(wStar).normL2(null, false).item();
            double bound = Math.pow(1 - alpha, k + 1) * wn;
            assertTrue(err <= bound * (1 + 1e-9) + 1e-14, "K=" + k + ": error " + err + " > bound " + bound);
            assertEquals(k + 1, r.products());
        }
    }

    @Test
    void mixedVjpAndHvpMatchClosedForms() {
        Tensor v = new Rng(9).normal(DType.FLOAT64, 0, 1, N);
        Tensor y = new Rng(10).normal(DType.FLOAT64, 0, 1, N);
        assertArrayEquals(b.mT().matmul(v).neg().toDoubleArray(), Bilevel.mixedVjp(g, x, y, v).toDoubleArray(), 1e-12);
        assertArrayEquals(a.matmul(v).toDoubleArray(), Bilevel.hvpY(g, x, y, v).toDoubleArray(), 1e-12);
        Variable xv = Variable.parameter(x);
        Variable s = Bilevel.stopGradient(xv.mul(2)).mul(xv).sum();
        s.backward();
        assertArrayEquals(x.mul(2).toDoubleArray(), xv.grad().toDoubleArray(), 0);
    }

    @Test
    void implicitRootThroughANewtonSolverBackpropagatesTheHypergradient() {
        double[] exact = exactHypergradient();
        for (AdjointSolver s : new AdjointSolver[] {AdjointSolver.cg(), AdjointSolver.dense(), AdjointSolver.neumann(3000, 1 / lipschitz, 1e-10)}) {
            ImplicitDiff id = ImplicitDiff.argmin(g, s).residualTolerance(1e-10);
            Variable xv = Variable.parameter(x);
            Variable y = id.solve((xx, y0) -> Bilevel.newton(g, xx, y0, 1e-12, 20), xv, Tensor.zeros(DType.FLOAT64, N));
            assertArrayEquals(yStar(x).toDoubleArray(), y.value().toDoubleArray(), 1e-10);
            f.apply(xv, y).backward();
            assertArrayEquals(exact, xv.grad().toDoubleArray(), 1e-8, s.name());
        }
        // fixed-point form with the gradient-step map and the w ← (∂_yT)ᵀw + ȳ iteration
        double alpha = 1 / lipschitz;
        ImplicitDiff fp = ImplicitDiff.fixedPoint(
                (y, xx) -> y.sub(io.vecgrad.autodiff.Autodiff.gradients(g.apply(xx, y), y)[0].mul(alpha)),
                AdjointSolver.neumann(3000, 1.0, 1e-10));
        Variable xv = Variable.parameter(x);
        f.apply(xv, fp.solution(xv, yStar(x))).backward();
        assertArrayEquals(exact, xv.grad().toDoubleArray(), 1e-8, "fixed point");
    }

    @Test
    void secondDerivativesThroughImplicitRootAreRefusedNotZero() {
        ImplicitDiff id = ImplicitDiff.argmin(g, AdjointSolver.dense()).residualTolerance(1e-10);
        Variable xv = Variable.parameter(x);
        Variable y = id.solve((xx, y0) -> Bilevel.newton(g, xx, y0, 1e-12, 20), xv, Tensor.zeros(DType.FLOAT64, N));
        UnsupportedOperationException e = org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
                () -> io.vecgrad.autodiff.Autodiff.gradients(f.apply(xv, y), Variable.constant(Tensor.scalar(DType.FLOAT64, 1.0)), true, xv));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("implicit_root"), e.getMessage());
    }

    @Test
    void nonSymmetricRootUsesTheTransposedJacobian() {
        // F(y, x) = C y − B x with C non-symmetric: y* = C⁻¹Bx, and for f = ½‖y − t‖²,
        // ∇_x f(x, y*(x)) = Bᵀ C⁻ᵀ (y* − t). A solver that forgot the transpose would give Bᵀ C⁻¹ (y* − t).
        Tensor cm = a.add(new Rng(12).normal(DType.FLOAT64, 0, 0.5, N, N));
        Variable cv = Variable.constant(cm), bv = Variable.constant(b), tv = Variable.constant(t);
        double[][] cRows = new double[N][N], cCols = new double[N][N];
        for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) { cRows[i][j] = cm.get(i, j); cCols[i][j] = cm.get(j, i); }
        double[] ys = DenseLu.solve(cRows, b.matmul(x).toDoubleArray());
        double[] res = new double[N];
        for (int i = 0; i < N; i++) res[i] = ys[i] - t.get(i);
        double[] exact = b.mT().matmul(Tensor.of(DenseLu.solve(cCols, res), N)).toDoubleArray();
        for (AdjointSolver s : new AdjointSolver[] {AdjointSolver.dense(), AdjointSolver.neumann(4000, 1 / (2 * lipschitz), 1e-10)}) {
            ImplicitDiff id = ImplicitDiff.root((y, xx) -> cv.matmul(y).sub(bv.matmul(xx)), s).residualTolerance(1e-10);
            Variable xv = Variable.parameter(x);
            Variable y = id.solution(xv, Tensor.of(ys, N));
            y.sub(tv).square().sum().mul(0.5).backward();
            assertArrayEquals(exact, xv.grad().toDoubleArray(), 1e-8, s.name());
        }
    }

    @Test
    void nonConvergedSolvesAreReportedNotUsed() {
        Tensor ys = yStar(x);
        Hypergradient h = Hypergradients.aidNeumann(1, 1 / lipschitz, 1e-10).estimate(f, g, x, ys);
        assertFalse(h.converged());
        assertThrows(NotConvergedException.class, h::orThrow);
        assertFalse(Hypergradients.aidCg(SolveOptions.defaults().rtol(1e-14).maxIter(1)).estimate(f, g, x, ys).converged());

        // inner solver that gives up
        ImplicitDiff id = ImplicitDiff.argmin(g, AdjointSolver.cg());
        assertThrows(NotConvergedException.class,
                () -> id.solve((xx, y0) -> Bilevel.newton(g, xx, y0, 1e-12, 0), Variable.parameter(x), Tensor.zeros(DType.FLOAT64, N)));
        // a "solution" whose residual is too large
        assertThrows(NotConvergedException.class,
                () -> id.residualTolerance(1e-8).solution(Variable.parameter(x), Tensor.zeros(DType.FLOAT64, N)));
        // adjoint solve out of budget: thrown by the backward
        ImplicitDiff starved = ImplicitDiff.argmin(g, AdjointSolver.cg(SolveOptions.defaults().rtol(1e-14).maxIter(1)));
        Variable xv = Variable.parameter(x);
        Variable y = starved.solution(xv, ys);
        assertThrows(NotConvergedException.class, () -> f.apply(xv, y).backward());
    }

    @Test
    void estimatesAreDeterministic() {
        Tensor ys = yStar(x);
        for (HypergradientEstimator e : new HypergradientEstimator[] {
                Hypergradients.aidCg(SolveOptions.defaults()), Hypergradients.aidNeumann(50, 0.01, Double.POSITIVE_INFINITY),
                Hypergradients.itdReverse(20, 0.01, 10), Hypergradients.darts(0.01, 0.01)}) {
            assertArrayEquals(e.estimate(f, g, x, ys).grad().toDoubleArray(), e.estimate(f, g, x, ys).grad().toDoubleArray(), 0);
        }
    }
}
