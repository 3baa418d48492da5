package io.vecgrad.optim.solvers.dag;

import io.vecgrad.optim.problems.dag.Acyclicity;
import io.vecgrad.optim.problems.dag.DagMetrics;
import io.vecgrad.optim.problems.dag.LeastSquaresScore;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;
import java.util.Arrays;

/**
 * P61 CoLiDE: concomitant linear DAG estimation (Saboksayr, Mateos, Tepper, ICLR 2024),
 * following the authors' {@code model.py} (github.com/SAMiatto/colide, classes {@code colide_ev}
 * and {@code colide_nv}).
 *
 * <p><b>Scores</b> ({@code Σ̂ = XᵀX/n}, X centred, {@code r_j = [(I−W)ᵀΣ̂(I−W)]_jj}):
 * equal variance (EV) {@code S(W,σ) = Σ_j r_j/(2σ) + dσ/2 + λ‖W‖₁}; non-equal variance (NV)
 * {@code S(W,Σ) = ½Σ_j (r_j/σ_j + σ_j) + λ‖W‖₁}. Both are jointly convex in (W, σ) and minimized
 * in σ in closed form: {@code σ = sqrt(Σ_j r_j / d)} (EV), {@code σ_j = sqrt(r_j)} (NV).
 *
 * <p><b>Procedure</b> (DAGMA's central path): for stages t = 1..T minimize
 * {@code μ_t·S(W,σ) + h^{s_t}(W)} ({@link Acyclicity#logDet}) by Adam on W (lr 3e-4, β = (0.99,
 * 0.999), ε = 1e-8, moments reset per stage), with the closed-form σ after every W step;
 * μ starts at 1 and is multiplied by 0.1 per stage; {@code s = [1, .9, .8, .7, .6]}; 3·10⁴
 * iterations per stage, 6·10⁴ in the last; every 1000 iterations stop the stage if the relative
 * objective change is ≤ 1e-6. Gradient: {@code μ(−Σ̂(I−W)Σ⁻¹ + λ sign W) + 2W∘(sI − W∘W)⁻ᵀ}.
 *
 * <p><b>Domain safeguard</b> (as the code): if {@code (sI − W∘W)⁻¹} has an entry below −1e-6, W
 * has left the M-matrix domain. In the first stage the last step is undone, the learning rate
 * halved and the step retried (giving up the stage's remaining iterations when lr ≤ 1e-16); in
 * the first iteration of a stage, or in any stage with {@code s ≤ 0.9}, the stage restarts with
 * halved lr and {@code s += 0.1}. One addition: the code never checks the iterate a stage ends on;
 * we do, and undo that last step if it left the domain, so no returned W violates the safeguard.
 *
 * <p>The estimate is thresholded at 0.3 with CoLiDE's {@code to_dag} ({@link DagMetrics#threshold}).
 *
 * <pre>{@code
 * Colide.Result r = Colide.fit(x, n, d, Colide.Options.defaults(Colide.Variance.NON_EQUAL));
 * double[] sigma = r.sigma();    // one noise scale per variable (NV)
 * }</pre>
 */
public final class Colide {
    /** Noise model: one σ (EV) or one per variable (NV). */
    public enum Variance { EQUAL, NON_EQUAL }

    /**
     * @param variance EV or NV
     * @param lambda1 L1 weight (authors' demo 0.05)
     * @param muInit μ of the first stage (1)
     * @param muFactor μ multiplier per stage (0.1)
     * @param s log-det scale per stage; its length is T
     * @param warmIter Adam steps in stages before the last (3e4)
     * @param maxIter Adam steps in the last stage (6e4)
     * @param lr Adam step size (3e-4)
     * @param checkpoint iterations between convergence checks (1000)
     * @param tol relative objective change that ends a stage (1e-6)
     * @param threshold edge threshold (0.3)
     */
    public record Options(Variance variance, double lambda1, double muInit, double muFactor, double[] s, int warmIter, int maxIter,
                          double lr, int checkpoint, double tol, double threshold) {
        /** The spec's defaults (T = 5, s = [1, .9, .8, .7, .6], 3e4 / 6e4 iterations) with the demo's λ = 0.05. */
        public static Options defaults(Variance variance) {
            return new Options(variance, 0.05, 1, 0.1, new double[] {1, .9, .8, .7, .6}, 30_000, 60_000, 3e-4, 1000, 1e-6, 0.3);
        }

        /** The same options with other iteration budgets (for small machines). */
        public Options withIterations(int warm, int last) {
            return new Options(variance, lambda1, muInit, muFactor, s, warm, last, lr, checkpoint, tol, threshold);
        }
    }

    /**
     * @param fit the estimate; {@code score} is the final stage's S(W, σ) without the L1 term
     * @param sigma the noise scale(s): one entry (EV) or d (NV)
     * @param minInverseEntry the smallest entry of {@code (sI − W∘W)⁻¹} over every accepted iterate
     * @param restarts stage restarts forced by the safeguard
     */
    public record Result(DagFit fit, double[] sigma, double minInverseEntry, int restarts) {}

    private final LeastSquaresScore q;
    private final int d;
    private final Options o;
    private double minInverseEntry = Double.POSITIVE_INFINITY;
    private long iterations, evaluations;

    private Colide(LeastSquaresScore q, Options o) {
        this.q = q;
        this.d = q.d();
        this.o = o;
    }

    /** Fits X (n×d row-major) from W = 0. */
    public static Result fit(double[] x, int n, int d, Options o) {
        long t0 = System.nanoTime();
        LeastSquaresScore q = LeastSquaresScore.of(x, n, d);
        Colide c = new Colide(q, o);
        double[] w = new double[d * d];
        double[] sigma = c.initialSigma();
        double mu = o.muInit();
        double[] s = o.s().clone();
        int restarts = 0;
        for (int t = 0; t < s.length; t++) {
            double lr = o.lr();
            int iters = t == s.length - 1 ? o.maxIter() : o.warmIter();
            while (true) {
                Stage st = c.minimize(w.clone(), sigma.clone(), mu, iters, s[t], lr);
                if (st.success) {
                    w = st.w;
                    sigma = st.sigma;
                    break;
                }
                restarts++;
                lr *= 0.5;
                s[t] += 0.1;
            }
            mu *= o.muFactor();
        }
        double[] est = DagMetrics.threshold(w, d, o.threshold());
        double score = c.score(w, sigma);
        DagFit fit = new DagFit(w, est, d, c.iterations, c.evaluations, score, "stages done", (System.nanoTime() - t0) * 1e-9);
        return new Result(fit, sigma, c.minInverseEntry, restarts);
    }

    private record Stage(double[] w, double[] sigma, boolean success) {}

    private Stage minimize(double[] w, double[] sigma, double mu, int maxIter, double s, double lr) {
        double objPrev = 1e16;
        double[] m1 = new double[d * d], m2 = new double[d * d], step = new double[d * d];
        for (int iter = 1; iter <= maxIter; iter++) {
            double[] inv = inverse(w, s);
            while (minEntry(inv) < -1e-6) {
                if (iter == 1 || s <= 0.9) return new Stage(w, sigma, false);
                for (int k = 0; k < w.length; k++) w[k] += lr * step[k];
                lr *= 0.5;
                if (lr <= 1e-16) return new Stage(w, sigma, true);
                for (int k = 0; k < w.length; k++) w[k] -= lr * step[k];
                sigma = closedFormSigma(w);
                inv = inverse(w, s);
            }
            minInverseEntry = Math.min(minInverseEntry, minEntry(inv));
            double[] g = objectiveGradient(w, sigma, mu, inv);
            adamDirection(g, m1, m2, iter, step);
            for (int k = 0; k < w.length; k++) w[k] -= lr * step[k];
            sigma = closedFormSigma(w);
            iterations++;
            if (iter % o.checkpoint() == 0 || iter == maxIter) {
                double objNew = objective(w, sigma, mu, s);
                if (Math.abs((objPrev - objNew) / objPrev) <= o.tol()) break;
                objPrev = objNew;
            }
        }
        double[] inv = inverse(w, s);
        if (minEntry(inv) < -1e-6) {   // the code leaves the final iterate unchecked; undo that step
            for (int k = 0; k < w.length; k++) w[k] += lr * step[k];
            sigma = closedFormSigma(w);
        } else {
            minInverseEntry = Math.min(minInverseEntry, minEntry(inv));
        }
        return new Stage(w, sigma, true);
    }

    /** {@code (sI − W∘W)⁻¹ + 1e-16} as the code computes it. */
    private double[] inverse(double[] w, double s) {
        double[] m = new double[d * d];
        for (int k = 0; k < d * d; k++) m[k] = -w[k] * w[k];
        for (int i = 0; i < d; i++) m[i * d + i] += s;
        double[] inv = Linalg.inv(Tensor.wrap(m, d, d)).toDoubleArray();
        for (int k = 0; k < inv.length; k++) inv[k] += 1e-16;
        return inv;
    }

    /** {@code μ(−Σ̂(I−W)Σ⁻¹ + λ sign W) + 2W∘M⁻ᵀ}. */
    double[] objectiveGradient(double[] w, double[] sigma, double mu, double[] inv) {
        double[] r = q.covTimesResidual(w);
        double[] g = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                int k = i * d + j;
                double sj = sigma.length == 1 ? sigma[0] : sigma[j];
                g[k] = mu * (-r[k] / sj + o.lambda1() * Math.signum(w[k])) + 2 * w[k] * inv[j * d + i];
            }
        }
        evaluations++;
        return g;
    }

    private static void adamDirection(double[] g, double[] m1, double[] m2, int iter, double[] out) {
        double b1 = 0.99, b2 = 0.999;
        double c1 = 1 - Math.pow(b1, iter), c2 = 1 - Math.pow(b2, iter);
        for (int k = 0; k < g.length; k++) {
            m1[k] = b1 * m1[k] + (1 - b1) * g[k];
            m2[k] = b2 * m2[k] + (1 - b2) * g[k] * g[k];
            out[k] = (m1[k] / c1) / (Math.sqrt(m2[k] / c2) + 1e-8);
        }
    }

    /** The closed-form argmin of S(W, ·): EV {@code sqrt(Σ r_j / d)}, NV {@code sqrt(r_j)}. */
    double[] closedFormSigma(double[] w) {
        double[] r = q.residualVariances(w);
        if (o.variance() == Variance.EQUAL) {
            double t = 0;
            for (double v : r) t += v;
            return new double[] {Math.sqrt(t / d)};
        }
        double[] s = new double[d];
        for (int j = 0; j < d; j++) s[j] = Math.sqrt(r[j]);
        return s;
    }

    /** S(W, σ) without the L1 term. */
    double score(double[] w, double[] sigma) {
        double[] r = q.residualVariances(w);
        double s = 0;
        if (sigma.length == 1) {
            for (double v : r) s += v;
            return 0.5 * s / sigma[0] + 0.5 * sigma[0] * d;
        }
        for (int j = 0; j < d; j++) s += r[j] / sigma[j] + sigma[j];
        return 0.5 * s;
    }

    /** {@code μ(S + λ‖W‖₁) + h^s(W)}. */
    double objective(double[] w, double[] sigma, double mu, double s) {
        double l1 = 0;
        for (double v : w) l1 += Math.abs(v);
        return mu * (score(w, sigma) + o.lambda1() * l1) + Acyclicity.logDet(s).value(w, d);
    }

    private double[] initialSigma() {
        double[] sd = q.residualVariances(new double[d * d]);
        for (int j = 0; j < d; j++) sd[j] = Math.sqrt(sd[j]);
        if (o.variance() == Variance.NON_EQUAL) return sd;
        return new double[] {Arrays.stream(sd).min().orElseThrow()};
    }

    private static double minEntry(double[] a) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : a) m = Math.min(m, v);
        return m;
    }

    /** The score machinery for data X (package-private: the property tests call it directly). */
    static Colide forData(double[] x, int n, int d, Options o) {
        return new Colide(LeastSquaresScore.of(x, n, d), o);
    }
}
