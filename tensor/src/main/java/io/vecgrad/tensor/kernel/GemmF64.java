package io.vecgrad.tensor.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * General matrix multiply on strided double arrays: {@code C (+)= A·B}.
 *
 * <p>A is m×k with element (i,p) at {@code a[aOff + i*aRs + p*aCs]}, B is k×n with element
 * (p,j) at {@code b[bOff + p*bRs + j*bCs]}, C is m×n row-major with element (i,j) at
 * {@code c[cOff + i*ldc + j]}. Transposed operands are expressed by swapping the strides,
 * so no copy is ever needed by the caller; zero strides (broadcast operands) are allowed.
 * With {@code accumulate=false} C is overwritten (and never read), with {@code true} the
 * product is added to it. Only C is modified.
 *
 * <pre>{@code
 * // C[m×n] = A[m×k] · B[k×n], all row-major
 * GemmF64.gemm(m, n, k, a, 0, k, 1, b, 0, n, 1, c, 0, n, false);
 * // C += Aᵀ · B where A is stored k×m row-major (the weight gradient of a linear layer)
 * GemmF64.gemm(m, n, k, a, 0, 1, m, b, 0, n, 1, c, 0, n, true);
 * }</pre>
 *
 * <p>Algorithm, chosen by shape behind this one entry point:
 * <ul>
 * <li>matrix·vector and vector·matrix ({@code n==1} or {@code m==1}) with a contiguous
 *     operand, including a transposed matrix times a vector ({@code Aᵀ·x}, done as {@code x·A}):
 *     vector dot products or row updates, no packing;</li>
 * <li>all of m, n, k at most 64: {@link GemmSmallF64}, a register-tiled kernel without
 *     packing (a B that is not row-contiguous is copied row-major first; same bits as the
 *     blocked path);</li>
 * <li>everything else: {@link GemmBlockedF64}, a 12×(2 vectors) register-blocked micro-kernel at 512 bits, 6×2 for the last rows
 *     (5×2 below 512-bit vectors, where 16 registers hold no 6-row tile; same bits)
 *     over B packed into contiguous panels and A packed into row slivers (so any strides
 *     cost the same), blocked for the cache; above about 2·128³ flops it is split over
 *     {@link Parallel}, one tile per thread. Packing buffers are per-thread and reused: a
 *     steady-state call allocates nothing (a threaded call allocates a few small bookkeeping objects).
 *     With a column-contiguous B (a transposed matrix, e.g. a linear layer's {@code x·Wᵀ}) and
 *     few rows of A it computes {@code Cᵀ = Bᵀ·Aᵀ} instead, reading Bᵀ's rows in place rather than
 *     transposing all of B into panels; the same bits ({@link GemmBlockedF64#transposes}).
 *     With row-major A and at most four panels of columns (a layer with few outputs, e.g.
 *     {@code h·W2ᵀ} with 10 classes) it broadcasts A's rows in place and packs only B; the same
 *     bits ({@link GemmBlockedF64#readsAInPlace}).</li>
 * <li>with {@code -Dvecgrad.simd=false} a plain scalar loop that sums in the same order as
 *     {@link GemmReferenceF64}.</li>
 * </ul>
 *
 * <p>Numerics: each C(i,j) is accumulated with fused multiply-adds in increasing {@code p}
 * order inside blocks of 256, so results differ from the reference loop by rounding only
 * (|error| ≤ about k·eps·(|A|·|B|)(i,j)), and are bitwise identical for every thread count.
 * Matrix·vector dot products use lane-wise partial sums, also thread-count independent.
 *
 * <p>Alignment: heap arrays cannot be aligned from Java; see the "GEMM" section of
 * {@code benchmarks/README.md} for what this costs and what was measured.
 *
 * <p>The float twin {@code GemmF32} is generated from this file at build time.
 */
public final class GemmF64 {
    private static final VectorSpecies<Double> S = Simd.F64;
    private static final int L = S.length();

    private GemmF64() {}

    /**
     * {@code C (+)= A·B} for m×k A and k×n B given by offsets and strides; see the class
     * Javadoc. Modifies only {@code c}.
     *
     * @throws IllegalArgumentException if m, n or k is negative
     */
    public static void gemm(int m, int n, int k,
                            double[] a, int aOff, int aRs, int aCs,
                            double[] b, int bOff, int bRs, int bCs,
                            double[] c, int cOff, int ldc, boolean accumulate) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("negative size m=" + m + " n=" + n + " k=" + k);
        }
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (!accumulate) {
                zero(m, n, c, cOff, ldc);
            }
            return;
        }
        if (!Simd.ENABLED) {
            scalar(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate);
        } else if (n == 1 && aCs == 1 && bRs == 1) {
            matrixVector(m, k, a, aOff, aRs, b, bOff, c, cOff, ldc, accumulate);
        } else if (n == 1 && aRs == 1 && ldc == 1) {
            // Aᵀ·x with A stored k×m row-major (a transposed view: Xᵀ·g in every backward of X·w)
            // is x·A: A streamed once by rows, no packing of the whole matrix per call.
            vectorMatrix(m, k, b, bOff, bRs, a, aOff, aCs, c, cOff, accumulate);
        } else if (m == 1 && bCs == 1) {
            vectorMatrix(n, k, a, aOff, aCs, b, bOff, bRs, c, cOff, accumulate);
        } else if (m == 1 && aCs == 1 && bRs == 1) {
            // x·Wᵀ with W stored n×k: one dot product per output, no packing.
            matrixVector(n, k, b, bOff, bCs, a, aOff, c, cOff, 1, accumulate);
        } else if (GemmSmallF64.applies(m, n, k, bCs)) {
            GemmSmallF64.gemm(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate);
        } else {
            GemmBlockedF64.gemm(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate);
        }
    }

    /**
     * {@code C = relu(A·B + bias)} ({@code relu=false}: {@code A·B + bias}; {@code bias} null: no
     * add), the epilogue of a linear layer: bias element j at {@code bias[bo + j]}. Where the
     * blocked path runs (m, n ≥ 2, outside the small-matrix path) the micro-kernel applies it
     * while it stores the final K block's tiles; elsewhere {@link #gemm} is followed by
     * {@link EpilogueF64#biasRelu} over each row. Either way the bits are those of the plain
     * product followed by that pass: the bias is added to the finished dot product, then the max.
     * Modifies only {@code c}.
     *
     * <pre>{@code
     * // y[m×n] = relu(x[m×k] · Wᵀ + b), W stored n×k row-major
     * GemmF64.gemmBiasRelu(m, n, k, x, 0, k, 1, w, 0, 1, k, y, 0, n, b, 0, true);
     * }</pre>
     *
     * @throws IllegalArgumentException if m, n or k is negative
     */
    public static void gemmBiasRelu(int m, int n, int k,
                                    double[] a, int aOff, int aRs, int aCs,
                                    double[] b, int bOff, int bRs, int bCs,
                                    double[] c, int cOff, int ldc,
                                    double[] bias, int bo, boolean relu) {
        if (Simd.ENABLED && m > 1 && n > 1 && k > 0 && !GemmSmallF64.applies(m, n, k, bCs)) {
            GemmBlockedF64.gemm(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, false, bias, bo, relu);
            return;
        }
        gemm(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, false);
        if (bias == null && !relu) return;
        if (ldc == n) {   // one call over the rows (a linear layer's output): the same operations per element
            EpilogueF64.biasRelu(c, cOff, m, n, bias, bo, relu);
            return;
        }
        for (int i = 0; i < m; i++) {
            EpilogueF64.biasRelu(c, cOff + i * ldc, 1, n, bias, bo, relu);
        }
    }

    private static void zero(int m, int n, double[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0);
        }
    }

    /** The scalar twin: i-p-j order, same summation order and rounding as the reference. */
    private static void scalar(int m, int n, int k,
                               double[] a, int aOff, int aRs, int aCs,
                               double[] b, int bOff, int bRs, int bCs,
                               double[] c, int cOff, int ldc, boolean accumulate) {
        if (!accumulate) {
            zero(m, n, c, cOff, ldc);
        }
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            for (int p = 0; p < k; p++) {
                double aip = a[aOff + i * aRs + p * aCs];
                int bp = bOff + p * bRs;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += aip * b[bp + j * bCs];
                }
            }
        }
    }

    /**
     * y[i*incY] (+)= dot(row i of M, x) for rows of length k that are contiguous in memory
     * (row i starts at {@code mOff + i*mRs}) and a contiguous x.
     */
    private static void matrixVector(int rows, int k, double[] mat, int mOff, int mRs,
                                     double[] x, int xOff, double[] y, int yOff, int incY, boolean accumulate) {
        for (int i = 0; i < rows; i++) {
            double d = dot(k, mat, mOff + i * mRs, x, xOff);
            int yi = yOff + i * incY;
            y[yi] = accumulate ? y[yi] + d : d;
        }
    }

    /**
     * Dot product with four independent vector accumulators (hides the FMA latency). Lanes are
     * summed by {@link LanesF64#sum} (extracting them: summing them from a stored copy measured
     * 1.4× slower on step-tiny's 32×64 mat-vec, likely a store-to-load forwarding stall).
     */
    private static double dot(int k, double[] u, int uOff, double[] v, int vOff) {
        DoubleVector s0 = DoubleVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int p = 0;
        for (; p <= k - 4 * L; p += 4 * L) {
            s0 = DoubleVector.fromArray(S, u, uOff + p).fma(DoubleVector.fromArray(S, v, vOff + p), s0);
            s1 = DoubleVector.fromArray(S, u, uOff + p + L).fma(DoubleVector.fromArray(S, v, vOff + p + L), s1);
            s2 = DoubleVector.fromArray(S, u, uOff + p + 2 * L).fma(DoubleVector.fromArray(S, v, vOff + p + 2 * L), s2);
            s3 = DoubleVector.fromArray(S, u, uOff + p + 3 * L).fma(DoubleVector.fromArray(S, v, vOff + p + 3 * L), s3);
        }
        for (; p <= k - L; p += L) {
            s0 = DoubleVector.fromArray(S, u, uOff + p).fma(DoubleVector.fromArray(S, v, vOff + p), s0);
        }
        double s = LanesF64.sum(s0.add(s1).add(s2.add(s3)));
        for (; p < k; p++) {
            s = Math.fma(u[uOff + p], v[vOff + p], s);
        }
        return s;
    }

    /** c[0..n) (+)= sum_p a[p]·B(p,·) for row-contiguous B: B is streamed once, no packing. */
    private static void vectorMatrix(int n, int k, double[] a, int aOff, int aCs,
                                     double[] b, int bOff, int bRs, double[] c, int cOff, boolean accumulate) {
        int j = 0;
        for (; j <= n - 4 * L; j += 4 * L) {
            vectorMatrix4(k, a, aOff, aCs, b, bOff + j, bRs, c, cOff + j, accumulate);
        }
        for (; j <= n - L; j += L) {
            DoubleVector s = DoubleVector.zero(S);
            for (int p = 0; p < k; p++) {
                s = DoubleVector.broadcast(S, a[aOff + p * aCs]).fma(DoubleVector.fromArray(S, b, bOff + p * bRs + j), s);
            }
            if (accumulate) {
                s = s.add(DoubleVector.fromArray(S, c, cOff + j));
            }
            s.intoArray(c, cOff + j);
        }
        for (; j < n; j++) {
            double s = 0;
            for (int p = 0; p < k; p++) {
                s = Math.fma(a[aOff + p * aCs], b[bOff + p * bRs + j], s);
            }
            c[cOff + j] = accumulate ? s + c[cOff + j] : s;
        }
    }

    private static void vectorMatrix4(int k, double[] a, int aOff, int aCs, double[] b, int bOff, int bRs,
                                      double[] c, int cOff, boolean accumulate) {
        DoubleVector s0 = DoubleVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        for (int p = 0; p < k; p++) {
            DoubleVector x = DoubleVector.broadcast(S, a[aOff + p * aCs]);
            int bp = bOff + p * bRs;
            s0 = x.fma(DoubleVector.fromArray(S, b, bp), s0);
            s1 = x.fma(DoubleVector.fromArray(S, b, bp + L), s1);
            s2 = x.fma(DoubleVector.fromArray(S, b, bp + 2 * L), s2);
            s3 = x.fma(DoubleVector.fromArray(S, b, bp + 3 * L), s3);
        }
        if (accumulate) {
            s0 = s0.add(DoubleVector.fromArray(S, c, cOff));
            s1 = s1.add(DoubleVector.fromArray(S, c, cOff + L));
            s2 = s2.add(DoubleVector.fromArray(S, c, cOff + 2 * L));
            s3 = s3.add(DoubleVector.fromArray(S, c, cOff + 3 * L));
        }
        s0.intoArray(c, cOff);
        s1.intoArray(c, cOff + L);
        s2.intoArray(c, cOff + 2 * L);
        s3.intoArray(c, cOff + 3 * L);
    }
}
