package io.vecgrad.optim.mfac;

import io.vecgrad.tensor.kernel.Level1F64;
import io.vecgrad.tensor.kernel.ReduceF64;

/**
 * The static M-FAC algorithm (P48), blocked: for a fixed set of m gradients {@code g_i ∈ R^d} it
 * precomputes, per contiguous block of coordinates (a block-diagonal Fisher), the Woodbury vectors
 *
 * <pre>
 * v_i = F_{i−1}⁻¹g_i = λ⁻¹g_i − Σ_{j&lt;i} (v_j·g_i / den_j)·v_j,   den_i = m + g_i·v_i
 * </pre>
 *
 * in O(dm²) time and O(dm) memory, and then answers {@code F̂⁻¹x = λ⁻¹x − Σ_j (v_j·x/den_j)·v_j}
 * in O(dm) and the whole diagonal {@code [F̂⁻¹]_kk = λ⁻¹ − Σ_j v_{j,k}²/den_j} in O(dm), where
 * {@code F̂ = λI + (1/m)Σ g_i g_iᵀ} restricted to each block. Reference: {@code HInvFastBatch} and
 * {@code HInvFastBlock} in {@code prun.py} of IST-DASLab/M-FAC (blocks of {@code blockSize}
 * coordinates, the remainder as one last block; a block size ≥ d is the unblocked
 * {@code HInvFastSwap}). Float64 throughout.
 *
 * <pre>{@code
 * StaticIhvp f = StaticIhvp.of(grads, 1e-5);          // grads: m rows of length d
 * double[] y = f.mul(x);
 * double[] diag = f.diag();
 * StaticIhvp blocked = StaticIhvp.of(grads, 1e-5, 128); // 128-coordinate blocks
 * }</pre>
 */
public final class StaticIhvp {
    private final int m;
    private final int d;
    private final int blockSize;
    private final double lambd;
    /** Woodbury vectors v_i, row-major m × d; each block's coordinates hold that block's vectors. */
    private final double[] hg;
    /** Denominators per block: den[b·m + i]. */
    private final double[] denom;

    private StaticIhvp(double[][] grads, double damp, int blockSize) {
        if (grads.length == 0) throw new IllegalArgumentException("StaticIhvp: no gradients");
        if (!(damp > 0) || !Double.isFinite(damp)) throw new IllegalArgumentException("StaticIhvp: damp must be finite and > 0, got " + damp);
        this.m = grads.length;
        this.d = grads[0].length;
        if (d == 0) throw new IllegalArgumentException("StaticIhvp: gradients of length 0");
        for (int i = 0; i < m; i++) {
            if (grads[i].length != d) throw new IllegalArgumentException("StaticIhvp: gradient " + i + " has length " + grads[i].length + ", gradient 0 has " + d);
        }
        this.blockSize = blockSize <= 0 || blockSize > d ? d : blockSize;
        this.lambd = 1 / damp;
        this.hg = new double[Math.multiplyExact(m, d)];
        int blocks = (d + this.blockSize - 1) / this.blockSize;
        this.denom = new double[blocks * m];
        for (int b = 0; b < blocks; b++) precompute(grads, b);
    }

    /** The unblocked algorithm over all d coordinates. */
    public static StaticIhvp of(double[][] grads, double damp) {
        return new StaticIhvp(grads, damp, 0);
    }

    /** The blocked algorithm: blocks of {@code blockSize} contiguous coordinates, the remainder last. */
    public static StaticIhvp of(double[][] grads, double damp, int blockSize) {
        return new StaticIhvp(grads, damp, blockSize);
    }

    public int m() {
        return m;
    }

    public int d() {
        return d;
    }

    public int blockSize() {
        return blockSize;
    }

    private void precompute(double[][] grads, int b) {
        int lo = b * blockSize, n = Math.min(d, lo + blockSize) - lo, off = b * m;
        double[] mul = new double[m];
        for (int i = 0; i < m; i++) {
            double[] g = grads[i];
            int row = i * d + lo;
            for (int k = 0; k < n; k++) hg[row + k] = lambd * g[lo + k];
            for (int j = 0; j < i; j++) mul[j] = ReduceF64.dot(hg, j * d + lo, 1, g, lo, 1, n) / denom[off + j];
            for (int j = 0; j < i; j++) {
                if (mul[j] != 0) Level1F64.axpy(n, -mul[j], hg, j * d + lo, hg, row);
            }
            denom[off + i] = m + ReduceF64.dot(g, lo, 1, hg, row, 1, n);
        }
    }

    /** F̂⁻¹x (block-diagonal F̂). */
    public double[] mul(double[] x) {
        if (x.length != d) throw new IllegalArgumentException("StaticIhvp.mul: vector of length " + x.length + ", dimension " + d);
        double[] out = new double[d];
        for (int k = 0; k < d; k++) out[k] = lambd * x[k];
        for (int b = 0, lo = 0; lo < d; b++, lo += blockSize) {
            int n = Math.min(d, lo + blockSize) - lo;
            for (int j = 0; j < m; j++) {
                double c = ReduceF64.dot(hg, j * d + lo, 1, x, lo, 1, n) / denom[b * m + j];
                if (c != 0) Level1F64.axpy(n, -c, hg, j * d + lo, out, lo);
            }
        }
        return out;
    }

    /** The diagonal of F̂⁻¹. */
    public double[] diag() {
        double[] out = new double[d];
        java.util.Arrays.fill(out, lambd);
        for (int b = 0, lo = 0; lo < d; b++, lo += blockSize) {
            int hi = Math.min(d, lo + blockSize);
            for (int j = 0; j < m; j++) {
                double den = denom[b * m + j];
                for (int k = lo; k < hi; k++) {
                    double v = hg[j * d + k];
                    out[k] -= v * v / den;
                }
            }
        }
        return out;
    }
}
