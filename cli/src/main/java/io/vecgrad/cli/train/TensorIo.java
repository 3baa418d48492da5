package io.vecgrad.cli.train;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Writes tensors as dtype, rank, dims and row-major values (big-endian), exactly, for
 * checkpoints. Not a general exchange format.
 */
final class TensorIo {
    private static final int MAX_RANK = 16;

    private TensorIo() {}

    static void write(DataOutputStream out, Tensor t) throws IOException {
        out.writeUTF(t.dtype().name());
        int[] shape = t.shape();
        out.writeInt(shape.length);
        for (int d : shape) {
            out.writeInt(d);
        }
        switch (t.dtype()) {
            case FLOAT32 -> { for (float v : t.toFloatArray()) out.writeFloat(v); }
            case FLOAT64 -> { for (double v : t.toDoubleArray()) out.writeDouble(v); }
            case INT32 -> { for (int v : t.toIntArray()) out.writeInt(v); }
            case INT64 -> { for (long v : t.toLongArray()) out.writeLong(v); }
            case BOOL -> { for (boolean v : t.toBoolArray()) out.writeBoolean(v); }
        }
    }

    static Tensor read(DataInputStream in, String where) throws IOException {
        DType dtype;
        try {
            dtype = DType.valueOf(in.readUTF());
        } catch (IllegalArgumentException e) {
            throw new IOException(where + ": unknown dtype in checkpoint", e);
        }
        int rank = in.readInt();
        if (rank < 0 || rank > MAX_RANK) {
            throw new IOException(where + ": bad rank " + rank);
        }
        int[] shape = new int[rank];
        long n = 1;
        for (int i = 0; i < rank; i++) {
            shape[i] = in.readInt();
            n *= shape[i];
            if (shape[i] < 0 || n > Integer.MAX_VALUE) {
                throw new IOException(where + ": bad shape " + java.util.Arrays.toString(shape));
            }
        }
        int count = (int) n;
        switch (dtype) {
            case FLOAT32 -> {
                float[] v = new float[count];
                for (int i = 0; i < count; i++) v[i] = in.readFloat();
                return Tensor.wrap(v, shape);
            }
            case FLOAT64 -> {
                double[] v = new double[count];
                for (int i = 0; i < count; i++) v[i] = in.readDouble();
                return Tensor.wrap(v, shape);
            }
            case INT32 -> {
                int[] v = new int[count];
                for (int i = 0; i < count; i++) v[i] = in.readInt();
                return Tensor.wrap(v, shape);
            }
            case INT64 -> {
                long[] v = new long[count];
                for (int i = 0; i < count; i++) v[i] = in.readLong();
                return Tensor.wrap(v, shape);
            }
            default -> {
                boolean[] v = new boolean[count];
                for (int i = 0; i < count; i++) v[i] = in.readBoolean();
                return Tensor.wrap(v, shape);
            }
        }
    }
}
