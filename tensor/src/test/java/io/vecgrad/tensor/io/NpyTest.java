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

    /** A format-1.0 npy whose header dict is {@code dict} (padded as numpy pads), and no data. */
    static byte[] withHeader(String dict) {
        int pad = (64 - (10 + dict.length() + 1) % 64) % 64;
        byte[] h = (dict + " ".repeat(pad) + "\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[10 + h.length];
        byte[] prefix = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) (h.length & 0xFF), (byte) (h.length >>> 8)};
        System.arraycopy(prefix, 0, out, 0, 10);
        System.arraycopy(h, 0, out, 10, h.length);
        return out;
    }

    @Test
    void tooLargeDimensionIsQuotedWhole() {
        for (String dim : new String[] {"2147483648", "12345678901234567", "99999999999999999999999"}) {
            byte[] bytes = withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (" + dim + ",), }");
            MalformedFileException e = assertThrows(MalformedFileException.class, () -> Npy.fromBytes(bytes, "big.npy"));
            assertTrue(e.getMessage().contains("dimension " + dim + " exceeds the largest supported size 2147483647"), e.getMessage());
        }
        byte[] fits = withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (2147483647,), }");
        MalformedFileException e = assertThrows(MalformedFileException.class, () -> Npy.fromBytes(fits, "fits.npy"));
        assertTrue(e.getMessage().contains("npy shape [2147483647] has 2147483647 elements, more than the 2147483631"), e.getMessage());
    }
}
