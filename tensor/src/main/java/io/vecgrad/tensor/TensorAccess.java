package io.vecgrad.tensor;

/**
 * Dtype-generic element access on storage indices, and strided copy/fill. The per-element
 * switch is fine for the paths that use it (conversions, indexing, printing); the numeric
 * kernels work on typed arrays directly.
 */
final class TensorAccess {
    private TensorAccess() {}

    static double get(Tensor t, int i) {
        Object a = t.array();
        switch (t.dtype()) {
            case FLOAT32: return ((float[]) a)[i];
            case FLOAT64: return ((double[]) a)[i];
            case INT32: return ((int[]) a)[i];
            case INT64: return ((long[]) a)[i];
            default: return ((boolean[]) a)[i] ? 1 : 0;
        }
    }

    static void put(Tensor t, int i, double v) {
        Object a = t.array();
        switch (t.dtype()) {
            case FLOAT32: ((float[]) a)[i] = (float) v; break;
            case FLOAT64: ((double[]) a)[i] = v; break;
            case INT32: ((int[]) a)[i] = (int) v; break;
            case INT64: ((long[]) a)[i] = (long) v; break;
            default: ((boolean[]) a)[i] = v != 0;
        }
    }

    /** Copies src into dst elementwise (same shape), converting dtype when they differ. */
    static void copy(Tensor src, Tensor dst) {
        boolean same = src.dtype() == dst.dtype();
        Object sa = src.array();
        Object da = dst.array();
        if (same && src.isContiguous() && dst.isContiguous() && dst.numel() > 0) {
            // The common case (gradient accumulation, contiguous copies): one run, no run walker.
            System.arraycopy(sa, src.offset(), da, dst.offset(), dst.numel());
            return;
        }
        Loops.forEachRun(dst.shapeRef(), new int[][] {src.stridesRef(), dst.stridesRef()}, new int[] {src.offset(), dst.offset()},
                (offs, n, st) -> {
                    if (same && st[0] == 1 && st[1] == 1) {
                        System.arraycopy(sa, offs[0], da, offs[1], n);
                    } else if (same && src.dtype() == DType.FLOAT32) {
                        float[] s = (float[]) sa, d = (float[]) da;
                        for (int i = 0; i < n; i++) d[offs[1] + i * st[1]] = s[offs[0] + i * st[0]];
                    } else if (same && src.dtype() == DType.FLOAT64) {
                        double[] s = (double[]) sa, d = (double[]) da;
                        for (int i = 0; i < n; i++) d[offs[1] + i * st[1]] = s[offs[0] + i * st[0]];
                    } else if (same && src.dtype() == DType.INT64) {
                        long[] s = (long[]) sa, d = (long[]) da;
                        for (int i = 0; i < n; i++) d[offs[1] + i * st[1]] = s[offs[0] + i * st[0]];
                    } else if (convertFast(src.dtype(), sa, offs[0], st[0], dst.dtype(), da, offs[1], st[1], n)) {
                        return;
                    } else {
                        // Through double: exact for every value of float, int32 and bool.
                        for (int i = 0; i < n; i++) put(dst, offs[1] + i * st[1], get(src, offs[0] + i * st[0]));
                    }
                });
    }

    static void fill(Tensor t, double v) {
        boolean dense = t.isContiguous() && t.numel() > 0;
        if (dense && t.dtype() == DType.FLOAT32) {
            java.util.Arrays.fill((float[]) t.array(), t.offset(), t.offset() + t.numel(), (float) v);
            return;
        }
        if (dense && t.dtype() == DType.FLOAT64) {
            java.util.Arrays.fill((double[]) t.array(), t.offset(), t.offset() + t.numel(), v);
            return;
        }
        Loops.forEachRun(t.shapeRef(), new int[][] {t.stridesRef()}, new int[] {t.offset()}, (offs, n, st) -> {
            if (st[0] == 1 && t.dtype() == DType.FLOAT32) {
                java.util.Arrays.fill((float[]) t.array(), offs[0], offs[0] + n, (float) v);
            } else if (st[0] == 1 && t.dtype() == DType.FLOAT64) {
                java.util.Arrays.fill((double[]) t.array(), offs[0], offs[0] + n, v);
            } else {
                for (int i = 0; i < n; i++) put(t, offs[0] + i * st[0], v);
            }
        });
    }

    /**
     * Typed loops for the conversions hot paths make (masks to floats in ReLU-like backward
     * rules, float32 to float64 and back); false for the rarer pairs.
     */
    private static boolean convertFast(DType s, Object sa, int so, int ss, DType d, Object da, int dof, int ds, int n) {
        if (s == DType.BOOL && d == DType.FLOAT32) {
            boolean[] x = (boolean[]) sa;
            float[] y = (float[]) da;
            for (int i = 0; i < n; i++) y[dof + i * ds] = x[so + i * ss] ? 1f : 0f;
        } else if (s == DType.BOOL && d == DType.FLOAT64) {
            boolean[] x = (boolean[]) sa;
            double[] y = (double[]) da;
            for (int i = 0; i < n; i++) y[dof + i * ds] = x[so + i * ss] ? 1.0 : 0.0;
        } else if (s == DType.FLOAT32 && d == DType.FLOAT64) {
            float[] x = (float[]) sa;
            double[] y = (double[]) da;
            for (int i = 0; i < n; i++) y[dof + i * ds] = x[so + i * ss];
        } else if (s == DType.FLOAT64 && d == DType.FLOAT32) {
            double[] x = (double[]) sa;
            float[] y = (float[]) da;
            for (int i = 0; i < n; i++) y[dof + i * ds] = (float) x[so + i * ss];
        } else {
            return false;
        }
        return true;
    }
}
