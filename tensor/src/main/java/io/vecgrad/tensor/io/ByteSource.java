package io.vecgrad.tensor.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A forward-only reader over a stream that knows its byte offset and, when known, the total
 * size. Every read is checked before anything is allocated: a header that claims more bytes
 * than the source holds, than a Java array can hold, or than the heap has room for, is
 * reported as a {@link MalformedFileException} instead of an OutOfMemoryError. When the
 * total is unknown (a zip entry), bytes are read in growing chunks, so a lying header on a
 * short stream fails at end of stream after allocating about twice what was really there.
 */
public final class ByteSource {
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;
    private static final int FIRST_CHUNK = 1 << 16;

    private final InputStream in;
    private final String name;
    private final long total;
    private long offset;

    /**
     * @param in    the bytes (not closed here)
     * @param name  the file or entry name used in error messages
     * @param total the number of bytes {@code in} holds, or -1 when unknown
     */
    public ByteSource(InputStream in, String name, long total) {
        this.in = in;
        this.name = name;
        this.total = total;
    }

    /** The name used in error messages. */
    public String name() {
        return name;
    }

    /** Bytes consumed so far. */
    public long offset() {
        return offset;
    }

    /** Bytes left when the total is known, else -1. */
    public long remaining() {
        return total < 0 ? -1 : total - offset;
    }

    /** A format error at the current offset. */
    public MalformedFileException error(String detail) {
        return new MalformedFileException(name, offset, detail);
    }

    /** A format error at a given offset. */
    public MalformedFileException errorAt(long at, String detail) {
        return new MalformedFileException(name, at, detail);
    }

    /** Reads exactly {@code n} bytes of {@code what}, checking sizes before allocating. */
    public byte[] read(long n, String what) throws IOException {
        if (n < 0) throw error(what + ": negative length " + n);
        if (total >= 0 && n > total - offset) {
            throw error(what + " needs " + n + " bytes but only " + (total - offset) + " remain (file truncated or header wrong)");
        }
        if (n > MAX_ARRAY) throw error(what + " needs " + n + " bytes, more than one Java array holds");
        if (n > availableHeap()) throw error(what + " needs " + n + " bytes, more than the heap has room for");
        byte[] out = total >= 0 ? readKnown((int) n, what) : readChunked((int) n, what);
        offset += n;
        return out;
    }

    /** One unsigned byte. */
    public int readU8(String what) throws IOException {
        return read(1, what)[0] & 0xFF;
    }

    /** A little-endian unsigned 16-bit value. */
    public int readU16LE(String what) throws IOException {
        byte[] b = read(2, what);
        return (b[0] & 0xFF) | (b[1] & 0xFF) << 8;
    }

    /** A little-endian unsigned 32-bit value. */
    public long readU32LE(String what) throws IOException {
        byte[] b = read(4, what);
        return (b[0] & 0xFFL) | (b[1] & 0xFFL) << 8 | (b[2] & 0xFFL) << 16 | (b[3] & 0xFFL) << 24;
    }

    /** A big-endian signed 32-bit value (IDX headers). */
    public int readI32BE(String what) throws IOException {
        byte[] b = read(4, what);
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }

    /** A little-endian 64-bit value (safetensors header length). */
    public long readI64LE(String what) throws IOException {
        byte[] b = read(8, what);
        long v = 0;
        for (int i = 7; i >= 0; i--) v = v << 8 | (b[i] & 0xFFL);
        return v;
    }

    /** True when the stream has no more bytes (consumes nothing otherwise only if total is known). */
    public boolean atEnd() throws IOException {
        if (total >= 0) return offset == total;
        in.mark(1);
        int b = in.read();
        if (b < 0) return true;
        in.reset();
        return false;
    }

    private byte[] readKnown(int n, String what) throws IOException {
        byte[] out = new byte[n];
        fill(out, 0, n, what);
        return out;
    }

    private byte[] readChunked(int n, String what) throws IOException {
        byte[] buf = new byte[Math.min(n, FIRST_CHUNK)];
        int got = 0;
        while (got < n) {
            if (got == buf.length) buf = Arrays.copyOf(buf, (int) Math.min(n, 2L * buf.length));
            got = fill(buf, got, buf.length, what);
        }
        return buf;
    }

    private int fill(byte[] buf, int from, int to, String what) throws IOException {
        int pos = from;
        while (pos < to) {
            int r = in.read(buf, pos, to - pos);
            if (r < 0) throw errorAt(offset + pos, what + ": unexpected end of data (file truncated?)");
            pos += r;
        }
        return pos;
    }

    private static long availableHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }
}
