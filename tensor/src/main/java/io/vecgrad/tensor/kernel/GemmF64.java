package io.vecgrad.tensor.kernel;

/**
 * General matrix multiply on strided double arrays: {@code C (+)= A·B}.
 *
 * <p>A is m×k with element (i,p) at {@code a[aOff + i*aRs + p*aCs]}, B is k×n with element
 * (p,j) at {@code b[bOff + p*bRs + j*bCs]}, C is m×n row-major with element (i,j) at
 * {@code c[cOff + i*ldc + j]}. Transposed operands are expressed by swapping the strides,
 * so no copy is ever needed by the caller. With {@code accumulate=false} C is overwritten.
 *
 * <p>The float twin {@code GemmF32} is generated from this file at build time.
 */
public final class GemmF64 {
    private GemmF64() {}

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
