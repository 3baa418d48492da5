package io.vecgrad.tensor.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vecgrad.tensor.Tensor;
import java.io.IOException;
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
