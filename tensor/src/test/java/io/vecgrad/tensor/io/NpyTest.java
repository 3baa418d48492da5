package io.vecgrad.tensor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir
    Path dir;

    static void assertTensorEquals(Tensor expected, Tensor actual) {
        assertEquals(expected.dtype(), actual.dtype());
        assertArrayEquals(expected.shape(), actual.shape());
        assertArrayEquals(expected.toDoubleArray(), actual.toDoubleArray());
    }

    @Test
    void writesTheBytesNumpyWrites() {
        for (Map.Entry<String, Tensor> e : Golden.arrays().entrySet()) {
            assertArrayEquals(Golden.bytes(e.getKey() + ".npy"), Npy.toBytes(e.getValue()), e.getKey());
        }
    }

    @Test
    void readsWhatNumpyWrites() throws IOException {
        for (Map.Entry<String, Tensor> e : Golden.arrays().entrySet()) {
            assertTensorEquals(e.getValue(), Npy.fromBytes(Golden.bytes(e.getKey() + ".npy"), e.getKey()));
        }
    }

    @Test
    void readsFortranOrderAsCOrder() throws IOException {
        Tensor t = Npy.fromBytes(Golden.bytes("fortran.npy"), "fortran.npy");
        assertTensorEquals(Golden.arrays().get("cube"), t);
        assertTrue(t.isContiguous());
    }

    @Test
    void writesStridedViewsInLogicalOrder() throws IOException {
        Tensor cube = Golden.arrays().get("cube");
        Tensor view = cube.permute(2, 0, 1);
        Path p = dir.resolve("v.npy");
        Npy.write(p, view);
        assertTensorEquals(view.contiguous(), Npy.read(p));
    }

    @Test
    void roundTripsEveryDtypeThroughAFile() throws IOException {
        for (DType d : DType.values()) {
            Tensor t = Tensor.arange(DType.FLOAT64, -3, 9, 1).reshape(3, 4).to(d);
            Path p = dir.resolve(d + ".npy");
            Npy.write(p, t);
            assertTensorEquals(t, Npy.read(p));
        }
    }

    @Test
    void truncatedFileNamesFileAndOffset() throws IOException {
        byte[] g = Golden.bytes("f64.npy");
        Path p = dir.resolve("cut.npy");
        Files.write(p, Arrays.copyOf(g, g.length - 3));
        MalformedFileException e = assertThrows(MalformedFileException.class, () -> Npy.read(p));
        assertTrue(e.getMessage().contains("cut.npy"), e.getMessage());
        assertTrue(e.getMessage().contains("byte offset 128"), e.getMessage());
    }

    @Test
    void wrongMagicIsRejected() {
        byte[] g = Golden.bytes("f64.npy");
        g[1] = 'X';
        MalformedFileException e = assertThrows(MalformedFileException.class, () -> Npy.fromBytes(g, "m.npy"));
        assertTrue(e.getMessage().contains("magic"), e.getMessage());
    }

    @Test
    void hugeShapeOnATinyFileFailsBeforeAllocating() {
        byte[] g = Golden.bytes("f64.npy");
        String h = new String(g, 10, 118, StandardCharsets.ISO_8859_1).replace("(5,)", "(99999999,)");
        byte[] bad = g.clone();
        System.arraycopy(h.getBytes(StandardCharsets.ISO_8859_1), 0, bad, 10, 118);
        MalformedFileException e = assertThrows(MalformedFileException.class, () -> Npy.fromBytes(bad, "big.npy"));
        assertTrue(e.getMessage().contains("only 40 remain"), e.getMessage());
    }

    @Test
    void unsupportedDtypeIsNamed() {
        byte[] g = Golden.bytes("f64.npy");
        String h = new String(g, 10, 118, StandardCharsets.ISO_8859_1).replace("<f8", ">f8");
        byte[] bad = g.clone();
        System.arraycopy(h.getBytes(StandardCharsets.ISO_8859_1), 0, bad, 10, 118);
        MalformedFileException e = assertThrows(MalformedFileException.class, () -> Npy.fromBytes(bad, "be.npy"));
        assertTrue(e.getMessage().contains(">f8"), e.getMessage());
    }

    @Test
    void trailingBytesAreRejected() {
        byte[] g = Golden.bytes("f64.npy");
        assertThrows(MalformedFileException.class, () -> Npy.fromBytes(Arrays.copyOf(g, g.length + 1), "t.npy"));
    }
}
