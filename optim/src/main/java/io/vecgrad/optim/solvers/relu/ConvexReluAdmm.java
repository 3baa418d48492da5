package io.vecgrad.optim.solvers.relu;

import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;
import java.util.ArrayList;
import java.util.List;

/**
 * ADMM for the convex two-layer ReLU program ({@link ConvexReluProblem}) with squared loss —
 * P35: Bai, Gautam, Sojoudi, "Efficient Global Optimization of Two-layer ReLU Networks:
 * Quadratic-time Algorithms and Adversarial Training", SIMODS 2023 (arXiv:2201.01965),
 * Algorithm 1; sign conventions and residuals as the re-implementation
 * github.com/zachary-shah/admmNN ({@code optimizers.admm_optimizer}, {@code proxl2}).
 *
 * <p>Splitting {@code u = v} (v carries the group norm) and {@code G u = s, s ≥ 0} (the cones),
 * with scaled duals λ, ν, penalty ρ and dual step ratio γ_a, one iteration is
 * <ol>
 *   <li>{@code u ← (I + FᵀF/ρ + GᵀG)⁻¹ (Fᵀy/ρ + v − λ + Gᵀ(s − ν))} — the matrix is factored once
 *       (Cholesky), so each iteration costs one pair of triangular solves: quadratic in 2dP;
 *   <li>{@code v_a ← (1 − β/(ρ‖z_a‖))_+ z_a}, {@code z = u + λ} (group soft-threshold);
 *   <li>{@code s ← max(0, G u + ν)};
 *   <li>{@code λ ← λ + γ_a(u − v)}, {@code ν ← ν + γ_a(G u − s)}.
 * </ol>
 * It stops when {@code ‖u − v‖ + ‖Gu − s‖}, {@code ‖Fᵀ(Fu − y) + ρ(λ + Gᵀν)‖} and
 * {@code ‖β v_a/‖v_a‖ − ρλ_a‖} (over nonzero blocks) are all below {@code tol}, or after
 * {@code maxIter} iterations. At a fixed point, {@code μ = −ρν ≥ 0} and ρλ are the KKT
 * multipliers of the cone constraints and the group norms.
 *
 * <pre>{@code
 * ConvexReluAdmm.Result r = ConvexReluAdmm.solve(problem, ConvexReluAdmm.Options.defaults());
 * TwoLayerRelu net = TwoLayerRelu.fromConvex(problem, r.v());
 * }</pre>
 */
public final class ConvexReluAdmm {
    /**
     * @param rho penalty ρ
     * @param gamma dual step ratio γ_a
     * @param maxIter iteration cap
     * @param tol residual tolerance (absolute)
     */
    public record Options(double rho, double gamma, int maxIter, double tol) {
        public static Options defaults() {
            return new Options(1.0, 1.0, 2000, 1e-6);
        }

        public Options withRho(double r) {
            return new Options(r, gamma, maxIter, tol);
        }

        public Options withMaxIter(int m) {
            return new Options(rho, gamma, m, tol);
        }
    }

    /**
     * @param v the group-sparse solution (stacked v then w blocks), the one to recover a network from
     * @param u the u iterate
     * @param lambda scaled dual of u = v
     * @param nu scaled dual of Gu = s
     * @param slack s
     * @param iterations iterations run
     * @param objectives convex objective at v after each iteration
     * @param primalResidual final {@code ‖u − v‖ + ‖Gu − s‖}
     * @param setupSeconds time to form and factor the linear system
     * @param iterSeconds time spent in the iterations
     */
    public record Result(double[] v, double[] u, double[] lambda, double[] nu, double[] slack, int iterations, double[] objectives,
                         double primalResidual, double setupSeconds, double iterSeconds) {
        /** Convex objective at the returned v. */
        public double objective() {
            return objectives[objectives.length - 1];
        }
    }

    private ConvexReluAdmm() {}

    public static Result solve(ConvexReluProblem prob, Options o) {
        long t0 = System.nanoTime();
        int size = prob.size(), n = prob.n(), d = prob.d(), p = prob.patterns();
        double rho = o.rho(), beta = prob.beta();
        double[] chol = Linalg.cholesky(Tensor.wrap(systemMatrix(prob, rho), size, size)).toDoubleArray();
        double[] b1 = prob.predictAdjoint(prob.y());
        for (int k = 0; k < size; k++) b1[k] /= rho;
        long t1 = System.nanoTime();
        double[] u = new double[size], v = new double[size], lam = new double[size];
        double[] s = new double[2 * p * n], nu = new double[2 * p * n];
        List<Double> objectives = new ArrayList<>();
        double primal = Double.NaN;
        int it = 0;
        while (it < o.maxIter()) {
            it++;
            double[] sMinusNu = new double[s.length];
            for (int k = 0; k < s.length; k++) sMinusNu[k] = s[k] - nu[k];
            double[] rhs = prob.coneAdjoint(sMinusNu);
            for (int k = 0; k < size; k++) rhs[k] += b1[k] + v[k] - lam[k];
            u = choleskySolve(chol, rhs, size);
            double[] z = new double[size];
            for (int k = 0; k < size; k++) z[k] = u[k] + lam[k];
            v = groupSoftThreshold(z, 2 * p, d, beta / rho);
            double[] gu = prob.cone(u);
            for (int k = 0; k < s.length; k++) s[k] = Math.max(0, gu[k] + nu[k]);
            double duv = 0, dgs = 0;
            for (int k = 0; k < size; k++) {
                lam[k] += o.gamma() * (u[k] - v[k]);
                duv += (u[k] - v[k]) * (u[k] - v[k]);
            }
            for (int k = 0; k < s.length; k++) {
                nu[k] += o.gamma() * (gu[k] - s[k]);
                dgs += (gu[k] - s[k]) * (gu[k] - s[k]);
            }
            primal = Math.sqrt(duv) + Math.sqrt(dgs);
            objectives.add(prob.objective(v));
            if (primal <= o.tol() && stationarity(prob, u, lam, nu, rho) <= o.tol() && groupResidual(v, lam, 2 * p, d, beta, rho) <= o.tol()) break;
        }
        long t2 = System.nanoTime();
        return new Result(v, u, lam, nu, s, it, objectives.stream().mapToDouble(Double::doubleValue).toArray(), primal,
                (t1 - t0) * 1e-9, (t2 - t1) * 1e-9);
    }

    /**
     * Solves {@code L Lᵀ u = b} for row-major lower-triangular L: forward substitution by row dot
     * products, back substitution by row axpys (both walk L's rows contiguously).
     */
    static double[] choleskySolve(double[] l, double[] b, int n) {
        double[] y = b.clone();
        for (int i = 0; i < n; i++) {
            double s = y[i];
            int row = i * n;
            for (int k = 0; k < i; k++) s -= l[row + k] * y[k];
            y[i] = s / l[row + i];
        }
        for (int i = n - 1; i >= 0; i--) {
            int row = i * n;
            double xi = y[i] / l[row + i];
            y[i] = xi;
            for (int k = 0; k < i; k++) y[k] -= xi * l[row + k];
        }
        return y;
    }

    /** {@code ‖Fᵀ(Fu − y) + ρ(λ + Gᵀν)‖}. */
    static double stationarity(ConvexReluProblem prob, double[] u, double[] lam, double[] nu, double rho) {
        double[] f = prob.predict(u);
        double[] y = prob.y();
        for (int r = 0; r < f.length; r++) f[r] -= y[r];
        double[] g = prob.predictAdjoint(f), gn = prob.coneAdjoint(nu);
        double s = 0;
        for (int k = 0; k < g.length; k++) {
            double e = g[k] + rho * (lam[k] + gn[k]);
            s += e * e;
        }
        return Math.sqrt(s);
    }

    /** {@code ‖β v_a/‖v_a‖ − ρλ_a‖} summed in quadrature over nonzero blocks. */
    static double groupResidual(double[] v, double[] lam, int blocks, int d, double beta, double rho) {
        double s = 0;
        for (int a = 0; a < blocks; a++) {
            double nv = 0;
            for (int k = 0; k < d; k++) nv += v[a * d + k] * v[a * d + k];
            nv = Math.sqrt(nv);
            if (nv == 0) continue;
            for (int k = 0; k < d; k++) {
                double e = beta * v[a * d + k] / nv - rho * lam[a * d + k];
                s += e * e;
            }
        }
        return Math.sqrt(s);
    }

    /** Block-wise {@code (1 − t/‖z_a‖)_+ z_a}: 0 iff {@code ‖z_a‖ ≤ t}, else the norm shrinks by exactly t. */
    public static double[] groupSoftThreshold(double[] z, int blocks, int d, double t) {
        double[] out = new double[z.length];
        for (int a = 0; a < blocks; a++) {
            double nz = 0;
            for (int k = 0; k < d; k++) nz += z[a * d + k] * z[a * d + k];
            nz = Math.sqrt(nz);
            if (nz <= t) continue;
            double scale = 1 - t / nz;
            for (int k = 0; k < d; k++) out[a * d + k] = scale * z[a * d + k];
        }
        return out;
    }

    /** {@code I + FᵀF/ρ + GᵀG}, with FᵀF from one Gram product of {@code [D_1X … D_PX]}. */
    static double[] systemMatrix(ConvexReluProblem prob, double rho) {
        int n = prob.n(), d = prob.d(), p = prob.patterns(), size = prob.size(), pd = p * d;
        double[] x = prob.x();
        double[] dx = new double[n * pd];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < p; i++) {
                if (!prob.activationPatterns().active(i, r)) continue;
                System.arraycopy(x, r * d, dx, r * pd + i * d, d);
            }
        }
        Tensor dxt = Tensor.wrap(dx, n, pd);
        double[] k = dxt.mT().matmul(dxt).toDoubleArray();     // (D_iX)ᵀ(D_jX) blocks
        Tensor xt = Tensor.wrap(x, n, d);
        double[] xtx = xt.mT().matmul(xt).toDoubleArray();     // (2D−I)² = I, so GᵀG = blockdiag(XᵀX)
        double[] a = new double[size * size];
        for (int r = 0; r < pd; r++) {
            for (int c = 0; c < pd; c++) {
                double kv = k[r * pd + c] / rho;
                a[r * size + c] = kv;
                a[(pd + r) * size + (pd + c)] = kv;
                a[r * size + (pd + c)] = -kv;
                a[(pd + r) * size + c] = -kv;
            }
        }
        for (int blk = 0; blk < 2 * p; blk++) {
            for (int r = 0; r < d; r++) {
                for (int c = 0; c < d; c++) a[(blk * d + r) * size + blk * d + c] += xtx[r * d + c];
            }
        }
        for (int i = 0; i < size; i++) a[i * size + i] += 1;
        return a;
    }
}
