package io.vecgrad.optim.compress;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.Arrays;

/** Index selection shared by the sparsifying compressors (deterministic tie-breaking by index). */
final class Sparsify {
    private Sparsify() {}

    /** Indices of the k largest |x_i| (ties: lower index first), in increasing index order. */
    static int[] topK(double[] x, int k) {
        int d = x.length;
        if (k >= d) {
            int[] all = new int[d];
            for (int i = 0; i < d; i++) all[i] = i;
            return all;
        }
        if (k <= 0) return new int[0];
        double[] a = new double[d];
        for (int i = 0; i < d; i++) a[i] = Math.abs(x[i]);
        double[] sorted = a.clone();
        Arrays.sort(sorted);
        double thr = sorted[d - k];
        int above = 0;
        for (double v : a) if (v > thr) above++;
        int ties = k - above;
        int[] out = new int[k];
        int n = 0;
        for (int i = 0; i < d; i++) {
            if (a[i] > thr) out[n++] = i;
            else if (a[i] == thr && ties > 0) {
                out[n++] = i;
                ties--;
            }
        }
        return out;
    }

    /** A uniformly random k-subset of {@code from} (partial Fisher–Yates), sorted. */
    static int[] randomSubset(int[] from, int k, Rng rng) {
        int[] a = from.clone();
        int m = Math.min(k, a.length);
        for (int i = 0; i < m; i++) {
            int j = i + rng.nextInt(a.length - i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        int[] out = Arrays.copyOf(a, m);
        Arrays.sort(out);
        return out;
    }

    /** {@code x} at {@code idx} (times {@code scale}) and 0 elsewhere. */
    static double[] keep(double[] x, int[] idx, double scale) {
        double[] out = new double[x.length];
        for (int i : idx) out[i] = x[i] * scale;
        return out;
    }

    static double[] values(Tensor t) {
        return t.to(DType.FLOAT64).toDoubleArray();
    }

    /** k from a count (≥ 1) or a fraction in (0, 1) of d. */
    static int resolveK(double k, int d) {
        if (k >= 1) return (int) Math.min(d, (long) k);
        return Math.max(1, (int) Math.ceil(k * d));
    }
}
