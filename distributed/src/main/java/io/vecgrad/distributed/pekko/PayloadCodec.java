package io.vecgrad.distributed.pekko;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The wire format of a {@link FloatChunk}: a 48-byte little-endian header followed by the
 * floats' raw IEEE 754 bits, little-endian. Decoding checks everything before it allocates or
 * returns values, so a corrupt or truncated payload is rejected with an exception naming the
 * sender and the message, never applied.
 *
 * <pre>
 * offset size field
 *      0    4 magic 0x564B4750 ("PGKV" read as little-endian bytes)
 *      4    1 format version (1)
 *      5    1 message kind ({@link MessageKind#code()})
 *      6    2 reserved (0)
 *      8    4 sender rank
 *     12    8 round
 *     20    4 tag
 *     24    4 chunk index
 *     28    4 chunk count
 *     32    4 offset of this chunk in the message (floats)
 *     36    4 total message length (floats)
 *     40    4 length of this chunk (floats)
 *     44    4 CRC-32C of bytes 0..43 and of the values
 *     48  4·n values
 * </pre>
 *
 * <pre>{@code
 * byte[] wire = PayloadCodec.encode(chunk);
 * FloatChunk back = PayloadCodec.decode(wire);   // bit-identical values, NaN payloads included
 * }</pre>
 */
public final class PayloadCodec {
    /** Header length in bytes. */
    public static final int HEADER_BYTES = 48;
    static final int MAGIC = 0x564B4750;
    static final byte VERSION = 1;

    private PayloadCodec() {}

    /** The encoded size of a chunk with {@code n} floats. */
    public static int encodedSize(int n) {
        return HEADER_BYTES + 4 * n;
    }

    /** Encodes a chunk (header, checksum, little-endian float bits). */
    public static byte[] encode(FloatChunk c) {
        byte[] out = new byte[encodedSize(c.values().length)];
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).put(VERSION).put(c.kind().code()).putShort((short) 0).putInt(c.sender()).putLong(c.round())
                .putInt(c.tag()).putInt(c.index()).putInt(c.count()).putInt(c.offset()).putInt(c.total())
                .putInt(c.values().length);
        b.position(HEADER_BYTES);
        b.asFloatBuffer().put(c.values());
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
    public static FloatChunk decode(byte[] bytes) {
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
        if (length < 0 || (long) HEADER_BYTES + 4L * length != bytes.length) {
            throw new CorruptPayloadException(String.format(
                    "%s rejected: %d bytes, but the header announces %d floats (%d bytes)", what, bytes.length,
                    length, (long) HEADER_BYTES + 4L * length));
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
        float[] values = new float[length];
        b.position(HEADER_BYTES);
        b.asFloatBuffer().get(values);
        try {
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
