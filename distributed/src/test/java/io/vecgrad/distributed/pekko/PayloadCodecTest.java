package io.vecgrad.distributed.pekko;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PayloadCodecTest {
    private static float[] randomFloats(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(-30, 30)));
        }
        return v;
    }

    @Test
    void roundTripKeepsEveryBitIncludingNanPayloadsAndSignedZero() {
        float[] v = randomFloats(1000, 1);
        v[3] = Float.intBitsToFloat(0x7fc0_1234);
        v[4] = -0.0f;
        v[5] = Float.NEGATIVE_INFINITY;
        v[6] = Float.MIN_VALUE;
        FloatChunk c = new FloatChunk(5, MessageKind.GRADIENT, 1L << 40, 7, 2, 3, 2000, 3000, v);
        byte[] wire = PayloadCodec.encode(c);
        assertEquals(PayloadCodec.HEADER_BYTES + 4 * v.length, wire.length);
        FloatChunk back = (FloatChunk) PayloadCodec.decode(wire);
        assertEquals(5, back.sender());
        assertEquals(MessageKind.GRADIENT, back.kind());
        assertEquals(1L << 40, back.round());
        assertEquals(7, back.tag());
        assertEquals(2, back.index());
        assertEquals(3, back.count());
        assertEquals(2000, back.offset());
        assertEquals(3000, back.total());
        for (int i = 0; i < v.length; i++) {
            assertEquals(Float.floatToRawIntBits(v[i]), Float.floatToRawIntBits(back.values()[i]), "value " + i);
        }
    }

    @Test
    void valuesAreLittleEndianAfterTheHeader() {
        byte[] wire = PayloadCodec.encode(new FloatChunk(0, MessageKind.PARAMETERS, 0, 0, 0, 1, 0, 1, new float[] {1f}));
        // 1.0f = 0x3F800000, little-endian bytes 00 00 80 3F
        assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3F}, Arrays.copyOfRange(wire, 48, 52));
        assertArrayEquals(new byte[] {0x50, 0x47, 0x4B, 0x56}, Arrays.copyOfRange(wire, 0, 4));
    }

    @Test
    void everySingleFlippedBitIsRejectedNamingTheSender() {
        byte[] wire = PayloadCodec.encode(new FloatChunk(3, MessageKind.GRADIENT, 12, 1, 0, 1, 0, 16, randomFloats(16, 2)));
        int rejected = 0;
        for (int bit = 0; bit < wire.length * 8; bit++) {
            byte[] bad = wire.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            CorruptPayloadException e = assertThrows(CorruptPayloadException.class, () -> PayloadCodec.decode(bad),
                    "bit " + bit + " flipped");
            assertTrue(e.getMessage().contains("rejected"), e.getMessage());
            if (bit / 8 >= 12) {
                // the sender field (bytes 8..11) is intact, so the message names the real sender
                assertTrue(e.getMessage().contains("worker 3"), e.getMessage());
            }
            rejected++;
        }
        assertEquals(wire.length * 8, rejected);
    }

    @Test
    void truncatedPayloadsAreRejectedWithTheFigures() {
        byte[] wire = PayloadCodec.encode(new FloatChunk(4, MessageKind.REDUCE, 9, 2, 0, 1, 0, 10, randomFloats(10, 3)));
        CorruptPayloadException shortHeader = assertThrows(CorruptPayloadException.class,
                () -> PayloadCodec.decode(Arrays.copyOf(wire, 20)));
        assertTrue(shortHeader.getMessage().contains("20 bytes"), shortHeader.getMessage());
        CorruptPayloadException shortBody = assertThrows(CorruptPayloadException.class,
                () -> PayloadCodec.decode(Arrays.copyOf(wire, wire.length - 4)));
        assertTrue(shortBody.getMessage().contains("worker 4") && shortBody.getMessage().contains("round 9")
                && shortBody.getMessage().contains("84 bytes") && shortBody.getMessage().contains("10 floats"),
                shortBody.getMessage());
        assertThrows(CorruptPayloadException.class, () -> PayloadCodec.decode(new byte[0]));
    }

    @Test
    void chunkingAndReassemblyRestoreTheVectorInAnyOrder() {
        float[] v = randomFloats(10_001, 4);
        List<Chunk> parts = new java.util.ArrayList<>(Chunking.split(1, MessageKind.PARAMETERS, 3, 0, v, 1000));
        assertEquals(11, parts.size());
        java.util.Collections.shuffle(parts, new java.util.Random(5));
        Reassembly r = new Reassembly(parts.get(0));
        for (Chunk c : parts) {
            assertTrue(!r.complete());
            r.add(PayloadCodec.decode(PayloadCodec.encode(c)));
        }
        assertTrue(r.complete());
        assertArrayEquals(v, (float[]) r.values());
        assertEquals(1, Chunking.split(0, MessageKind.CONTROL, 0, 0, new float[0], 10).size());
    }

    @Test
    void reassemblyRejectsDuplicatesAndMismatchedChunks() {
        List<Chunk> parts = Chunking.split(2, MessageKind.GRADIENT, 1, 0, randomFloats(30, 6), 10);
        Reassembly r = new Reassembly(parts.get(0));
        r.add(parts.get(0));
        CorruptPayloadException twice = assertThrows(CorruptPayloadException.class, () -> r.add(parts.get(0)));
        assertTrue(twice.getMessage().contains("worker 2") && twice.getMessage().contains("twice"), twice.getMessage());
        FloatChunk alien = new FloatChunk(2, MessageKind.GRADIENT, 1, 0, 1, 4, 10, 40, new float[10]);
        assertThrows(CorruptPayloadException.class, () -> r.add(alien));
        FloatChunk shortOne = new FloatChunk(2, MessageKind.GRADIENT, 1, 0, 2, 3, 20, 30, new float[5]);
        Reassembly r2 = new Reassembly(parts.get(0));
        r2.add(parts.get(0));
        r2.add(parts.get(1));
        CorruptPayloadException gap = assertThrows(CorruptPayloadException.class, () -> r2.add(shortOne));
        assertTrue(gap.getMessage().contains("25 values"), gap.getMessage());
    }

    @Test
    void inconsistentChunkFiguresAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FloatChunk(1, MessageKind.GRADIENT, 0, 0, 3, 3, 0, 10, new float[2]));
        assertTrue(e.getMessage().contains("worker 1") && e.getMessage().contains("chunk 4 of 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new FloatChunk(1, MessageKind.GRADIENT, 0, 0, 0, 1, 9, 10, new float[2]));
    }

    @Test
    void doublesRoundTripBitForBitAndTheValueTypeIsChecked() {
        double[] v = {Math.PI, -0.0, Double.longBitsToDouble(0x7ff8_0000_dead_beefL), Double.MIN_VALUE, 1e300};
        byte[] wire = PayloadCodec.encode(new DoubleChunk(1, MessageKind.PARAMETERS, 4, 2, 0, 1, 0, 5, v));
        assertEquals(PayloadCodec.HEADER_BYTES + 8 * v.length, wire.length);
        double[] back = ((DoubleChunk) PayloadCodec.decode(wire)).values();
        for (int i = 0; i < v.length; i++) {
            assertEquals(Double.doubleToRawLongBits(v[i]), Double.doubleToRawLongBits(back[i]), "value " + i);
        }
        CorruptPayloadException cut = assertThrows(CorruptPayloadException.class,
                () -> PayloadCodec.decode(Arrays.copyOf(wire, wire.length - 8)));
        assertTrue(cut.getMessage().contains("5 doubles") && cut.getMessage().contains("worker 1"), cut.getMessage());
        Reassembly r = new Reassembly(new DoubleChunk(1, MessageKind.PARAMETERS, 4, 2, 0, 2, 0, 4, new double[2]));
        assertThrows(CorruptPayloadException.class,
                () -> r.add(new FloatChunk(1, MessageKind.PARAMETERS, 4, 2, 1, 2, 2, 4, new float[2])));
    }

    @Test
    void serializerUsesTheCodecAndRejectsUnknownTypes() {
        PayloadSerializer s = new PayloadSerializer();
        FloatChunk c = new FloatChunk(0, MessageKind.BROADCAST, 2, 0, 0, 1, 0, 3, new float[] {1, 2, 3});
        assertEquals("F", s.manifest(c));
        FloatChunk back = (FloatChunk) s.fromBinary(s.toBinary(c), "F");
        assertArrayEquals(c.values(), back.values());
        assertThrows(IllegalArgumentException.class, () -> s.toBinary("text"));
        assertThrows(CorruptPayloadException.class, () -> s.fromBinary(new byte[4], "Q"));
    }
}
