package io.vecgrad.optim.bilevel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.iterative.SolveOptions;
import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/** The bilevel example of optim/README.md, run (tiny) and checked. Keep the two in sync. */
class ReadmeBilevelExampleTest {
    static Variable bce(Tensor x, Tensor y, Variable w) {
        Variable z = Variable.constant(x).matmul(w);
        return z.softplus().sub(z.mul(Variable.constant(y))).mean();
    }

    @Test
    void regularizationTuningLowersTheValidationLoss() {
        Rng r = new Rng(4);
        int n = 40, d = 10;
        Tensor teacher = r.split("t").normal(DType.FLOAT64, 0, 1, d);
        Tensor xTr = r.split("x").normal(DType.FLOAT64, 0, 1, n, d), xVal = r.split("xv").normal(DType.FLOAT64, 0, 1, n, d);
        Tensor yTr = xTr.matmul(teacher).add(r.split("e").normal(DType.FLOAT64, 0, 2, n)).gt(0).to(DType.FLOAT64);
        Tensor yVal = xVal.matmul(teacher).gt(0).to(DType.FLOAT64);

        // --- README example begins
        Bilevel.Objective inner = (logLam, w) -> bce(xTr, yTr, w).add(w.dot(w).mul(logLam.exp()).mul(0.5));
        Bilevel.Objective outer = (logLam, w) -> bce(xVal, yVal, w);
        HypergradientEstimator aidCg = Hypergradients.aidCg(SolveOptions.defaults().rtol(1e-10));

        Tensor logLam = Tensor.scalar(DType.FLOAT64, -1.0);      // λ = e⁻¹: too strong
        Tensor w = Tensor.zeros(DType.FLOAT64, d);
        double lr = 10.0;
        for (int step = 0; step < 20; step++) {
            ImplicitDiff.InnerSolution s = Bilevel.newton(inner, logLam, w, 1e-10, 50);   // warm-started inner solve
            if (!s.converged()) throw new IllegalStateException("inner solve did not converge: " + s);
            w = s.y();
            Hypergradient h = aidCg.estimate(outer, inner, logLam, w).orThrow();        // d L_val / d log λ
            logLam = logLam.sub(h.grad().mul(lr));                                       // outer gradient descent
        }
        // --- README example ends

        double before = outer.apply(null, Variable.constant(Bilevel.newton(inner, Tensor.scalar(DType.FLOAT64, -1.0), Tensor.zeros(DType.FLOAT64, d), 1e-10, 50).y())).item();
        double after = outer.apply(null, Variable.constant(Bilevel.newton(inner, logLam, w, 1e-10, 50).y())).item();
        assertTrue(after < before, "validation loss " + after + " should be below " + before + " (log λ = " + logLam.item() + ")");
        // a grid over log λ in steps of 0.5 puts the minimum of the validation loss at −4.0 on this data
        assertTrue(Math.abs(logLam.item() + 4.0) < 0.3, "log λ = " + logLam.item() + ", grid search: −4.0");
    }
}
