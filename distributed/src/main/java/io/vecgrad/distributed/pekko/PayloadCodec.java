package io.vecgrad.distributed.pekko;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The wire format of a {@link Chunk}: a 48-byte little-endian header followed by the
 * values' raw IEEE 754 bits (float32 or float64), little-endian. Decoding checks everything before it allocates or
 * returns values, so a corrupt or truncated payload is rejected with an exception naming the
 * sender and the message, never applied.
 *
 * <pre>
 * offset size field
 *      0    4 magic 0x564B4750 ("PGKV" read as little-endian bytes)
 *      4    1 format version (1)
 *      5    1 message kind ({@link MessageKind#code()})
 *      6    1 value type (0 float32, 1 float64)
 *      7    1 reserved (0)
 *      8    4 sender rank
 *     12    8 round
 *     20    4 tag
 *     24    4 chunk index
 *     28    4 chunk count
 *     32    4 offset of this chunk in the message (values)
 *     36    4 total message length (values)
 *     40    4 length of this chunk (values)
 *     44    4 CRC-32C of bytes 0..43 and of the values
 *     48  4·n or 8·n values
 * </pre>
 *
 * <pre>{@code
 * byte[] wire = PayloadCodec.encode(chunk);
 * Chunk back = PayloadCodec.decode(wire);   // bit-identical values, NaN payloads included
 * }</pre>
 */
public final class PayloadCodec {
    /** Header length in bytes. */
    public static final int HEADER_BYTES = 48;
    static final int MAGIC = 0x564B4750;
    static final byte VERSION = 1;

    private PayloadCodec() {}

    /** The encoded size of a chunk with {@code n} values of {@code valueBytes} bytes each. */
    public static int encodedSize(int n, int valueBytes) {
        return HEADER_BYTES + valueBytes * n;
    }

    /** Encodes a chunk (header, checksum, little-endian value bits). */
    public static byte[] encode(Chunk c) {
        byte[] out = new byte[encodedSize(c.length(), c.valueBytes())];
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).put(VERSION).put(c.kind().code()).put((byte) (c.valueBytes() == 8 ? 1 : 0)).put((byte) 0)
                .putInt(c.sender()).putLong(c.round()).putInt(c.tag()).putInt(c.index()).putInt(c.count())
                .putInt(c.offset()).putInt(c.total()).putInt(c.length());
        b.position(HEADER_BYTES);
        if (c instanceof FloatChunk f) {
            b.asFloatBuffer().put(f.values());
        } else {
            b.asDoubleBuffer().put(((DoubleChunk) c).values());
        }
        b.putInt(44, checksum(out));
        return out;
    }

    /**
     * Decodes and checks a payload.
     *
     * @throws CorruptPayloadException when the bytes are truncated, carry a wrong magic, version,
     *     kind or checksum, or chunk figures that do not fit together; the message names the
     *     (claimed) sender and message and quotes the figures
     */
    public static Chunk decode(byte[] bytes) {
        if (bytes.length < HEADER_BYTES) {
            throw new CorruptPayloadException(String.format(
                    "payload rejected: truncated, %d bytes where the header alone needs %d (sender unknown)",
                    bytes.length, HEADER_BYTES));
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt(0);
        int sender = b.getInt(8);
        long round = b.getLong(12);
        int tag = b.getInt(20);
        int index = b.getInt(24);
        int count = b.getInt(28);
        int offset = b.getInt(32);
        int total = b.getInt(36);
        int length = b.getInt(40);
        String what = String.format("payload from worker %d (kind code %d, round %d, tag %d, chunk %d of %d)",
                sender, bytes[5], round, tag, index + 1, count);
        if (magic != MAGIC || bytes[4] != VERSION) {
            throw new CorruptPayloadException(String.format(
                    "%s rejected: magic 0x%08X version %d, expected 0x%08X version %d", what, magic, bytes[4],
                    MAGIC, VERSION));
        }
        byte type = bytes[6];
        if (type != 0 && type != 1) {
            throw new CorruptPayloadException(String.format("%s rejected: value type %d, expected 0 (float32) or 1"
                    + " (float64)", what, type));
        }
        int size = type == 1 ? 8 : 4;
        String unit = type == 1 ? "doubles" : "floats";
        if (length < 0 || (long) HEADER_BYTES + (long) size * length != bytes.length) {
            throw new CorruptPayloadException(String.format(
                    "%s rejected: %d bytes, but the header announces %d %s (%d bytes)", what, bytes.length,
                    length, unit, (long) HEADER_BYTES + (long) size * length));
        }
        int expected = b.getInt(44);
        int actual = checksum(bytes);
        if (expected != actual) {
            throw new CorruptPayloadException(String.format(
                    "%s rejected: checksum 0x%08X, computed 0x%08X over %d bytes", what, expected, actual,
                    bytes.length));
        }
        MessageKind kind;
        try {
            kind = MessageKind.fromCode(bytes[5]);
        } catch (IllegalArgumentException e) {
            throw new CorruptPayloadException(what + " rejected: " + e.getMessage());
        }
        b.position(HEADER_BYTES);
        try {
            if (type == 1) {
                double[] values = new double[length];
                b.asDoubleBuffer().get(values);
                return new DoubleChunk(sender, kind, round, tag, index, count, offset, total, values);
            }
            float[] values = new float[length];
            b.asFloatBuffer().get(values);
            return new FloatChunk(sender, kind, round, tag, index, count, offset, total, values);
        } catch (IllegalArgumentException e) {
            throw new CorruptPayloadException("payload rejected: " + e.getMessage());
        }
    }

    private static int checksum(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, 44);
        crc.update(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES);
        return (int) crc.getValue();
    }
}
