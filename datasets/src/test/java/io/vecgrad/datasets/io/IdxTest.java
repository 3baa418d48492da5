package io.vecgrad.datasets.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.datasets.DatasetFormatException;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir
    Path dir;

    /** A 2×3×2 unsigned-byte IDX file with values 0, 20, 40, …. */
    static byte[] ubyte() {
        ByteBuffer b = ByteBuffer.allocate(4 + 12 + 12);
        b.putInt(0x00000803).putInt(2).putInt(3).putInt(2);
        for (int i = 0; i < 12; i++) b.put((byte) (i * 20));
        return b.array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    @Test
    void readsRawAndGzip() throws IOException {
        for (byte[] bytes : new byte[][] {ubyte(), gzip(ubyte())}) {
            Path p = dir.resolve("a.idx");
            Files.write(p, bytes);
            Tensor t = Idx.read(p);
            assertEquals(DType.INT32, t.dtype());
            assertArrayEquals(new int[] {2, 3, 2}, t.shape());
            assertEquals(220, t.get(1, 2, 1));
            Tensor s = Idx.readScaled(p, 1 / 255.0);
            assertEquals(DType.FLOAT32, s.dtype());
            assertEquals(220f / 255f, (float) s.get(1, 2, 1), 1e-7);
        }
    }

    @Test
    void readsOtherTypesBigEndian() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 + 8);
        b.putInt(0x00000E01).putInt(1).putDouble(-2.5);
        Tensor t = Idx.read(new ByteArrayInputStream(b.array()), "d.idx");
        assertEquals(DType.FLOAT64, t.dtype());
        assertEquals(-2.5, t.get(0));
    }

    private static DatasetFormatException bad(byte[] bytes) {
        return assertThrows(DatasetFormatException.class, () -> Idx.read(new ByteArrayInputStream(bytes), "bad.idx"));
    }

    @Test
    void rejectsWrongMagicTruncationHugeHeadersAndTrailingBytes() throws IOException {
        byte[] g = ubyte();
        byte[] magic = g.clone();
        magic[2] = 0x07;
        assertTrue(bad(magic).getMessage().contains("magic"));
        DatasetFormatException cut = bad(Arrays.copyOf(g, g.length - 1));
        assertTrue(cut.getMessage().contains("bad.idx"), cut.getMessage());
        assertTrue(cut.getMessage().contains("byte offset 27") && cut.getMessage().contains("truncated"), cut.getMessage());
        byte[] huge = g.clone();
        ByteBuffer.wrap(huge).putInt(4, 60000).putInt(8, 28).putInt(12, 28);
        assertTrue(bad(huge).getMessage().contains("truncated"));
        bad(Arrays.copyOf(g, g.length + 1));
        bad(gzip(Arrays.copyOf(g, g.length - 1)));
        bad(Arrays.copyOf(gzip(g), 20));
        Path p = dir.resolve("huge.idx");
        Files.write(p, huge);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Idx.read(p));
        assertTrue(e.getMessage().contains("needs 47040000 bytes but only 12 remain"), e.getMessage());
    }

    @Test
    void gzipClaimingMoreThanTheHeapFailsCleanly() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16);
        b.putInt(0x00000E03).putInt(50000).putInt(50000).putInt(1000);   // 2.5e12 doubles
        DatasetFormatException e = bad(gzip(b.array()));
        assertTrue(e.getMessage().contains("has 2500000000000 elements"), e.getMessage());
        b = ByteBuffer.allocate(12);
        b.putInt(0x00000802).putInt(40000).putInt(50000);                // 2e9 bytes, no data
        bad(gzip(b.array()));
    }
}
