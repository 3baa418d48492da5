package io.vecgrad.datasets;

import io.vecgrad.tensor.Tensor;
import java.util.Arrays;

/**
 * A dataset held as tensors whose leading axis indexes examples: features {@code x} and
 * optional labels {@code y}. Batches are gathered with one array copy per example.
 *
 * <pre>{@code
 * TensorDataset d = new TensorDataset(Tensor.zeros(100, 4), Tensor.zeros(DType.INT64, 100));
 * Batch b = d.get(new int[] {5, 7});      // x: [2, 4], y: [2]
 * TensorDataset[] parts = d.split(80);    // first 80 / last 20
 * }</pre>
 */
public final class TensorDataset implements Dataset {
    private final Tensor x;
    private final Tensor y;

    /** @param y labels with the same leading size as {@code x}, or {@code null} */
    public TensorDataset(Tensor x, Tensor y) {
        if (x.dim() == 0) throw new IllegalArgumentException("TensorDataset: features need a leading example axis, got a scalar");
        if (y != null && (y.dim() == 0 || y.size(0) != x.size(0))) {
            throw new IllegalArgumentException("TensorDataset: features of shape " + Arrays.toString(x.shape())
                    + " and labels of shape " + Arrays.toString(y.shape()) + " disagree on the number of examples");
        }
        this.x = x.contiguous();
        this.y = y == null ? null : y.contiguous();
    }

    public Tensor x() { return x; }

    public Tensor y() { return y; }

    @Override
    public int size() { return x.size(0); }

    @Override
    public Batch get(int[] indices) {
        return new Batch(gatherRows(x, indices), y == null ? null : gatherRows(y, indices), indices.clone());
    }

    /** Examples {@code [from, to)} as a new dataset (a view; no copy). */
    public TensorDataset range(int from, int to) {
        return new TensorDataset(x.slice(0, from, to), y == null ? null : y.slice(0, from, to));
    }

    /** {first {@code n}, the rest}. */
    public TensorDataset[] split(int n) {
        return new TensorDataset[] {range(0, n), range(n, size())};
    }

    /**
     * The examples at {@code indices} written into {@code xOut} and {@code yOut} (contiguous
     * tensors of the batch's shapes and the dataset's dtypes, {@code yOut} null when there are no
     * labels): {@link #get} without allocating, for a loader that reuses its batch buffers. The
     * batch holds {@code indices} itself.
     */
    Batch getInto(int[] indices, Tensor xOut, Tensor yOut) {
        copyRows(x, indices, xOut);
        if (y != null) copyRows(y, indices, yOut);
        return new Batch(xOut, yOut, indices);
    }

    /** A contiguous tensor shaped like rows of {@code t} ({@code x} or {@code y}), {@code n} of them. */
    static Tensor batchOf(Tensor t, int n) {
        int[] shape = t.shape();
        shape[0] = n;
        return Tensor.zeros(t.dtype(), shape);
    }

    /** Rows {@code idx} of a contiguous tensor, copied with System.arraycopy (any dtype). */
    static Tensor gatherRows(Tensor t, int[] idx) {
        Tensor out = batchOf(t, idx.length);
        copyRows(t, idx, out);
        return out;
    }

    private static void copyRows(Tensor t, int[] idx, Tensor out) {
        int n = t.shape()[0];
        int row = n == 0 ? 0 : t.numel() / n;
        Object src = array(t);
        Object dst = array(out);
        for (int b = 0; b < idx.length; b++) {
            if (idx[b] < 0 || idx[b] >= n) throw new IndexOutOfBoundsException("TensorDataset.get: index " + idx[b] + " outside [0, " + n + ")");
            System.arraycopy(src, t.offset() + idx[b] * row, dst, out.offset() + b * row, row);
        }
    }

    private static Object array(Tensor t) {
        switch (t.dtype()) {
            case FLOAT32: return t.floatArray();
            case FLOAT64: return t.doubleArray();
            case INT32: return t.intArray();
            case INT64: return t.longArray();
            default: return t.boolArray();
        }
    }
}
