package io.vecgrad.optim.bilevel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.optim.first.Sgd;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.iterative.SolveOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BilevelSolverTest {
    final QuadraticBilevelTest q = new QuadraticBilevelTest();
    static final int N = QuadraticBilevelTest.N, M = QuadraticBilevelTest.M;

    /** argmin Φ: (BᵀA⁻²B + μI) x = BᵀA⁻¹t − c. */
    double[] xStar() {
        double[][] sys = new double[M][M];
        double[] rhs = new double[M];
        double[] ainvT = q.solveA(q.t.toDoubleArray());
        for (int j = 0; j < M; j++) {
            double[] col = new double[N];
            for (int i = 0; i < N; i++) col[i] = q.b.get(i, j);
            double[] ainvBj = q.solveA(col);
            for (int i = 0; i < M; i++) {
                double s = 0;
                for (int r = 0; r < N; r++) {
                    double[] bi = new double[N];
                    for (int k = 0; k < N; k++) bi[k] = q.b.get(k, i);
                    s += q.solveA(bi)[r] * ainvBj[r];
                }
                sys[i][j] = s + (i == j ? QuadraticBilevelTest.MU : 0);
            }
            double s = 0;
            for (int r = 0; r < N; r++) s += col[r] * ainvT[r];
            rhs[j] = s - q.c.get(j);
        }
        return DenseLu.solve(sys, rhs);
    }

    @Test
    void gradientDescentOnTheHypergradientReachesTheBilevelOptimumAndLogsEveryStep() {
        List<BilevelSolver.Step> seen = new ArrayList<>();
        double lr = 1 / (q.b.square().sum().item() + QuadraticBilevelTest.MU);   // ≤ 1/λ_max(∇²Φ), since A ⪰ I
        int iterations = (int) Math.ceil(Math.log(1e-10) / Math.log(1 - QuadraticBilevelTest.MU * lr));
        BilevelSolver.Result r = BilevelSolver.builder()
                .outer(Sgd.gradientDescent(lr))
                .inner(InnerSolvers.lbfgs(q.g, 1e-11, 100))
                .estimator(Hypergradients.aidCg(SolveOptions.defaults().rtol(1e-12)))
                .iterations(iterations)
                .listener(seen::add)
                .build()
                .run(q.f, q.g, Tensor.zeros(DType.FLOAT64, M), Tensor.zeros(DType.FLOAT64, N));
        assertArrayEquals(xStar(), r.x().toDoubleArray(), 1e-6);
        assertEquals(iterations, seen.size());
        assertTrue(r.last().hypergradNorm() < 1e-6, "final ‖∇Φ‖ " + r.last().hypergradNorm());
        for (int t = 1; t < seen.size(); t++) {
            assertTrue(seen.get(t).upper() <= seen.get(t - 1).upper() + 1e-12, "Φ rose at " + t);
            assertTrue(seen.get(t).gradients() > seen.get(t - 1).gradients());
        }
    }

    @Test
    void periodicInnerUpdatesHappenOnlyEveryIIterationsAndWarmStart() {
        List<BilevelSolver.Step> seen = new ArrayList<>();
        List<Tensor> starts = new ArrayList<>();
        ImplicitDiff.InnerSolver recording = (x, y0) -> {
            starts.add(y0);
            return InnerSolvers.gradientSteps(q.g, 0.5 / q.lipschitz, 3, Double.POSITIVE_INFINITY).solve(x, y0);
        };
        BilevelSolver.builder().outer(Sgd.gradientDescent(0.01)).inner(recording).innerEvery(3)
                .estimator(new SobaTracking(0.5 / q.lipschitz)).iterations(10).listener(seen::add).build()
                .run(q.f, q.g, q.x, Tensor.zeros(DType.FLOAT64, N));
        for (BilevelSolver.Step s : seen) assertEquals(s.iteration() % 3 == 0, s.innerUpdated(), "iteration " + s.iteration());
        assertEquals(4, starts.size());
        assertTrue(Bilevel.norm(starts.get(1)) > 0, "the second inner solve starts where the first ended");
    }

    @Test
    void anInnerSolverThatGivesUpIsReported() {
        BilevelSolver s = BilevelSolver.builder().outer(Sgd.gradientDescent(0.01)).inner(InnerSolvers.newton(q.g, 1e-12, 0))
                .estimator(Hypergradients.aidCg(SolveOptions.defaults())).iterations(2).build();
        NotConvergedException e = assertThrows(NotConvergedException.class, () -> s.run(q.f, q.g, q.x, Tensor.zeros(DType.FLOAT64, N)));
        assertTrue(e.getMessage().contains("outer iteration 0"), e.getMessage());
    }

    @Test
    void sameInputsSameBits() {
        BilevelSolver s = BilevelSolver.builder().outer(Sgd.gradientDescent(0.05)).inner(InnerSolvers.lbfgs(q.g, 1e-10, 50))
                .estimator(Hypergradients.itdReverse(10, 0.5 / q.lipschitz, 10)).iterations(20).build();
        Tensor y0 = Tensor.zeros(DType.FLOAT64, N);
        assertArrayEquals(s.run(q.f, q.g, q.x, y0).x().toDoubleArray(), s.run(q.f, q.g, q.x, y0).x().toDoubleArray(), 0);
    }

    @Test
    void implicitDifferentiationThroughLbfgsMatchesFiniteDifferencesOfTheResolvedProblem() {
        LogisticHypergradientTest lr = new LogisticHypergradientTest();
        ImplicitDiff.InnerSolver lbfgs = InnerSolvers.lbfgs(lr.inner(), 1e-12, 200);
        Tensor logLam = Tensor.scalar(DType.FLOAT64, -2.0);
        double h = 1e-4;
        double[] phi = new double[2];
        for (int s = 0; s < 2; s++) {
            Tensor xs = Tensor.scalar(DType.FLOAT64, -2.0 + (s == 0 ? h : -h));
            ImplicitDiff.InnerSolution sol = lbfgs.solve(xs, Tensor.zeros(DType.FLOAT64, lr.d));
            assertTrue(sol.converged() && sol.residual() <= 1e-12, "re-solve at λ ± h: " + sol);
            phi[s] = lr.outer().apply(Variable.constant(xs), Variable.constant(sol.y())).item();
        }
        double fd = (phi[0] - phi[1]) / (2 * h);
        Variable x = Variable.parameter(logLam);
        Variable w = ImplicitDiff.argmin(lr.inner(), AdjointSolver.cg()).residualTolerance(1e-11)
                .solve(lbfgs, x, Tensor.zeros(DType.FLOAT64, lr.d));
        lr.outer().apply(x, w).backward();
        assertEquals(fd, x.grad().item(), 1e-6);
        assertTrue(Math.abs(x.grad().item()) > 1e-3, "a non-trivial hypergradient: " + x.grad().item());
    }
}
