package io.vecgrad.tensor;

import io.vecgrad.tensor.kernel.RowSplit;

/**
 * Comparisons to BOOL masks, logical ops on masks, and {@code where}. Scalar loops over broadcast
 * views; the scalar-comparison masks split large inputs over the kernel threads
 * ({@link RowSplit}, one thread per element: the same result for any thread count).
 */
final class Comparisons {
    private Comparisons() {}

    static Tensor compare(String op, Tensor a, Tensor b) {
        int[] shape = Shape.broadcast(op, a.shape(), b.shape());
        Tensor x = a.expand(shape);
        Tensor y = b.expand(shape);
        Tensor out = Tensor.zeros(DType.BOOL, shape);
        boolean[] o = out.boolArray();
        Loops.forEachRun(shape, new int[][] {x.stridesRef(), y.stridesRef()}, new int[] {x.offset(), y.offset()}, new Loops.Run() {
            int k;

            @Override
            public void run(int[] offs, int n, int[] st) {
                for (int i = 0; i < n; i++) {
                    double u = TensorAccess.get(x, offs[0] + i * st[0]);
                    double v = TensorAccess.get(y, offs[1] + i * st[1]);
                    o[k++] = test(op, u, v);
                }
            }
        });
        return out;
    }

    /** {@code a op s} for a scalar s: typed loops over a contiguous copy, the hot path of masks. */
    static Tensor compareScalar(String op, Tensor a, double s) {
        if (!a.dtype().isFloating()) return compare(op, a, Tensor.scalar(DType.FLOAT64, s));
        Tensor c = a.contiguous();
        Tensor out = Tensor.allocUninitialized(DType.BOOL, c.shapeRef());
        boolean[] o = out.boolArray();
        int n = o.length, off = c.offset();
        if (c.dtype() == DType.FLOAT32) {
            float[] x = c.floatArray();
            if (RowSplit.worthSplitting(n)) RowSplit.elements(n, (f, t) -> {
                for (int i = f; i < t; i++) o[i] = test(op, x[off + i], s);
            });
            else {
                int f = 0, t = n;
                for (int i = f; i < t; i++) o[i] = test(op, x[off + i], s);
            }
        } else {
            double[] x = c.doubleArray();
            if (RowSplit.worthSplitting(n)) RowSplit.elements(n, (f, t) -> {
                for (int i = f; i < t; i++) o[i] = test(op, x[off + i], s);
            });
            else {
                int f = 0, t = n;
                for (int i = f; i < t; i++) o[i] = test(op, x[off + i], s);
            }
        }
        return out;
    }

    /** {@code (a > s) ? 1 : 0} in a's floating dtype, without the BOOL intermediate. */
    static Tensor gtMask(Tensor a, double s) {
        if (!a.dtype().isFloating()) return compareScalar("gt", a, s).to(DType.FLOAT32);
        Tensor c = a.contiguous();
        Tensor out = Tensor.allocUninitialized(c.dtype(), c.shapeRef());
        int n = out.numel(), off = c.offset();
        if (c.dtype() == DType.FLOAT32) {
            float[] x = c.floatArray(), o = out.floatArray();
            if (RowSplit.worthSplitting(n)) RowSplit.elements(n, (f, t) -> {
                for (int i = f; i < t; i++) o[i] = x[off + i] > s ? 1f : 0f;
            });
            else {
                int f = 0, t = n;
                for (int i = f; i < t; i++) o[i] = x[off + i] > s ? 1f : 0f;
            }
        } else {
            double[] x = c.doubleArray(), o = out.doubleArray();
            if (RowSplit.worthSplitting(n)) RowSplit.elements(n, (f, t) -> {
                for (int i = f; i < t; i++) o[i] = x[off + i] > s ? 1.0 : 0.0;
            });
            else {
                int f = 0, t = n;
                for (int i = f; i < t; i++) o[i] = x[off + i] > s ? 1.0 : 0.0;
            }
        }
        return out;
    }

    private static boolean test(String op, double u, double v) {
        switch (op) {
            case "eq": return u == v;
            case "ne": return u != v;
            case "lt": return u < v;
            case "le": return u <= v;
            case "gt": return u > v;
            default: return u >= v;
        }
    }

    static Tensor logical(String op, Tensor a, Tensor b) {
        requireBool(op, a);
        requireBool(op, b);
        Tensor count = a.to(DType.INT32).add(b.to(DType.INT32));
        return op.equals("and") ? count.eq(2) : count.ge(1);
    }

    static Tensor not(Tensor a) {
        requireBool("not", a);
        return a.to(DType.INT32).eq(0);
    }

    private static void requireBool(String op, Tensor t) {
        if (t.dtype() != DType.BOOL) throw new IllegalArgumentException(op + ": needs a BOOL mask, got " + t.dtype());
    }

    static Tensor where(Tensor mask, Tensor a, Tensor b) {
        requireBool("where", mask);
        int[] shape = Shape.broadcast("where", Shape.broadcast("where", mask.shape(), a.shape()), b.shape());
        DType dt = DType.promote(a.dtype(), b.dtype());
        Tensor m = mask.expand(shape);
        Tensor x = a.to(dt).expand(shape);
        Tensor y = b.to(dt).expand(shape);
        Tensor out = Tensor.zeros(dt, shape);
        boolean[] mk = m.boolArray();
        Loops.forEachRun(shape, new int[][] {m.stridesRef(), x.stridesRef(), y.stridesRef(), out.stridesRef()},
                new int[] {m.offset(), x.offset(), y.offset(), 0}, (offs, n, st) -> {
                    for (int i = 0; i < n; i++) {
                        Tensor src = mk[offs[0] + i * st[0]] ? x : y;
                        int so = src == x ? offs[1] + i * st[1] : offs[2] + i * st[2];
                        TensorAccess.put(out, offs[3] + i * st[3], TensorAccess.get(src, so));
                    }
                });
        return out;
    }
}
