package io.vecgrad.tensor.linalg;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Shape;
import io.vecgrad.tensor.Tensor;
import java.util.Arrays;

/**
 * A stack of matrices taken from the last two axes of a tensor, copied once into a contiguous
 * row-major {@code double[]} (so strided and transposed views are accepted and the kernels see
 * one layout), validated (rank, squareness, finite entries), and the way results go back to
 * tensors of the input's batch shape and dtype. float32 inputs are computed in float64 and
 * rounded once at the end.
 */
final class MatrixBatch {
    final String op;
    final int[] inputShape;
    final int[] batch;
    final int rows;
    final int cols;
    final int count;
    final double[] data;
    final DType dtype;

    private MatrixBatch(String op, Tensor t, int[] batch) {
        this.op = op;
        this.inputShape = t.shape();
        this.batch = batch;
        this.rows = t.size(-2);
        this.cols = t.size(-1);
        this.count = Shape.numel(batch);
        this.dtype = t.dtype() == DType.FLOAT32 ? DType.FLOAT32 : DType.FLOAT64;
        int[] full = Arrays.copyOf(batch, batch.length + 2);
        full[batch.length] = rows;
        full[batch.length + 1] = cols;
        Tensor x = Arrays.equals(full, t.shape()) ? t : t.expand(full);
        this.data = x.toDoubleArray();
        checkFinite();
    }

    /** The matrices of {@code t} (at least 2-D); {@code square} demands n×n. */
    static MatrixBatch of(String op, Tensor t, boolean square) {
        requireMatrix(op, t);
        if (square && t.size(-1) != t.size(-2)) {
            throw new IllegalArgumentException(op + ": expected square matrices, got shape " + Shape.str(t.shape()));
        }
        return new MatrixBatch(op, t, Arrays.copyOf(t.shape(), t.dim() - 2));
    }

    /** The matrices of {@code t} broadcast to the batch shape {@code batch}. */
    static MatrixBatch broadcast(String op, Tensor t, int[] batch) {
        return new MatrixBatch(op, t, batch);
    }

    static void requireMatrix(String op, Tensor t) {
        if (t.dim() < 2) {
            throw new IllegalArgumentException(op + ": expected a matrix or a batch of matrices (at least 2 axes), got shape "
                    + Shape.str(t.shape()));
        }
    }

    /** The batch shape two operands broadcast to (their shapes minus the last two axes). */
    static int[] batchOf(String op, Tensor a, Tensor b) {
        return Shape.broadcast(op, Arrays.copyOf(a.shape(), a.dim() - 2), Arrays.copyOf(b.shape(), b.dim() - 2));
    }

    int size() {
        return rows * cols;
    }

    int offset(int b) {
        return b * rows * cols;
    }

    /** Batch shape followed by {@code tail}. */
    int[] shape(int... tail) {
        int[] s = Arrays.copyOf(batch, batch.length + tail.length);
        System.arraycopy(tail, 0, s, batch.length, tail.length);
        return s;
    }

    /** Wraps {@code values} (row-major, batch then tail) in a tensor of this batch's dtype. */
    Tensor result(double[] values, int... tail) {
        Tensor t = Tensor.of(values, shape(tail));
        return dtype == DType.FLOAT64 ? t : t.to(dtype);
    }

    LinalgException fail(int b, int index, String what) {
        return new LinalgException(op, inputShape, b, index, what);
    }

    private void checkFinite() {
        for (int i = 0; i < data.length; i++) {
            if (!Double.isFinite(data[i])) {
                int per = Math.max(1, rows * cols), within = i % per;
                throw new IllegalArgumentException(op + ": input of shape " + Shape.str(inputShape) + " has " + data[i]
                        + " at matrix " + i / per + ", row " + within / cols + ", column " + within % cols);
            }
        }
    }
}
