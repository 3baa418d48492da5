package io.vecgrad.datasets.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vecgrad.datasets.DatasetFormatException;
import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.io.Npy;
import io.vecgrad.tensor.io.Npz;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NumpyDataTest {
    @TempDir
    Path dir;

    @Test
    void loadsNpzAndNpyPairs() throws IOException {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("x", Tensor.arange(DType.FLOAT32, 0, 6, 1).reshape(3, 2));
        m.put("y", Tensor.of(new long[] {0, 1, 0}));
        Npz.write(dir.resolve("d.npz"), m, true);
        TensorDataset d = NumpyData.npz(dir.resolve("d.npz"), "x", "y");
        assertArrayEquals(new double[] {2, 3}, d.get(new int[] {1}).x().toDoubleArray());
        Npy.write(dir.resolve("x.npy"), m.get("x"));
        Npy.write(dir.resolve("y.npy"), m.get("y"));
        assertArrayEquals(new long[] {0}, NumpyData.npy(dir.resolve("x.npy"), dir.resolve("y.npy")).get(new int[] {2}).y().toLongArray());
        assertThrows(DatasetFormatException.class, () -> NumpyData.npz(dir.resolve("d.npz"), "x", "labels"));
        Npy.write(dir.resolve("y4.npy"), Tensor.zeros(4));
        assertThrows(DatasetFormatException.class, () -> NumpyData.npy(dir.resolve("x.npy"), dir.resolve("y4.npy")));
        Files.write(dir.resolve("junk.npz"), new byte[] {1, 2, 3});
        assertThrows(DatasetFormatException.class, () -> NumpyData.npz(dir.resolve("junk.npz"), "x", null));
    }
}
