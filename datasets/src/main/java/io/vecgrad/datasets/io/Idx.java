package io.vecgrad.datasets.io;

import io.vecgrad.datasets.DatasetFormatException;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.io.ByteSource;
import io.vecgrad.tensor.io.MalformedFileException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The IDX format of MNIST and Fashion-MNIST, raw or gzip-compressed (detected from the first
 * bytes): a magic number {@code 00 00 <type> <ndim>}, {@code ndim} big-endian int32 sizes, then
 * the big-endian elements. Types: 0x08 unsigned byte, 0x09 signed byte, 0x0B int16,
 * 0x0C int32, 0x0D float32, 0x0E float64.
 *
 * <p>Unsigned bytes are returned as INT32 by {@link #read} and as scaled FLOAT32 by
 * {@link #readScaled} (images in [0, 1]); other types map to INT32, FLOAT32 or FLOAT64.
 * The element count is checked against the file size (raw) or against the heap before
 * anything large is allocated (gzip, whose size is unknown), and trailing bytes are an error.
 *
 * <pre>{@code
 * Tensor labels = Idx.read(Path.of("train-labels-idx1-ubyte.gz"));          // INT32 [60000]
 * Tensor images = Idx.readScaled(Path.of("train-images-idx3-ubyte.gz"), 1 / 255.0); // FLOAT32 [60000, 28, 28]
 * }</pre>
 */
public final class Idx {
    private Idx() {}

    /** Reads an IDX file; unsigned bytes become INT32. */
    public static Tensor read(Path path) throws IOException {
        return decode(readRaw(path), Double.NaN);
    }

    /** Reads an IDX file of unsigned bytes as FLOAT32 times {@code scale}. */
    public static Tensor readScaled(Path path, double scale) throws IOException {
        return decode(readRaw(path), scale);
    }

    /** Reads IDX bytes from a stream (raw or gzip); {@code name} appears in error messages. */
    public static Tensor read(InputStream in, String name) throws IOException {
        return decode(readRaw(in, name, -1), Double.NaN);
    }

    /** The undecoded content: type code, shape and big-endian element bytes. */
    static final class Raw {
        final int type;
        final int[] shape;
        final byte[] data;
        final String name;

        Raw(int type, int[] shape, byte[] data, String name) {
            this.type = type;
            this.shape = shape;
            this.data = data;
            this.name = name;
        }
    }

    static Raw readRaw(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return readRaw(in, path.toString(), Files.size(path));
        }
    }

    private static Raw readRaw(InputStream in, String name, long size) throws IOException {
        BufferedInputStream buf = new BufferedInputStream(in, 1 << 16);
        buf.mark(2);
        int b0 = buf.read();
        int b1 = buf.read();
        buf.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            try {
                return parse(new ByteSource(new BufferedInputStream(new GZIPInputStream(buf, 1 << 16), 1 << 16), name + " (gzip)", -1));
            } catch (ZipException | java.io.EOFException e) {
                throw new DatasetFormatException(name, 0, "damaged gzip stream: " + e.getMessage());
            }
        }
        return parse(new ByteSource(buf, name, size));
    }

    private static Raw parse(ByteSource src) throws IOException {
        try {
            int magic = src.readI32BE("IDX magic number");
            int type = (magic >>> 8) & 0xFF;
            int ndim = magic & 0xFF;
            if ((magic >>> 16) != 0 || elementSize(type) == 0 || ndim == 0) {
                throw new DatasetFormatException(src.name(), 0, String.format("wrong IDX magic number 0x%08x (expected 00 00 <type 08|09|0B|0C|0D|0E> <ndim ≥ 1>)", magic));
            }
            int[] shape = new int[ndim];
            for (int d = 0; d < ndim; d++) {
                long at = src.offset();
                shape[d] = src.readI32BE("IDX dimension " + d);
                if (shape[d] < 0) throw new DatasetFormatException(src.name(), at, "negative IDX dimension " + shape[d]);
            }
            // all dimensions are read before the product is checked, so the message quotes the
            // whole shape and its true element count (exact: at most 255 factors below 2^31)
            java.math.BigInteger product = java.math.BigInteger.ONE;
            for (int dim : shape) product = product.multiply(java.math.BigInteger.valueOf(dim));
            if (product.compareTo(java.math.BigInteger.valueOf(Integer.MAX_VALUE - 16)) > 0) {
                throw new DatasetFormatException(src.name(), 4, "IDX shape " + Arrays.toString(shape) + " has " + product
                        + " elements, more than the " + (Integer.MAX_VALUE - 16) + " one tensor can hold");
            }
            long count = product.longValue();
            byte[] data = src.read(count * elementSize(type), "IDX data of shape " + Arrays.toString(shape));
            if (!src.atEnd()) throw new DatasetFormatException(src.name(), src.offset(), "unexpected bytes after the IDX data");
            return new Raw(type, shape, data, src.name());
        } catch (MalformedFileException e) {
            throw DatasetFormatException.from(e);
        }
    }

    static int elementSize(int type) {
        switch (type) {
            case 0x08: case 0x09: return 1;
            case 0x0B: return 2;
            case 0x0C: case 0x0D: return 4;
            case 0x0E: return 8;
            default: return 0;
        }
    }

    static Tensor decode(Raw r, double scale) throws DatasetFormatException {
        int n = r.data.length / elementSize(r.type);
        ByteBuffer bb = ByteBuffer.wrap(r.data);   // big-endian by default, as IDX is
        switch (r.type) {
            case 0x08: {
                if (!Double.isNaN(scale)) {
                    float[] f = new float[n];
                    float s = (float) scale;
                    for (int i = 0; i < n; i++) f[i] = (r.data[i] & 0xFF) * s;
                    return Tensor.wrap(f, r.shape);
                }
                int[] v = new int[n];
                for (int i = 0; i < n; i++) v[i] = r.data[i] & 0xFF;
                return Tensor.wrap(v, r.shape);
            }
            case 0x09: { int[] v = new int[n]; for (int i = 0; i < n; i++) v[i] = r.data[i]; return scaled(Tensor.wrap(v, r.shape), scale); }
            case 0x0B: { int[] v = new int[n]; for (int i = 0; i < n; i++) v[i] = bb.getShort(); return scaled(Tensor.wrap(v, r.shape), scale); }
            case 0x0C: { int[] v = new int[n]; bb.asIntBuffer().get(v); return scaled(Tensor.wrap(v, r.shape), scale); }
            case 0x0D: { float[] v = new float[n]; bb.asFloatBuffer().get(v); return scaled(Tensor.wrap(v, r.shape), scale); }
            default: { double[] v = new double[n]; bb.asDoubleBuffer().get(v); return scaled(Tensor.wrap(v, r.shape), scale); }
        }
    }

    private static Tensor scaled(Tensor t, double scale) {
        return Double.isNaN(scale) ? t : t.to(t.dtype() == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32).mul(scale);
    }
}
