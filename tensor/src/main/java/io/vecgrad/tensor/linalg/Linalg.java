package io.vecgrad.tensor.linalg;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;

/**
 * Dense linear algebra on tensors, after {@code torch.linalg}: every function takes a matrix
 * or a batch of matrices in the last two axes (leading axes are batch axes, broadcast where two
 * operands meet), accepts any strided view (a transposed or sliced input is copied once into
 * the kernels' row-major layout), and returns new tensors. float64 is computed in float64;
 * float32 inputs are computed in float64 and rounded once, so float32 results are as accurate
 * as float32 storage allows (and cost what float64 costs). Other dtypes are promoted to float64.
 *
 * <pre>{@code
 * Tensor a = Tensor.of(new double[] {4, 2, 2, 3}, 2, 2);
 * Tensor l = Linalg.cholesky(a);                     // lower L with L·Lᵀ = A
 * Tensor x = Linalg.solve(a, Tensor.of(new double[] {1, 2}));
 * Linalg.Eigh e = Linalg.eigh(a);                    // ascending values, vectors in columns
 * }</pre>
 *
 * <p>Errors: a non-square input where a square one is needed, operands whose shapes do not
 * match and NaN or infinite entries get an {@link IllegalArgumentException} naming the op, the
 * shape and (for a non-finite entry) where it is; a matrix the algorithm cannot handle (not
 * positive definite, singular, rank deficient) gets a {@link LinalgException} naming the op, the
 * shape, the matrix of the batch and the failing pivot. Empty matrices behave as in NumPy: the
 * determinant of a 0×0 matrix is 1, its inverse and factors are 0×0.
 *
 * <p>Kernels, one per concept: {@link Cholesky}, {@link Lu}, {@link Triangular},
 * {@link Householder}, {@link TridiagonalEigen}, {@link JacobiSvd}, {@link PadeExpm}; the
 * blocked ones do their bulk flops in the GEMM kernel.
 */
public final class Linalg {
    private Linalg() {}

    /** Factors of {@link #lu}: L (unit, strictly below the diagonal) and U packed in {@code lu}; 0-based row swaps like SciPy's {@code lu_factor}. */
    public record LuFactors(Tensor lu, Tensor pivots) {}

    /** Factors of {@link #qr}: Q with orthonormal columns and upper triangular R. */
    public record QR(Tensor q, Tensor r) {}

    /** Result of {@link #eigh}: ascending eigenvalues and unit eigenvectors in the columns of {@code vectors}. */
    public record Eigh(Tensor values, Tensor vectors) {}

    /** Result of {@link #svd}: {@code A = U·diag(S)·Vh}, S descending. */
    public record Svd(Tensor u, Tensor s, Tensor vh) {}

    /** Result of {@link #slogdet}: {@code det = sign·exp(logAbsDet)}; a singular matrix has sign 0 and logAbsDet −∞. */
    public record Slogdet(Tensor sign, Tensor logAbsDet) {}

    /** Matrix norms for {@link #matrixNorm}. */
    public enum Norm { FROBENIUS, SPECTRAL, NUCLEAR }

    // ------------------------------------------------------------------ Cholesky and triangular

    /**
     * Lower Cholesky factor L with {@code A = L·Lᵀ}; only the lower triangle of A is read.
     *
     * <pre>{@code
     * Tensor l = Linalg.cholesky(Tensor.of(new double[] {4, 2, 2, 3}, 2, 2));   // [[2, 0], [1, √2]]
     * }</pre>
     *
     * @throws LinalgException naming the first pivot that is not positive
     */
    public static Tensor cholesky(Tensor a) {
        MatrixBatch m = MatrixBatch.of("cholesky", a, true);
        int n = m.rows;
        for (int b = 0; b < m.count; b++) {
            int off = m.offset(b);
            int k = Cholesky.factor(m.data, off, n);
            if (k >= 0) {
                throw m.fail(b, k, "matrix is not positive definite: pivot " + k + " is " + m.data[off + k * n + k]
                        + " after elimination (the leading " + (k + 1) + "×" + (k + 1) + " minor is not positive)");
            }
        }
        return m.result(m.data, n, n);
    }

    /**
     * Solves {@code op(A)·X = B} ({@code left}) or {@code X·op(A) = B} for triangular A, with
     * {@code op(A) = Aᵀ} when {@code transpose}; {@code upper} says which triangle of A holds
     * the matrix (the other is not read) and {@code unitDiagonal} takes its diagonal as ones.
     * B has at least two axes; batch axes broadcast.
     *
     * <pre>{@code
     * Tensor x = Linalg.solveTriangular(l, b, false, true, false, false);   // L·X = B
     * Tensor y = Linalg.solveTriangular(l, x, false, true, true, false);    // Lᵀ·Y = X
     * }</pre>
     *
     * @throws LinalgException naming the first zero diagonal entry
     */
    public static Tensor solveTriangular(Tensor a, Tensor b, boolean upper, boolean left, boolean transpose,
                                         boolean unitDiagonal) {
        String op = "solveTriangular";
        MatrixBatch.requireMatrix(op, a);
        MatrixBatch.requireMatrix(op, b);
        int[] batch = MatrixBatch.batchOf(op, a, b);
        MatrixBatch ma = MatrixBatch.of(op, a, true);
        ma = batchShapeEquals(ma, batch) ? ma : MatrixBatch.broadcast(op, a, batch);
        MatrixBatch mb = MatrixBatch.broadcast(op, b, batch);
        int n = ma.rows;
        int need = left ? mb.rows : mb.cols;
        if (need != n) {
            throw new IllegalArgumentException(op + ": A of shape " + java.util.Arrays.toString(a.shape()) + " and B of shape "
                    + java.util.Arrays.toString(b.shape()) + " do not match (" + (left ? "rows" : "columns") + " of B must be " + n + ")");
        }
        int k = left ? mb.cols : mb.rows;
        double[] out = new double[mb.count * n * k];
        double[] work = new double[n * k];
        for (int bi = 0; bi < mb.count; bi++) {
            int bo = mb.offset(bi);
            // left: solve op(A)·X = B; right: op(A)ᵀ·Xᵀ = Bᵀ.
            boolean t = left ? transpose : !transpose;
            if (left) {
                System.arraycopy(mb.data, bo, work, 0, n * k);
            } else {
                for (int i = 0; i < k; i++) for (int j = 0; j < n; j++) work[j * k + i] = mb.data[bo + i * n + j];
            }
            int z = Triangular.solve(n, k, ma.data, ma.offset(bi), t ? 1 : n, t ? n : 1, t == upper, unitDiagonal, work, 0, k);
            if (z >= 0) throw ma.fail(bi, z, "matrix is singular: diagonal entry " + z + " is zero");
            if (left) {
                System.arraycopy(work, 0, out, bo, n * k);
            } else {
                for (int i = 0; i < k; i++) for (int j = 0; j < n; j++) out[bo + i * n + j] = work[j * k + i];
            }
        }
        return promoted(ma, mb).result(out, mb.rows, mb.cols);
    }

    /** {@code torch.linalg.solve_triangular(A, B, upper=upper, left=true)}: solves {@code A·X = B}. */
    public static Tensor solveTriangular(Tensor a, Tensor b, boolean upper) {
        return solveTriangular(a, b, upper, true, false, false);
    }

    /**
     * Solves {@code A·X = B} given the lower Cholesky factor L of A ({@code A = L·Lᵀ}), like
     * SciPy's {@code cho_solve((L, True), B)}. B is a matrix (batch) or, for one matrix L, a vector.
     *
     * <pre>{@code
     * Tensor x = Linalg.choleskySolve(Linalg.cholesky(a), b);
     * }</pre>
     */
    public static Tensor choleskySolve(Tensor l, Tensor b) {
        return withVector(l, b, bm -> {
            Tensor y = solveTriangular(l, bm, false, true, false, false);
            return solveTriangular(l, y, false, true, true, false);
        });
    }

    // ------------------------------------------------------------------ LU and what uses it

    /**
     * LU factorization with partial pivoting of square matrices, like SciPy's {@code lu_factor}:
     * {@code lu} holds L below the diagonal (unit diagonal implied) and U on and above it;
     * {@code pivots} (int32, 0-based) says row i was swapped with row {@code pivots[i]}. A
     * singular matrix factors without error (a zero on U's diagonal).
     *
     * <pre>{@code
     * Linalg.LuFactors f = Linalg.lu(a);
     * }</pre>
     */
    public static LuFactors lu(Tensor a) {
        MatrixBatch m = MatrixBatch.of("lu", a, true);
        int n = m.rows;
        int[] piv = new int[m.count * n];
        int[] p = new int[n];
        for (int b = 0; b < m.count; b++) {
            Lu.factor(m.data, m.offset(b), n, p);
            System.arraycopy(p, 0, piv, b * n, n);
        }
        return new LuFactors(m.result(m.data, n, n), Tensor.of(piv, m.shape(n)));
    }

    /**
     * Solves {@code A·X = B} by LU with partial pivoting. B is a matrix (batch) or a vector
     * ({@code B.dim() == A.dim() − 1}); batch axes broadcast.
     *
     * <pre>{@code
     * Tensor x = Linalg.solve(Tensor.of(new double[] {2, 1, 1, 3}, 2, 2), Tensor.of(new double[] {3, 5}));  // [0.8, 1.4]
     * }</pre>
     *
     * @throws LinalgException if A is singular, naming the zero pivot
     */
    public static Tensor solve(Tensor a, Tensor b) {
        return withVector(a, b, bm -> solveMatrix(a, bm));
    }

    private static Tensor solveMatrix(Tensor a, Tensor b) {
        String op = "solve";
        MatrixBatch.requireMatrix(op, a);
        int[] batch = MatrixBatch.batchOf(op, a, b);
        MatrixBatch ma = MatrixBatch.of(op, a, true);
        ma = batchShapeEquals(ma, batch) ? ma : MatrixBatch.broadcast(op, a, batch);
        MatrixBatch mb = MatrixBatch.broadcast(op, b, batch);
        int n = ma.rows, k = mb.cols;
        if (mb.rows != n) {
            throw new IllegalArgumentException(op + ": A of shape " + java.util.Arrays.toString(a.shape()) + " and B of shape "
                    + java.util.Arrays.toString(b.shape()) + " do not match (B needs " + n + " rows)");
        }
        int[] piv = new int[n];
        for (int bi = 0; bi < ma.count; bi++) {
            int z = Lu.factor(ma.data, ma.offset(bi), n, piv);
            if (z >= 0) throw ma.fail(bi, z, "matrix is singular: U[" + z + "][" + z + "] is zero after partial pivoting");
            Lu.solve(ma.data, ma.offset(bi), n, piv, mb.data, mb.offset(bi), k);
        }
        return promoted(ma, mb).result(mb.data, n, k);
    }

    /**
     * Inverse of square matrices (LU with partial pivoting, then n right-hand sides).
     *
     * <pre>{@code
     * Tensor ai = Linalg.inv(a);
     * }</pre>
     *
     * @throws LinalgException if a matrix is singular, naming the zero pivot
     */
    public static Tensor inv(Tensor a) {
        MatrixBatch m = MatrixBatch.of("inv", a, true);
        int n = m.rows;
        double[] out = new double[m.data.length];
        int[] piv = new int[n];
        for (int b = 0; b < m.count; b++) {
            int off = m.offset(b);
            int z = Lu.factor(m.data, off, n, piv);
            if (z >= 0) throw m.fail(b, z, "matrix is singular: U[" + z + "][" + z + "] is zero after partial pivoting");
            for (int i = 0; i < n; i++) out[off + i * n + i] = 1;
            Lu.solve(m.data, off, n, piv, out, off, n);
        }
        return m.result(out, n, n);
    }

    /**
     * Determinant (product of U's diagonal and the permutation's sign); 1 for a 0×0 matrix.
     *
     * <pre>{@code
     * double d = Linalg.det(Tensor.of(new double[] {2, 1, 1, 3}, 2, 2)).item();   // 5
     * }</pre>
     */
    public static Tensor det(Tensor a) {
        Slogdet s = slogdet("det", a);
        double[] sign = s.sign.toDoubleArray(), log = s.logAbsDet.toDoubleArray();
        double[] d = new double[sign.length];
        for (int i = 0; i < d.length; i++) d[i] = sign[i] * Math.exp(log[i]);
        return Tensor.of(d, s.sign.shape()).to(s.sign.dtype());
    }

    /**
     * Sign and log of the absolute determinant, without overflow for large matrices.
     *
     * <pre>{@code
     * Linalg.Slogdet s = Linalg.slogdet(a);   // det = s.sign()·exp(s.logAbsDet())
     * }</pre>
     */
    public static Slogdet slogdet(Tensor a) {
        return slogdet("slogdet", a);
    }

    private static Slogdet slogdet(String op, Tensor a) {
        MatrixBatch m = MatrixBatch.of(op, a, true);
        int n = m.rows;
        double[] sign = new double[m.count], log = new double[m.count];
        int[] piv = new int[n];
        for (int b = 0; b < m.count; b++) {
            int off = m.offset(b);
            Lu.factor(m.data, off, n, piv);
            double sg = 1, lg = 0;
            for (int i = 0; i < n; i++) {
                double u = m.data[off + i * n + i];
                if (piv[i] != i) sg = -sg;
                if (u < 0) sg = -sg;
                if (u == 0) sg = 0;
                lg += Math.log(Math.abs(u));
            }
            sign[b] = sg;
            log[b] = lg;
        }
        return new Slogdet(m.result(sign), m.result(log));
    }

    // ------------------------------------------------------------------ QR and least squares

    /**
     * Householder QR: reduced ({@code Q} m×k, {@code R} k×n, k = min(m, n)) or, with
     * {@code complete}, Q m×m and R m×n. R's diagonal signs follow LAPACK (as NumPy's
     * {@code qr}); they are not made positive.
     *
     * <pre>{@code
     * Linalg.QR f = Linalg.qr(a, false);   // a ≈ f.q()·f.r(), f.q()ᵀ·f.q() = I
     * }</pre>
     */
    public static QR qr(Tensor a, boolean complete) {
        MatrixBatch m = MatrixBatch.of("qr", a, false);
        int rows = m.rows, cols = m.cols, k = Math.min(rows, cols);
        int qc = complete ? rows : k, rr = complete ? rows : k;
        double[] q = new double[m.count * rows * qc], r = new double[m.count * rr * cols];
        double[] tau = new double[k];
        for (int b = 0; b < m.count; b++) {
            int off = m.offset(b);
            Householder.factor(m.data, off, rows, cols, tau);
            System.arraycopy(Householder.formQ(m.data, off, rows, cols, tau, qc), 0, q, b * rows * qc, rows * qc);
            for (int i = 0; i < Math.min(rr, rows); i++) {
                for (int j = i; j < cols; j++) r[b * rr * cols + i * cols + j] = m.data[off + i * cols + j];
            }
        }
        return new QR(m.result(q, rows, qc), m.result(r, rr, cols));
    }

    /** Reduced QR, {@code torch.linalg.qr(A)}. */
    public static QR qr(Tensor a) {
        return qr(a, false);
    }

    /**
     * Least squares by Householder QR: for m ≥ n the X minimising ‖A·X − B‖, for m &lt; n the
     * minimum-norm solution of {@code A·X = B} (QR of Aᵀ). A must have full rank; for rank
     * deficient problems use {@link #pinv}. B is a matrix (batch) or a vector.
     *
     * <pre>{@code
     * Tensor x = Linalg.lstsq(a, b);   // a: 100×3, b: 100 → x: 3
     * }</pre>
     *
     * @throws LinalgException if R has a diagonal entry ≤ max(m, n)·ε·max|R_ii| (rank deficient)
     */
    public static Tensor lstsq(Tensor a, Tensor b) {
        return withVector(a, b, bm -> lstsqMatrix(a, bm));
    }

    private static Tensor lstsqMatrix(Tensor a, Tensor b) {
        String op = "lstsq";
        MatrixBatch.requireMatrix(op, a);
        int[] batch = MatrixBatch.batchOf(op, a, b);
        boolean tall = a.size(-2) >= a.size(-1);
        MatrixBatch ma = MatrixBatch.broadcast(op, tall ? a : a.mT(), batch); // factor A or Aᵀ
        MatrixBatch mb = MatrixBatch.broadcast(op, b, batch);
        int m = ma.rows, n = ma.cols, k = mb.cols; // the factored matrix is m×n with m ≥ n
        if (mb.rows != a.size(-2)) {
            throw new IllegalArgumentException(op + ": A of shape " + java.util.Arrays.toString(a.shape()) + " and B of shape "
                    + java.util.Arrays.toString(b.shape()) + " do not match (B needs " + a.size(-2) + " rows)");
        }
        int xr = tall ? n : m; // rows of X
        double[] out = new double[mb.count * xr * k];
        double[] tau = new double[n];
        for (int bi = 0; bi < ma.count; bi++) {
            int off = ma.offset(bi);
            Householder.factor(ma.data, off, m, n, tau);
            checkRank(ma, bi, off, m, n);
            if (tall) {
                double[] y = java.util.Arrays.copyOfRange(mb.data, mb.offset(bi), mb.offset(bi) + m * k);
                Householder.applyQt(ma.data, off, m, n, tau, y, k);
                Triangular.solve(n, k, ma.data, off, n, 1, false, false, y, 0, k);
                System.arraycopy(y, 0, out, bi * xr * k, n * k);
            } else {
                // Aᵀ = Q·R, A = Rᵀ·Qᵀ: solve Rᵀ·z = B, then X = Q[:, :n_rows]·z.
                double[] z = java.util.Arrays.copyOfRange(mb.data, mb.offset(bi), mb.offset(bi) + n * k);
                Triangular.solve(n, k, ma.data, off, 1, n, true, false, z, 0, k);
                double[] q = Householder.formQ(ma.data, off, m, n, tau, n);
                io.vecgrad.tensor.kernel.GemmF64.gemm(m, k, n, q, 0, n, 1, z, 0, k, 1, out, bi * xr * k, k, false);
            }
        }
        return promoted(ma, mb).result(out, xr, k);
    }

    private static void checkRank(MatrixBatch ma, int bi, int off, int m, int n) {
        double max = 0;
        for (int i = 0; i < n; i++) max = Math.max(max, Math.abs(ma.data[off + i * n + i]));
        double tol = Math.max(m, n) * Math.ulp(1.0) * max;
        for (int i = 0; i < n; i++) {
            if (!(Math.abs(ma.data[off + i * n + i]) > tol)) {
                throw ma.fail(bi, i, "matrix is rank deficient: |R[" + i + "][" + i + "]| = " + Math.abs(ma.data[off + i * n + i])
                        + " ≤ " + tol + " (use pinv for rank-deficient least squares)");
            }
        }
    }

    // ------------------------------------------------------------------ eigenvalues and SVD

    /**
     * Eigendecomposition of symmetric matrices ({@code A = V·diag(w)·Vᵀ}); only the lower
     * triangle is read. Eigenvalues ascending like {@code numpy.linalg.eigh}; each eigenvector
     * (a column of {@code vectors}) has its largest-magnitude entry positive.
     *
     * <pre>{@code
     * Linalg.Eigh e = Linalg.eigh(Tensor.of(new double[] {2, 1, 1, 2}, 2, 2));   // values [1, 3]
     * }</pre>
     */
    public static Eigh eigh(Tensor a) {
        MatrixBatch m = MatrixBatch.of("eigh", a, true);
        int n = m.rows;
        double[] w = new double[m.count * n], v = new double[m.data.length];
        for (int b = 0; b < m.count; b++) eighOne(m, b, w, v);
        return new Eigh(m.result(w, n), m.result(v, n, n));
    }

    /** Eigenvalues only of symmetric matrices, ascending. */
    public static Tensor eigvalsh(Tensor a) {
        MatrixBatch m = MatrixBatch.of("eigvalsh", a, true);
        int n = m.rows;
        double[] w = new double[m.count * n];
        for (int b = 0; b < m.count; b++) eighOne(m, b, w, null);
        return m.result(w, n);
    }

    private static void eighOne(MatrixBatch m, int b, double[] w, double[] v) {
        int n = m.rows;
        int fail = TridiagonalEigen.decompose(m.data, m.offset(b), n, w, b * n, v, v == null ? 0 : m.offset(b));
        if (fail >= 0) throw m.fail(b, fail, "the QL iteration did not converge for eigenvalue " + fail);
    }

    /**
     * Singular value decomposition {@code A = U·diag(S)·Vh}: thin (U m×k, Vh k×n, k = min(m, n))
     * or, with {@code fullMatrices}, U m×m and Vh n×n. S descending; each column of U has its
     * largest-magnitude entry positive (and the matching row of Vh the compensating sign).
     *
     * <pre>{@code
     * Linalg.Svd f = Linalg.svd(a, false);
     * }</pre>
     */
    public static Svd svd(Tensor a, boolean fullMatrices) {
        MatrixBatch m = MatrixBatch.of("svd", a, false);
        int rows = m.rows, cols = m.cols, k = Math.min(rows, cols);
        int uc = fullMatrices ? rows : k, vr = fullMatrices ? cols : k;
        double[] s = new double[m.count * k], u = new double[m.count * rows * uc], vh = new double[m.count * vr * cols];
        for (int b = 0; b < m.count; b++) {
            svdOne(m, b, s, b * k, u, b * rows * uc, uc, vh, b * vr * cols, vr);
        }
        return new Svd(m.result(u, rows, uc), m.result(s, k), m.result(vh, vr, cols));
    }

    /** Singular values, descending. */
    public static Tensor svdvals(Tensor a) {
        MatrixBatch m = MatrixBatch.of("svdvals", a, false);
        int k = Math.min(m.rows, m.cols);
        double[] s = new double[m.count * k];
        for (int b = 0; b < m.count; b++) svdOne(m, b, s, b * k, null, 0, 0, null, 0, 0);
        return m.result(s, k);
    }

    /** One SVD; u/vh null for values only. For m &lt; n the SVD of Aᵀ is taken and swapped. */
    private static void svdOne(MatrixBatch mb, int b, double[] s, int sOff, double[] u, int uOff, int uc,
                               double[] vh, int vhOff, int vr) {
        int m = mb.rows, n = mb.cols, off = mb.offset(b);
        int sweeps;
        if (m >= n) {
            double[] vt = u == null ? null : new double[n * n];
            double[] uu = u == null ? null : new double[m * uc];
            sweeps = JacobiSvd.decompose(mb.data, off, m, n, s, sOff, uu, 0, uc, vt, 0);
            if (u != null) {
                System.arraycopy(uu, 0, u, uOff, m * uc);
                System.arraycopy(vt, 0, vh, vhOff, n * n); // vr == n here (k = n, full = n)
            }
        } else {
            double[] at = new double[m * n];
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) at[j * m + i] = mb.data[off + i * n + j];
            double[] vt = u == null ? null : new double[m * m];
            double[] uu = u == null ? null : new double[n * vr];
            sweeps = JacobiSvd.decompose(at, 0, n, m, s, sOff, uu, 0, vr, vt, 0);
            if (u != null) {
                // Aᵀ = U'·S·V'ᵀ → A = V'·S·U'ᵀ: U = V' (m×m), Vh = U'ᵀ (vr×n).
                for (int i = 0; i < m; i++) for (int j = 0; j < m; j++) u[uOff + i * uc + j] = vt[j * m + i];
                for (int i = 0; i < vr; i++) for (int j = 0; j < n; j++) vh[vhOff + i * n + j] = uu[j * vr + i];
                normalizeSigns(u, uOff, m, uc, vh, vhOff, n, Math.min(m, n));
            }
        }
        if (sweeps < 0) throw mb.fail(b, 0, "the Jacobi SVD did not converge in " + JacobiSvd.MAX_SWEEPS + " sweeps");
    }

    /** Flips column r of U (and row r of Vh for r &lt; k) so U's largest-magnitude entry in it is positive. */
    private static void normalizeSigns(double[] u, int uOff, int m, int uc, double[] vh, int vhOff, int n, int k) {
        for (int r = 0; r < uc; r++) {
            int big = 0;
            for (int i = 1; i < m; i++) if (Math.abs(u[uOff + i * uc + r]) > Math.abs(u[uOff + big * uc + r])) big = i;
            if (m == 0 || u[uOff + big * uc + r] >= 0) continue;
            for (int i = 0; i < m; i++) u[uOff + i * uc + r] = -u[uOff + i * uc + r];
            if (r < k) for (int j = 0; j < n; j++) vh[vhOff + r * n + j] = -vh[vhOff + r * n + j];
        }
    }

    /**
     * Moore–Penrose pseudo-inverse through the SVD, singular values below
     * {@code max(m, n)·ε·σ_max} treated as zero (the default of {@code torch.linalg.pinv}).
     *
     * <pre>{@code
     * Tensor x = Linalg.pinv(a).matmul(b);   // minimum-norm least squares, any rank
     * }</pre>
     */
    public static Tensor pinv(Tensor a) {
        Svd f = svd(a.dtype() == DType.FLOAT32 ? a.to(DType.FLOAT64) : a, false);
        int m = a.size(-2), n = a.size(-1);
        double[] s = f.s.toDoubleArray();
        int k = Math.min(m, n);
        int count = k == 0 ? 0 : s.length / k;
        double[] inv = new double[s.length];
        for (int b = 0; b < count; b++) {
            double tol = Math.max(m, n) * Math.ulp(1.0) * s[b * k];
            for (int i = 0; i < k; i++) inv[b * k + i] = s[b * k + i] > tol ? 1 / s[b * k + i] : 0;
        }
        Tensor sInv = Tensor.of(inv, f.s.shape()).unsqueeze(-1);
        Tensor p = f.vh.mT().matmul(f.u.mT().mul(sInv));
        if (k == 0) p = Tensor.zeros(DType.FLOAT64, swapLast(a.shape()));
        return a.dtype() == DType.FLOAT32 ? p.to(DType.FLOAT32) : p;
    }

    // ------------------------------------------------------------------ matrix functions and norms

    /**
     * Matrix exponential by scaling and squaring with Padé 13 (Higham 2005, as SciPy's
     * {@code expm}); see {@link PadeExpm}.
     *
     * <pre>{@code
     * Tensor r = Linalg.expm(Tensor.of(new double[] {0, -1, 1, 0}, 2, 2));   // rotation by 1 radian
     * }</pre>
     */
    public static Tensor expm(Tensor a) {
        MatrixBatch m = MatrixBatch.of("expm", a, true);
        int n = m.rows;
        double[] out = new double[m.data.length];
        for (int b = 0; b < m.count; b++) PadeExpm.expm(m.data, m.offset(b), n, out, m.offset(b));
        return m.result(out, n, n);
    }

    /**
     * Principal square root of a symmetric positive semidefinite matrix, {@code V·diag(√w)·Vᵀ}
     * from {@link #eigh}. Eigenvalues in [−n·ε·‖A‖₂, 0) are taken as 0.
     *
     * <pre>{@code
     * Tensor r = Linalg.sqrtmSpd(a);   // r·r ≈ a, r symmetric
     * }</pre>
     *
     * @throws LinalgException naming the first clearly negative eigenvalue
     */
    public static Tensor sqrtmSpd(Tensor a) {
        return spectralFunction("sqrtmSpd", a, true, Math::sqrt);
    }

    /**
     * Principal logarithm of a symmetric positive definite matrix, {@code V·diag(log w)·Vᵀ}.
     *
     * <pre>{@code
     * Tensor l = Linalg.logmSpd(a);   // expm(l) ≈ a
     * }</pre>
     *
     * @throws LinalgException naming the first eigenvalue that is not positive
     */
    public static Tensor logmSpd(Tensor a) {
        return spectralFunction("logmSpd", a, false, Math::log);
    }

    private static Tensor spectralFunction(String op, Tensor a, boolean allowZero, java.util.function.DoubleUnaryOperator f) {
        MatrixBatch m = MatrixBatch.of(op, a, true);
        int n = m.rows;
        double[] w = new double[n], v = new double[n * n], out = new double[m.data.length], vs = new double[n * n];
        for (int b = 0; b < m.count && n > 0; b++) {
            int fail = TridiagonalEigen.decompose(m.data, m.offset(b), n, w, 0, v, 0);
            if (fail >= 0) throw m.fail(b, fail, "the QL iteration did not converge for eigenvalue " + fail);
            double scale = Math.max(Math.abs(w[0]), Math.abs(w[n - 1]));
            for (int i = 0; i < n; i++) {
                double wi = w[i];
                boolean bad = allowZero ? wi < -n * Math.ulp(1.0) * scale : !(wi > 0);
                if (bad) throw m.fail(b, i, "matrix is not " + (allowZero ? "positive semidefinite" : "positive definite")
                        + ": eigenvalue " + i + " is " + wi);
                double fi = f.applyAsDouble(Math.max(wi, 0));
                for (int r = 0; r < n; r++) vs[r * n + i] = v[r * n + i] * fi;
            }
            io.vecgrad.tensor.kernel.GemmF64.gemm(n, n, n, vs, 0, n, 1, v, 0, 1, n, out, m.offset(b), n, false);
        }
        return m.result(out, n, n);
    }

    /**
     * Condition number in the 2-norm, {@code σ_max / σ_min} (+∞ for a singular matrix).
     *
     * <pre>{@code
     * double c = Linalg.cond(a).item();
     * }</pre>
     */
    public static Tensor cond(Tensor a) {
        Tensor s = svdvals(a);
        int k = s.size(-1);
        if (k == 0) throw new IllegalArgumentException("cond: empty matrices have no condition number, got shape "
                + java.util.Arrays.toString(a.shape()));
        return s.select(-1, 0).div(s.select(-1, k - 1));
    }

    /**
     * Frobenius, spectral (largest singular value) or nuclear (sum of singular values) norm of
     * each matrix; 0 for empty matrices.
     *
     * <pre>{@code
     * double two = Linalg.matrixNorm(a, Linalg.Norm.SPECTRAL).item();
     * }</pre>
     */
    public static Tensor matrixNorm(Tensor a, Norm ord) {
        MatrixBatch.requireMatrix("matrixNorm", a);
        if (ord == Norm.FROBENIUS) {
            MatrixBatch m = MatrixBatch.of("matrixNorm", a, false);
            double[] out = new double[m.count];
            for (int b = 0; b < m.count; b++) {
                double scale = 0, ssq = 1;
                for (int i = m.offset(b); i < m.offset(b) + m.size(); i++) {
                    double x = Math.abs(m.data[i]);
                    if (x == 0) continue;
                    if (scale < x) {
                        ssq = 1 + ssq * (scale / x) * (scale / x);
                        scale = x;
                    } else {
                        ssq += (x / scale) * (x / scale);
                    }
                }
                out[b] = scale * Math.sqrt(ssq);
            }
            return m.result(out);
        }
        Tensor s = svdvals(a);
        if (s.size(-1) == 0) return Tensor.zeros(s.dtype(), java.util.Arrays.copyOf(s.shape(), s.dim() - 1));
        return ord == Norm.SPECTRAL ? s.select(-1, 0) : s.sum(new int[] {-1}, false);
    }

    // ------------------------------------------------------------------ helpers

    /** Runs a matrix right-hand-side op, lifting a vector B (B.dim() == A.dim() − 1) to a column and back. */
    private static Tensor withVector(Tensor a, Tensor b, java.util.function.UnaryOperator<Tensor> f) {
        if (b.dim() == 0) throw new IllegalArgumentException("right-hand side must have at least one axis, got a scalar");
        boolean vector = b.dim() == 1 || b.dim() == a.dim() - 1;
        Tensor x = f.apply(vector ? b.unsqueeze(-1) : b);
        return vector ? x.squeeze(-1) : x;
    }

    private static boolean batchShapeEquals(MatrixBatch m, int[] batch) {
        return java.util.Arrays.equals(m.batch, batch);
    }

    /** float32 only when both operands are float32 (as type promotion elsewhere). */
    private static MatrixBatch promoted(MatrixBatch a, MatrixBatch b) {
        return a.dtype == DType.FLOAT64 ? a : b;
    }

    private static int[] swapLast(int[] shape) {
        int[] s = shape.clone();
        int r = s.length;
        s[r - 2] = shape[r - 1];
        s[r - 1] = shape[r - 2];
        return s;
    }
}
