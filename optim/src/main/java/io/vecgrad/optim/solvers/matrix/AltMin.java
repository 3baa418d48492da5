package io.vecgrad.optim.solvers.matrix;

import io.vecgrad.optim.problems.matrix.CompletionProblem;
import io.vecgrad.optim.problems.matrix.Factors;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;
import io.vecgrad.tensor.random.Rng;
import io.vecgrad.tensor.sparse.CsrMatrix;
import java.util.Arrays;

/**
 * Alternating minimization for low-rank matrix completion, in the style of Jain, Netrapalli and Sanghavi
 * (STOC 2013) and made robust to approximate regression solves as in P34 (Gu, Song, Yin, Zhang, "Low rank
 * matrix completion via robust alternating minimization in nearly linear time", arXiv:2302.11068). The
 * skeleton follows the spec (no reference code is known):
 * <ol>
 *   <li>optionally split Ω into {@code 2T+1} disjoint random parts (the analysis needs fresh samples per
 *       step; practice reuses Ω — {@link Options#splitSamples()} chooses);</li>
 *   <li>{@code U₀} = top-k left singular vectors of {@code P_{Ω₀}(M)/p} (randomized subspace iteration on
 *       the sparse matrix), rows with norm above {@code 2μ sqrt(k/m)} zeroed when {@code clipMu > 0}, QR;</li>
 *   <li>for {@code t < T}: {@code V̂ = argmin_V ‖P_Ω(U Vᵀ − M)‖_F}, which decouples into one k-variable
 *       regression per column, {@code V = QR(V̂)}; then symmetrically {@code Û} per row and
 *       {@code U = QR(Û)};</li>
 *   <li>output {@code M̂ = U_T V̂ᵀ} with {@code V̂} fitted to {@code U_T} on all of Ω.</li>
 * </ol>
 * The regressions are solved by the {@link LeastSquaresSolver} of the options: {@link LeastSquaresSolver#exact()}
 * gives classic AltMin ({@code O(|Ω| k²)} per step), {@link LeastSquaresSolver#sketched} P34's robust variant.
 * Regressions are independent: each draws its randomness from its own stream, so their order never
 * changes the result (bitwise).
 *
 * <pre>{@code
 * CompletionProblem p = CompletionProblem.planted(300, 300, new double[] {1, 1, 1, 1, 1}, 0.1, 2);
 * AltMin.Result r = AltMin.run(p, AltMin.Options.of(5, 20).withSolver(LeastSquaresSolver.sketched(4, 3, 1)));
 * double err = p.relativeError(r.estimate());
 * }</pre>
 */
public final class AltMin {
    private AltMin() {}

    /**
     * @param rank k
     * @param iterations T (each is a V half-step and a U half-step)
     * @param solver the per-regression least-squares solver
     * @param splitSamples use disjoint parts of Ω per step (the analysis) instead of all of Ω (practice)
     * @param clipMu the incoherence μ for clipping the initial rows, or 0 for no clipping
     * @param powerIterations subspace iterations of the spectral initialization
     * @param seed for the initialization's random start and the sample split
     */
    public record Options(int rank, int iterations, LeastSquaresSolver solver, boolean splitSamples, double clipMu,
                          int powerIterations, long seed) {
        public Options {
            if (rank < 1 || iterations < 0 || solver == null || clipMu < 0 || powerIterations < 0) {
                throw new IllegalArgumentException("AltMin.Options: rank=" + rank + ", iterations=" + iterations + ", clipMu=" + clipMu
                        + ", powerIterations=" + powerIterations + (solver == null ? ", no solver" : ""));
            }
        }

        /** Exact solves, all samples reused, no clipping, 10 subspace iterations, seed 0. */
        public static Options of(int rank, int iterations) {
            return new Options(rank, iterations, LeastSquaresSolver.exact(), false, 0, 10, 0);
        }

        public Options withSolver(LeastSquaresSolver s) {
            return new Options(rank, iterations, s, splitSamples, clipMu, powerIterations, seed);
        }

        public Options withSplitSamples(boolean split) {
            return new Options(rank, iterations, solver, split, clipMu, powerIterations, seed);
        }

        public Options withClipMu(double mu) {
            return new Options(rank, iterations, solver, splitSamples, mu, powerIterations, seed);
        }

        public Options withSeed(long s) {
            return new Options(rank, iterations, solver, splitSamples, clipMu, powerIterations, s);
        }
    }

    /**
     * @param factors {@code (U_T, V̂)}: orthonormal U [m, k] and the fitted V̂ [n, k], {@code M̂ = U V̂ᵀ}
     * @param subspaceDistance {@code ‖(I − U*U*ᵀ)U_t‖_F} for t = 0..T when the problem knows U*, else empty
     */
    public record Result(Factors factors, double[] subspaceDistance) {
        /** {@code M̂ = U V̂ᵀ}. */
        public Tensor estimate() {
            return factors.product();
        }
    }

    /** Runs alternating minimization on {@code p} with options {@code o}. */
    public static Result run(CompletionProblem p, Options o) {
        int m = p.rows(), n = p.cols(), k = o.rank();
        if (k > Math.min(m, n)) throw new IllegalArgumentException("AltMin: rank " + k + " exceeds " + m + "x" + n);
        int parts = o.splitSamples() ? 2 * o.iterations() + 1 : 1;
        Sample[] sample = Sample.split(p.byRow(), parts, new Rng(o.seed()).split("altmin-split"));
        Tensor u = spectralInit(sample[0].byRow, k, o.powerIterations(), new Rng(o.seed()).split("altmin-init"));
        if (o.clipMu() > 0) u = clip(u, 2 * o.clipMu() * Math.sqrt((double) k / m));
        boolean track = p.leftFactor() != null;
        double[] dist = new double[track ? o.iterations() + 1 : 0];
        if (track) dist[0] = p.subspaceDistance(u);
        LeastSquaresSolver solver = o.solver();
        for (int t = 0; t < o.iterations(); t++) {
            Sample sv = sample[o.splitSamples() ? t + 1 : 0], su = sample[o.splitSamples() ? o.iterations() + t + 1 : 0];
            Tensor vHat = halfStep(sv.byColumn, u.toDoubleArray(), k, solver, 2L * t, null);
            Tensor v = Linalg.qr(vHat).q();
            u = Linalg.qr(halfStep(su.byRow, v.toDoubleArray(), k, solver, 2L * t + 1, null)).q();
            if (track) dist[t + 1] = p.subspaceDistance(u);
        }
        Tensor vHat = halfStep(p.byColumn(), u.toDoubleArray(), k, solver, 2L * o.iterations(), null);
        return new Result(new Factors(u, vHat), dist);
    }

    /**
     * One half-step: for every row r of {@code obs} (a column of M when {@code obs} is by column), the
     * regression of its observed values on the matching rows of {@code fixed} (row-major, k wide).
     * {@code order} (null: natural) only changes the order in which regressions are solved.
     */
    static Tensor halfStep(CsrMatrix obs, double[] fixed, int k, LeastSquaresSolver solver, long phase, int[] order) {
        int count = obs.rows();
        int[] ptr = obs.rowPtr(), idx = obs.colIdx();
        double[] vals = obs.values().toDoubleArray();
        int widest = 0;
        for (int r = 0; r < count; r++) widest = Math.max(widest, ptr[r + 1] - ptr[r]);
        double[] a = new double[Math.max(1, widest) * k], b = new double[Math.max(1, widest)], x = new double[k];
        double[] out = new double[count * k];
        for (int step = 0; step < count; step++) {
            int r = order == null ? step : order[step];
            int rows = ptr[r + 1] - ptr[r];
            for (int e = 0; e < rows; e++) {
                System.arraycopy(fixed, idx[ptr[r] + e] * k, a, e * k, k);
                b[e] = vals[ptr[r] + e];
            }
            if (rows == 0) continue;                        // an unobserved line stays 0
            solver.solve(a, rows, k, b, x, (phase << 32) | r);
            System.arraycopy(x, 0, out, r * k, k);
        }
        return Tensor.wrap(out, count, k);
    }

    /** Top-k left singular vectors of the sparse {@code y} by randomized subspace iteration (k + 5 columns). */
    static Tensor spectralInit(CsrMatrix y, int k, int powerIterations, Rng rng) {
        int m = y.rows(), n = y.cols(), l = Math.min(k + 5, Math.min(m, n));
        CsrMatrix yt = y.transpose();
        Tensor q = Linalg.qr(y.matmul(rng.normal(DType.FLOAT64, 0, 1, n, l))).q();
        for (int i = 0; i < powerIterations; i++) q = Linalg.qr(y.matmul(yt.matmul(q))).q();
        Tensor b = yt.matmul(q);                             // Yᵀ Q, [n, l]
        Linalg.Eigh e = Linalg.eigh(b.mT().matmul(b));      // (QᵀY)(QᵀY)ᵀ, ascending
        int[] top = new int[k];
        for (int j = 0; j < k; j++) top[j] = l - 1 - j;
        Tensor w = e.vectors().indexSelect(1, Tensor.of(top));
        return q.matmul(w);
    }

    /** Zeroes rows whose norm exceeds {@code limit}, then re-orthonormalizes. */
    static Tensor clip(Tensor u, double limit) {
        int m = u.size(0), k = u.size(1);
        double[] a = u.contiguous().toDoubleArray();
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int c = 0; c < k; c++) s += a[i * k + c] * a[i * k + c];
            if (Math.sqrt(s) > limit) Arrays.fill(a, i * k, i * k + k, 0);
        }
        return Linalg.qr(Tensor.wrap(a, m, k)).q();
    }

    /** One part of Ω, by row and by column. */
    private record Sample(CsrMatrix byRow, CsrMatrix byColumn) {
        static Sample[] split(CsrMatrix all, int parts, Rng rng) {
            if (parts == 1) return new Sample[] {new Sample(all, all.transpose())};
            int rows = all.rows(), nnz = all.nnz();
            int[] ptr = all.rowPtr(), idx = all.colIdx(), label = new int[nnz];
            double[] vals = all.values().toDoubleArray();
            int[][] counts = new int[parts][rows + 1];
            for (int r = 0; r < rows; r++) {
                for (int e = ptr[r]; e < ptr[r + 1]; e++) {
                    label[e] = rng.nextInt(parts);
                    counts[label[e]][r + 1]++;
                }
            }
            Sample[] out = new Sample[parts];
            for (int s = 0; s < parts; s++) {
                int[] sp = counts[s];
                for (int r = 0; r < rows; r++) sp[r + 1] += sp[r];
                int[] si = new int[sp[rows]];
                double[] sv = new double[sp[rows]];
                int at = 0;
                for (int e = 0; e < nnz; e++) {
                    if (label[e] == s) {
                        si[at] = idx[e];
                        sv[at++] = vals[e];
                    }
                }
                CsrMatrix part = CsrMatrix.of(rows, all.cols(), sp, si, sv);
                out[s] = new Sample(part, part.transpose());
            }
            return out;
        }
    }
}
