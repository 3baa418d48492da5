package io.vecgrad.tensor.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {
    @TempDir
    Path dir;

    private static void assertSame(Map<String, Tensor> expected, Map<String, Tensor> actual) {
        assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(actual.keySet()));
        for (String k : expected.keySet()) NpyTest.assertTensorEquals(expected.get(k), actual.get(k));
    }

    @Test
    void readsNumpySavez() throws IOException {
        assertSame(Golden.arrays(), Npz.fromBytes(Golden.bytes("stored.npz"), "stored.npz"));
    }

    @Test
    void readsNumpySavezCompressed() throws IOException {
        assertSame(Golden.arrays(), Npz.fromBytes(Golden.bytes("deflated.npz"), "deflated.npz"));
    }

    @Test
    void roundTripsStoredAndDeflated() throws IOException {
        for (boolean compress : new boolean[] {false, true}) {
            Path p = dir.resolve("a" + compress + ".npz");
            Npz.write(p, Golden.arrays(), compress);
            assertSame(Golden.arrays(), Npz.read(p));
        }
    }

    @Test
    void entryClaimingMoreThanMemoryFailsBeforeAllocating() throws IOException {
        byte[] npy = Golden.bytes("f64.npy");
        String h = new String(npy, 10, 118, StandardCharsets.ISO_8859_1).replace("(5,)", "(2000000000,)");
        System.arraycopy(h.getBytes(StandardCharsets.ISO_8859_1), 0, npy, 10, 118);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("big.npy"));
            zip.write(npy);
            zip.closeEntry();
        }
        MalformedFileException e = assertThrows(MalformedFileException.class, () -> Npz.fromBytes(bytes.toByteArray(), "big.npz"));
        assertTrue(e.getMessage().contains("big.npz!big.npy") && e.getMessage().contains("16000000000 bytes"), e.getMessage());
    }

    @Test
    void notAZipIsRejected() {
        assertThrows(MalformedFileException.class, () -> Npz.fromBytes(Golden.bytes("f32.npy"), "x.npz"));
    }

    @Test
    void damagedEntryIsRejected() {
        byte[] g = Golden.bytes("deflated.npz");
        for (int i = 60; i < 200; i++) g[i] ^= 0x5A;
        assertThrows(MalformedFileException.class, () -> Npz.fromBytes(g, "bad.npz"));
    }
}
