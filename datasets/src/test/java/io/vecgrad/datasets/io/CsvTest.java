package io.vecgrad.datasets.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.datasets.DatasetFormatException;
import io.vecgrad.tensor.DType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {
    static Csv.Table read(String text, Csv.Options o) throws IOException {
        return Csv.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "t.csv", o);
    }

    @Test
    void headerAndLabelByName() throws IOException {
        Csv.Table t = read("a, y ,b\r\n1,0,2\n\n3.5e1,1,-4\n", new Csv.Options().label("y").integerLabels(true));
        assertEquals(List.of("a", "b"), t.featureNames());
        assertArrayEquals(new double[] {1, 2, 35, -4}, t.features().toDoubleArray());
        assertArrayEquals(new long[] {0, 1}, t.labels().toLongArray());
        assertEquals(DType.INT64, t.labels().dtype());
    }

    @Test
    void noHeaderLabelByIndexAndNoLabel() throws IOException {
        Csv.Table t = read("1;2;3\n4;5;6", new Csv.Options().header(false).delimiter(';').label(0).dtype(DType.FLOAT32));
        assertArrayEquals(new double[] {1, 4}, t.labels().toDoubleArray());
        assertArrayEquals(new int[] {2, 2}, t.features().shape());
        assertNull(read("1,2\n", new Csv.Options().header(false)).labels());
    }

    @Test
    void errorsNameLineAndColumn() {
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> read("a,b\n1,2\n3,x7\n", new Csv.Options()));
        assertTrue(e.getMessage().contains("t.csv (line 3)") && e.getMessage().contains("column 1 ('b')"), e.getMessage());
        assertThrows(DatasetFormatException.class, () -> read("a,b\n1,2,3\n", new Csv.Options()));
        assertThrows(DatasetFormatException.class, () -> read("a,b\n1,2\n", new Csv.Options().label("c")));
        assertThrows(DatasetFormatException.class, () -> read("a,b\n1,0.5\n", new Csv.Options().label(-1).integerLabels(true)));
        assertThrows(DatasetFormatException.class, () -> read("", new Csv.Options()));
        assertThrows(DatasetFormatException.class, () -> read("a\n0x1p3\n", new Csv.Options()));
    }

    static Csv.Table sklearn(String text) throws IOException {
        return Csv.readSklearn(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "s.csv");
    }

    @Test
    void sklearnFirstLineGivesCountsAndClassNames() throws IOException {
        Csv.Table t = sklearn("2,3,neg,pos\n1,2,3,0\n4,5,6,1\n");
        assertEquals(List.of("neg", "pos"), t.classNames());
        assertArrayEquals(new long[] {0, 1}, t.labels().toLongArray());
        DatasetFormatException few = assertThrows(DatasetFormatException.class, () -> sklearn("3,3,a,b\n1,2,3,0\n"));
        assertTrue(few.getMessage().contains("announced 3"), few.getMessage());
        assertThrows(DatasetFormatException.class, () -> sklearn("1,3,a,b\n1,2,3,0\n1,2,3,1\n"));
        assertThrows(DatasetFormatException.class, () -> sklearn("1,3,a,b\n1,2,3,2\n"));
        assertThrows(DatasetFormatException.class, () -> sklearn("x,3\n1,2,3,0\n"));
    }
}
