package io.vecgrad.tensor;

import io.vecgrad.tensor.kernel.ReduceF32;
import io.vecgrad.tensor.kernel.ReduceF64;
import io.vecgrad.tensor.kernel.RowSplit;
import java.util.Arrays;

/**
 * Reductions over any set of axes. The reduced axes are moved last (a view), the tensor is made
 * contiguous when needed, and each output element reduces one contiguous run with the
 * kernels of {@code ReduceF64}/{@code ReduceF32}; so the summation order is fixed by the input
 * shape alone. Integer inputs sum and multiply into INT64 and average into FLOAT32.
 */
final class Reductions {
    private Reductions() {}

    enum Kind { SUM, MEAN, PROD, MAX, MIN, L1, L2, LINF }

    static Tensor reduce(String name, Kind kind, Tensor t, int[] axes, boolean keepDims) {
        switch (kind) {
            case L1: return reduce(name, Kind.SUM, t.abs(), axes, keepDims);
            case LINF: return reduce(name, Kind.MAX, t.abs(), axes, keepDims);
            default: break;
        }
        boolean[] reduced = reducedAxes(name, t.dim(), axes);
        if ((kind == Kind.SUM || kind == Kind.MEAN) && isLeadingReduction(t, reduced)) {
            return sumLeadingAxes(t, reduced, keepDims, kind == Kind.MEAN);
        }
        Tensor runs = runsLast(t, reduced);
        int r = runLength(t, reduced);
        int outer = r == 0 ? Shape.numel(outShape(t.shape(), reduced, false)) : runs.numel() / r;
        if (r == 0 && (kind == Kind.MAX || kind == Kind.MIN)) {
            throw new IllegalArgumentException(name + ": cannot reduce an empty axis of shape " + Shape.str(t.shape()));
        }
        DType dt = outDType(kind, t.dtype());
        Tensor out = Tensor.alloc(dt, outShape(t.shape(), reduced, keepDims));
        for (int k = 0; k < outer; k++) {
            out.putFlat(k, runValue(kind, runs, runs.offset() + k * r, r));
        }
        return out;
    }

    /** A contiguous floating tensor whose reduced axes all come before its kept axes, e.g. a bias gradient [N, M] → [M]. */
    private static boolean isLeadingReduction(Tensor t, boolean[] reduced) {
        if (!t.dtype().isFloating() || !t.isContiguous() || t.numel() == 0) return false;
        boolean seenKept = false, anyKept = false, anyReduced = false;
        for (boolean r : reduced) {
            if (r && seenKept) return false;
            seenKept |= !r;
            anyKept |= !r;
            anyReduced |= r;
        }
        return anyKept && anyReduced;
    }

    /**
     * Sums whole rows into the output (column sums, {@code ReduceF64/F32.columnSums}), so no
     * transposed copy is made; rows are added in index order from zero, a fixed order like every
     * other reduction here (the bits of adding the rows one by one into a zeroed output).
     */
    private static Tensor sumLeadingAxes(Tensor t, boolean[] reduced, boolean keepDims, boolean mean) {
        Tensor out = Tensor.allocUninitialized(t.dtype(), outShape(t.shape(), reduced, keepDims));
        int k = out.numel();
        int rows = t.numel() / k;
        // Columns split over threads; each column still sums its rows in index order.
        if (RowSplit.worthSplitting((long) (rows) * (k))) RowSplit.columns(k, rows, (c0, c1) -> columnSums(t, rows, k, out, c0, c1));
        else columnSums(t, rows, k, out, 0, k);
        return mean ? out.divInPlace(Tensor.scalar(out.dtype(), rows)) : out;
    }

    private static void columnSums(Tensor t, int rows, int k, Tensor out, int c0, int c1) {
        if (t.dtype() == DType.FLOAT32) ReduceF32.columnSums(t.floatArray(), t.offset(), k, rows, out.floatArray(), 0, c0, c1);
        else ReduceF64.columnSums(t.doubleArray(), t.offset(), k, rows, out.doubleArray(), 0, c0, c1);
    }

    private static DType outDType(Kind kind, DType in) {
        if (in.isFloating()) return in;
        return kind == Kind.MEAN || kind == Kind.L2 ? DType.FLOAT32 : DType.INT64;
    }

    private static double runValue(Kind kind, Tensor c, int off, int n) {
        switch (c.dtype()) {
            case FLOAT32: {
                float[] a = c.floatArray();
                switch (kind) {
                    case SUM: return ReduceF32.sum(a, off, 1, n);
                    case MEAN: return ReduceF32.sum(a, off, 1, n) / n;
                    case MAX: return ReduceF32.max(a, off, 1, n);
                    case MIN: return ReduceF32.min(a, off, 1, n);
                    case L2: return Math.sqrt(ReduceF32.dot(a, off, 1, a, off, 1, n));
                    default: return scalarRun(kind, c, off, n);
                }
            }
            case FLOAT64: {
                double[] a = c.doubleArray();
                switch (kind) {
                    case SUM: return ReduceF64.sum(a, off, 1, n);
                    case MEAN: return ReduceF64.sum(a, off, 1, n) / n;
                    case MAX: return ReduceF64.max(a, off, 1, n);
                    case MIN: return ReduceF64.min(a, off, 1, n);
                    case L2: return Math.sqrt(ReduceF64.dot(a, off, 1, a, off, 1, n));
                    default: return scalarRun(kind, c, off, n);
                }
            }
            default:
                return scalarRun(kind, c, off, n);
        }
    }

    /** Sequential reduction through double; the path for PROD and integer inputs. */
    private static double scalarRun(Kind kind, Tensor c, int off, int n) {
        double acc = kind == Kind.PROD ? 1 : kind == Kind.MAX ? Double.NEGATIVE_INFINITY
                : kind == Kind.MIN ? Double.POSITIVE_INFINITY : 0;
        for (int i = 0; i < n; i++) {
            double v = TensorAccess.get(c, off + i);
            switch (kind) {
                case PROD: acc *= v; break;
                case MAX: acc = Math.max(acc, v); break;
                case MIN: acc = Math.min(acc, v); break;
                case L2: acc += v * v; break;
                default: acc += v;
            }
        }
        if (kind == Kind.MEAN) return acc / n;
        return kind == Kind.L2 ? Math.sqrt(acc) : acc;
    }

    static Tensor argReduce(String name, boolean max, Tensor t, int axis, boolean keepDims) {
        int a = Shape.axis(name, axis, t.dim());
        boolean[] reduced = new boolean[t.dim()];
        reduced[a] = true;
        int r = t.size(a);
        if (r == 0) throw new IllegalArgumentException(name + ": axis " + a + " of shape " + Shape.str(t.shape()) + " is empty");
        Tensor runs = runsLast(t, reduced);
        Tensor out = Tensor.zeros(DType.INT64, outShape(t.shape(), reduced, keepDims));
        long[] o = out.longArray();
        for (int k = 0; k < o.length; k++) {
            int base = runs.offset() + k * r;
            int best = 0;
            double bv = TensorAccess.get(runs, base);
            for (int i = 1; i < r && !Double.isNaN(bv); i++) {
                double v = TensorAccess.get(runs, base + i);
                if (Double.isNaN(v) || (max ? v > bv : v < bv)) {
                    best = i;
                    bv = v;
                }
            }
            o[k] = best;
        }
        return out;
    }

    static Tensor variance(String name, Tensor t, int[] axes, boolean keepDims, int correction) {
        Tensor x = t.dtype().isFloating() ? t : t.to(DType.FLOAT32);
        boolean[] reduced = reducedAxes(name, t.dim(), axes);
        int n = runLength(t, reduced);
        Tensor centered = x.sub(x.mean(axesOf(reduced), true));
        return centered.square().sum(axesOf(reduced), keepDims).div(Math.max(0, n - correction));
    }

    static Tensor logsumexp(Tensor t, int[] axes, boolean keepDims) {
        Tensor m = t.max(axes, true);
        Tensor finite = Tensor.where(m.abs().lt(Double.POSITIVE_INFINITY), m, Tensor.scalar(m.dtype(), 0));
        Tensor s = t.sub(finite).exp().sum(axes, true).log().add(finite);
        return keepDims ? s : s.reshape(outShape(t.shape(), reducedAxes("logsumexp", t.dim(), axes), false));
    }

    static Tensor softmax(Tensor t, int axis, boolean log) {
        int[] ax = {Shape.axis(log ? "logSoftmax" : "softmax", axis, t.dim())};
        Tensor shifted = t.sub(t.max(ax, true));
        Tensor e = shifted.exp();
        Tensor s = e.sum(ax, true);
        return log ? shifted.sub(s.log()) : e.div(s);
    }

    // ------------------------------------------------------------ axis bookkeeping

    static boolean[] reducedAxes(String name, int rank, int[] axes) {
        boolean[] r = new boolean[rank];
        if (axes == null) {
            Arrays.fill(r, true);
            return r;
        }
        for (int a : axes) {
            int n = Shape.axis(name, a, rank);
            if (r[n]) throw new IllegalArgumentException(name + ": axis " + a + " repeated in " + Shape.str(axes));
            r[n] = true;
        }
        return r;
    }

    static int[] axesOf(boolean[] reduced) {
        int c = 0;
        for (boolean b : reduced) if (b) c++;
        int[] out = new int[c];
        for (int i = 0, j = 0; i < reduced.length; i++) if (reduced[i]) out[j++] = i;
        return out;
    }

    static int[] outShape(int[] shape, boolean[] reduced, boolean keepDims) {
        int[] out = new int[shape.length];
        int j = 0;
        for (int i = 0; i < shape.length; i++) {
            if (!reduced[i]) out[j++] = shape[i];
            else if (keepDims) out[j++] = 1;
        }
        return Arrays.copyOf(out, j);
    }

    private static int runLength(Tensor t, boolean[] reduced) {
        int r = 1;
        for (int i = 0; i < reduced.length; i++) if (reduced[i]) r *= t.size(i);
        return r;
    }

    /** A contiguous tensor whose reduced axes are last, so each output owns one run. */
    private static Tensor runsLast(Tensor t, boolean[] reduced) {
        int[] order = new int[reduced.length];
        int j = 0;
        for (int i = 0; i < reduced.length; i++) if (!reduced[i]) order[j++] = i;
        for (int i = 0; i < reduced.length; i++) if (reduced[i]) order[j++] = i;
        return t.permute(order).contiguous();
    }
}
