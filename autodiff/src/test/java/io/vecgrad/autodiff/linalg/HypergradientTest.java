package io.vecgrad.autodiff.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vecgrad.autodiff.Autodiff;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.iterative.ConjugateGradient;
import io.vecgrad.tensor.linalg.iterative.SolveOptions;
import io.vecgrad.tensor.random.Rng;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * End to end: the implicit hypergradient of L2 logistic regression, d L_val(w*(λ)) / d log λ,
 * through {@code cg_solve} on Hessian-vector products, agrees with central differences of the
 * re-solved inner problem.
 */
class HypergradientTest {
    private static Variable bce(Tensor x, Tensor y, Variable w) {
        Variable z = Variable.constant(x).matmul(w);
        return z.softplus().sub(z.mul(Variable.constant(y))).mean();
    }

    private static Variable inner(Tensor x, Tensor y, Variable w, Variable logLam) {
        return bce(x, y, w).add(w.dot(w).mul(logLam.exp()).mul(0.5));
    }

    /** Newton-CG on the inner problem to ‖∇‖ ≤ 1e-13. */
    private static Tensor solveInner(Tensor x, Tensor y, double logLam) {
        Variable ll = Variable.constant(Tensor.scalar(DType.FLOAT64, logLam));
        Function<Variable, Variable> f = w -> inner(x, y, w, ll);
        Tensor w = Tensor.zeros(DType.FLOAT64, x.size(1));
        for (int it = 0; it < 50; it++) {
            Tensor g = Autodiff.grad(f, w);
            if (g.normL2(null, false).item() <= 1e-13) return w;
            w = w.sub(ConjugateGradient.solve(CurvatureOperators.hessian(f, w), g, SolveOptions.defaults().rtol(1e-14)).solution());
        }
        throw new AssertionError("inner Newton-CG did not converge");
    }

    @Property(tries = 4)
    void implicitHypergradientMatchesFiniteDifferencesOfResolvedProblem(@ForAll long seed) {
        Rng r = new Rng(seed);
        int n = 120, d = 5;
        Tensor x = r.split("x").normal(DType.FLOAT64, 0, 1, n, d);
        Tensor teacher = r.split("t").normal(DType.FLOAT64, 0, 1, d);
        Tensor y = x.matmul(teacher).add(r.split("e").normal(DType.FLOAT64, 0, 1, n)).gt(0).to(DType.FLOAT64);
        Tensor xv = r.split("xv").normal(DType.FLOAT64, 0, 1, n, d);
        Tensor yv = xv.matmul(teacher).gt(0).to(DType.FLOAT64);
        double logLam = -1.5;
        Tensor wStar = solveInner(x, y, logLam);

        // Hessian of the inner objective in w, as a differentiable operator of (w, log λ): Xᵀ diag(σ(1−σ)) X v / n + λ v
        ImplicitSolve.Operator hessian = (p, v) -> {
            Variable s = Variable.constant(x).matmul(p[0]).sigmoid();
            Variable xv2 = Variable.constant(x).matmul(v).mul(s.mul(s.rsub(1)));
            return Variable.constant(x.mT()).matmul(xv2).div(n).add(v.mul(p[1].exp()));
        };
        // One implicit Newton step from the (constant) solution: value ≈ w*, derivative = dw*/dlog λ.
        Tensor hyper = Autodiff.grad((Variable ll) -> {
            Variable w0 = Variable.constant(wStar);
            Variable wp = Autodiff.watch(w0);
            Variable g = Autodiff.gradients(inner(x, y, wp, ll), wp)[0];
            Variable w = w0.sub(ImplicitSolve.cgSolve(hessian, g, SolveOptions.defaults().rtol(1e-13), w0, ll));
            return bce(xv, yv, w);
        }, Tensor.scalar(DType.FLOAT64, logLam));

        double h = 1e-4;
        double fd = (bce(xv, yv, Variable.constant(solveInner(x, y, logLam + h))).item()
                - bce(xv, yv, Variable.constant(solveInner(x, y, logLam - h))).item()) / (2 * h);
        assertEquals(fd, hyper.item(), 1e-6 * (1 + Math.abs(fd)));
    }
}
