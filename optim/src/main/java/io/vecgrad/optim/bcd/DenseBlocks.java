package io.vecgrad.optim.bcd;

import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;

/** Small dense helpers for block vectors and block matrices (gather, scatter, solves, λ_max). */
final class DenseBlocks {
    private DenseBlocks() {}

    static double[] gather(double[] v, int[] block) {
        double[] out = new double[block.length];
        for (int k = 0; k < block.length; k++) out[k] = v[block[k]];
        return out;
    }

    static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }

    static Tensor tensor(double[][] m) {
        int k = m.length;
        double[] flat = new double[k * k];
        for (int i = 0; i < k; i++) System.arraycopy(m[i], 0, flat, i * k, k);
        return Tensor.of(flat, k, k);
    }

    /** λ_max of a symmetric matrix (Linalg.eigvalsh); the entry itself for 1×1. */
    static double lambdaMax(double[][] m) {
        if (m.length == 1) return m[0][0];
        double[] w = Linalg.eigvalsh(tensor(m)).toDoubleArray();
        return w[w.length - 1];
    }

    /**
     * Solves H d = v for a symmetric positive semidefinite H: Cholesky of {@code H + ridge·I}
     * with ridge {@code 1e-10·max(1, max_i H_ii)} (the code's GSQ adds 1e-10·I; its Hb update uses a
     * pseudo-inverse, which agrees on positive definite blocks).
     */
    static double[] solveSpd(double[][] h, double[] v) {
        int k = h.length;
        if (k == 1) return new double[] {h[0][0] > 0 ? v[0] / h[0][0] : 0};
        double dmax = 1;
        for (int i = 0; i < k; i++) dmax = Math.max(dmax, h[i][i]);
        double[][] a = new double[k][];
        for (int i = 0; i < k; i++) {
            a[i] = h[i].clone();
            a[i][i] += 1e-10 * dmax;
        }
        Tensor l = Linalg.cholesky(tensor(a));
        return Linalg.choleskySolve(l, Tensor.of(v.clone(), k)).toDoubleArray();
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    /** Indices ordered by value (ascending or descending), ties by index (a stable sort). */
    static int[] argsort(double[] v, boolean descending) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < v.length; i++) idx[i] = i;
        java.util.Arrays.sort(idx, (a, b) -> descending ? Double.compare(v[b], v[a]) : Double.compare(v[a], v[b]));
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) out[i] = idx[i];
        return out;
    }
}
