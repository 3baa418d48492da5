package io.vecgrad.tensor.kernel;

/**
 * The test oracle for {@link GemmF64}: a plain triple loop with the same signature and
 * meaning, summing each element in increasing {@code p} order. Slow on purpose; never call
 * it from library code.
 *
 * <pre>{@code
 * GemmReferenceF64.gemm(m, n, k, a, 0, k, 1, b, 0, n, 1, c, 0, n, false);   // C = A·B
 * }</pre>
 */
public final class GemmReferenceF64 {
    private GemmReferenceF64() {}

    /** {@code C (+)= A·B}; see {@link GemmF64#gemm} for the argument conventions. */
    public static void gemm(int m, int n, int k,
                            double[] a, int aOff, int aRs, int aCs,
                            double[] b, int bOff, int bRs, int bCs,
                            double[] c, int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = accumulate ? c[cOff + i * ldc + j] : 0;
                for (int p = 0; p < k; p++) {
                    s += a[aOff + i * aRs + p * aCs] * b[bOff + p * bRs + j * bCs];
                }
                c[cOff + i * ldc + j] = s;
            }
        }
    }
}
