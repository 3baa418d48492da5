package io.vecgrad.optim.solvers.dag;

import io.vecgrad.optim.problems.dag.Acyclicity;
import io.vecgrad.optim.problems.dag.DagMetrics;
import io.vecgrad.optim.problems.dag.LeastSquaresScore;

/**
 * Linear NOTEARS (Zheng, Aragam, Ravikumar, Xing, NeurIPS 2018), the baseline of P39 and P61,
 * following {@code notears/linear.py} (github.com/xunzheng/notears) step for step:
 * {@code min Q(W) + λ‖W‖₁ s.t. h(W) = 0} with {@code Q = (1/2n)‖X − XW‖²} (X centred) and
 * {@code h = tr(e^{W∘W}) − d}, by the augmented Lagrangian
 * {@code Q + ½ρh² + αh + λ‖W‖₁}. The L1 term is made smooth by the split {@code W = W⁺ − W⁻},
 * {@code W^± ≥ 0}, diagonal fixed at 0, so each subproblem is bound-constrained: the authors call
 * SciPy's L-BFGS-B, we call {@link NonnegativeLbfgs} (projected L-BFGS on the orthant, same
 * stopping defaults). Outer loop as the authors': solve, and while {@code h_new > ¼h} multiply
 * ρ by 10 and re-solve; then {@code α += ρh}; stop when {@code h ≤ h_tol} or {@code ρ ≥ ρ_max}.
 * Finally zero {@code |W| < 0.3}; if the thresholded graph still has a cycle (rare), the weakest
 * edges are dropped until it is a DAG ({@link DagMetrics#threshold}).
 *
 * <pre>{@code
 * DagFit fit = Notears.fit(x, n, d, Notears.Options.defaults());
 * DagMetrics m = fit.metrics(trueW);
 * }</pre>
 */
public final class Notears {
    /**
     * @param lambda1 L1 weight (authors' demo 0.1)
     * @param maxIter outer dual ascent steps (100)
     * @param hTol acyclicity tolerance (1e-8)
     * @param rhoMax penalty cap (1e16)
     * @param threshold edge threshold (0.3)
     * @param lbfgsMaxIter inner iteration cap (SciPy's 15000)
     * @param history L-BFGS memory (SciPy's 10)
     */
    public record Options(double lambda1, int maxIter, double hTol, double rhoMax, double threshold, int lbfgsMaxIter, int history) {
        public static Options defaults() {
            return new Options(0.1, 100, 1e-8, 1e16, 0.3, 15000, 10);
        }

        public Options withLambda(double l) {
            return new Options(l, maxIter, hTol, rhoMax, threshold, lbfgsMaxIter, history);
        }
    }

    private Notears() {}

    /** Fits X (n×d row-major). */
    public static DagFit fit(double[] x, int n, int d, Options o) {
        long t0 = System.nanoTime();
        LeastSquaresScore q = LeastSquaresScore.of(x, n, d);
        Acyclicity h = Acyclicity.NOTEARS;
        int m = d * (d - 1);
        double[] z = new double[2 * m];
        double rho = 1, alpha = 0, hv = Double.POSITIVE_INFINITY;
        long iters = 0, evals = 0;
        String stop = "max outer iterations";
        for (int outer = 0; outer < o.maxIter(); outer++) {
            NonnegativeLbfgs.Run run = null;
            double hNew = Double.NaN;
            while (rho < o.rhoMax()) {
                final double r = rho, a = alpha;
                run = NonnegativeLbfgs.minimize((zz, g) -> augmentedLagrangian(zz, g, q, h, r, a, o.lambda1(), d), z, o.lbfgsMaxIter(), o.history());
                iters += run.iterations();
                evals += run.evaluations();
                hNew = h.value(toMatrix(run.x(), d), d);
                if (hNew > 0.25 * hv) rho *= 10;
                else break;
            }
            z = run.x();
            hv = hNew;
            alpha += rho * hv;
            if (hv <= o.hTol()) {
                stop = "h <= h_tol";
                break;
            }
            if (rho >= o.rhoMax()) {
                stop = "rho >= rho_max";
                break;
            }
        }
        double[] raw = toMatrix(z, d);
        double[] est = DagMetrics.threshold(raw, d, o.threshold());
        return new DagFit(raw, est, d, iters, evals, q.value(raw), stop, (System.nanoTime() - t0) * 1e-9);
    }

    /**
     * One evaluation of the augmented Lagrangian {@code Q + ½ρh² + αh + λΣz} and its gradient
     * (written into {@code grad}) over {@code z = (W⁺, W⁻)} off the diagonal, length
     * {@code 2d(d−1)} — what each L-BFGS function call costs.
     */
    public static double augmentedLagrangian(double[] z, double[] grad, LeastSquaresScore q, Acyclicity h, double rho, double alpha, double lambda1, int d) {
        double[] w = toMatrix(z, d);
        double loss = q.value(w);
        double[] gl = q.gradient(w), gh = new double[d * d];
        double hv = h.valueAndGradient(w, d, gh);
        double l1 = 0;
        for (double v : z) l1 += v;
        int m = d * (d - 1), k = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                if (i == j) continue;
                double smooth = gl[i * d + j] + (rho * hv + alpha) * gh[i * d + j];
                grad[k] = smooth + lambda1;
                grad[m + k] = -smooth + lambda1;
                k++;
            }
        }
        return loss + 0.5 * rho * hv * hv + alpha * hv + lambda1 * l1;
    }

    /** {@code W = W⁺ − W⁻} from the off-diagonal split vector. */
    static double[] toMatrix(double[] z, int d) {
        double[] w = new double[d * d];
        int m = d * (d - 1), k = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                if (i == j) continue;
                w[i * d + j] = z[k] - z[m + k];
                k++;
            }
        }
        return w;
    }
}
