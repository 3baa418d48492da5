package io.vecgrad.datasets.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.datasets.DatasetFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LibSvmTest {
    static LibSvm.Data read(String text, LibSvm.Options o) throws IOException {
        return LibSvm.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "t.svm", o);
    }

    @Test
    void parsesSparseRowsCommentsAndQid() throws IOException {
        LibSvm.Data d = read("+1 1:0.5 3:2\n# a comment line\n-1 qid:3 2:-1   # trailing\n-1\n", new LibSvm.Options());
        assertEquals(3, d.size());
        assertEquals(3, d.x().cols());
        assertArrayEquals(new double[] {0.5, 0, 2, 0, -1, 0, 0, 0, 0}, d.x().toDense().toDoubleArray());
        assertArrayEquals(new double[] {1, -1, -1}, d.signs().toDoubleArray());
        assertArrayEquals(new long[] {1, 0, 0}, d.classIndices().toLongArray());
        assertArrayEquals(new int[] {2, 3}, d.get(new int[] {2, 0}).x().shape());
    }

    @Test
    void multiclassAndFixedFeatureCount() throws IOException {
        LibSvm.Data d = read("3 2:1\n1 1:1\n2 5:1\n", new LibSvm.Options().features(6));
        assertEquals(6, d.x().cols());
        assertArrayEquals(new long[] {2, 0, 1}, d.classIndices().toLongArray());
        assertThrows(IllegalArgumentException.class, d::signs);
    }

    @Test
    void rejectsIndexZeroUnsortedAndGarbageNamingTheLine() {
        DatasetFormatException zero = assertThrows(DatasetFormatException.class, () -> read("1 1:1\n1 0:2\n", new LibSvm.Options()));
        assertTrue(zero.getMessage().contains("t.svm (line 2)") && zero.getMessage().contains("index 0"), zero.getMessage());
        DatasetFormatException unsorted = assertThrows(DatasetFormatException.class, () -> read("1 3:1 2:1\n", new LibSvm.Options()));
        assertTrue(unsorted.getMessage().contains("increasing"), unsorted.getMessage());
        assertThrows(DatasetFormatException.class, () -> read("1 2:1 2:1\n", new LibSvm.Options()));
        assertThrows(DatasetFormatException.class, () -> read("1 2:x\n", new LibSvm.Options()));
        assertThrows(DatasetFormatException.class, () -> read("yes 2:1\n", new LibSvm.Options()));
        assertThrows(DatasetFormatException.class, () -> read("1 7:1\n", new LibSvm.Options().features(5)));
        assertThrows(DatasetFormatException.class, () -> read("1 2\n", new LibSvm.Options()));
    }
}
