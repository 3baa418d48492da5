package io.vecgrad.datasets.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vecgrad.datasets.DatasetFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The messages outside testing found wrong or missing (issue 20), checked word for word. */
class BadInputMessagesTest {

    static DatasetFormatException libsvm(String text) {
        return assertThrows(DatasetFormatException.class, () -> LibSvm.read(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "t.svm", new LibSvm.Options()));
    }

    static DatasetFormatException csv(String text, Csv.Options o) {
        return assertThrows(DatasetFormatException.class, () -> Csv.read(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "t.csv", o));
    }

    @Test
    void emptyLibSvmFileIsRejectedLikeEveryOtherReader() {
        String noExamples = "t.svm (whole file): no examples: the file is empty or holds only blank lines and comments";
        assertEquals(noExamples, libsvm("").getMessage());
        assertEquals(noExamples, libsvm("\n  \n# only a comment\n").getMessage());
    }

    @Test
    void libSvmIndexTooLargeForAnIntIsCalledTooLarge() {
        assertEquals("t.svm (line 2): feature index 2147483648 exceeds the largest supported index 2147483647",
                libsvm("1 1:1\n-1 2147483648:1\n").getMessage());
        assertEquals("t.svm (line 1): feature index 99999999999999999999999 exceeds the largest supported index 2147483647",
                libsvm("1 99999999999999999999999:1\n").getMessage());
        assertEquals("t.svm (line 1): feature index '-3' is not a positive integer", libsvm("1 -3:1\n").getMessage());
    }

    @Test
    void libSvmLargestIntIndexIsAccepted() throws IOException {
        LibSvm.Data d = LibSvm.read(new ByteArrayInputStream("1 2147483647:1\n".getBytes(StandardCharsets.UTF_8)), "t.svm", new LibSvm.Options());
        assertEquals(Integer.MAX_VALUE, d.x().cols());
    }

    @Test
    void idxOverflowQuotesTheWholeShapeAndItsElementCount() {
        ByteBuffer b = ByteBuffer.allocate(20);
        b.putInt(0x00000804).putInt(65536).putInt(65536).putInt(3).putInt(7);   // first two alone overflow
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> Idx.read(new ByteArrayInputStream(b.array()), "big.idx"));
        assertEquals("big.idx (byte offset 4): IDX shape [65536, 65536, 3, 7] has 90194313216 elements,"
                + " more than the 2147483631 one tensor can hold", e.getMessage());
    }

    @Test
    void csvColumnsCountFromZeroLikeLabelIndexAndNameTheHeader() {
        assertEquals("t.csv (line 3): column 1 ('b'): 'x7' is not a number",
                csv("a,b\n1,2\n3,x7\n", new Csv.Options()).getMessage());
        assertEquals("t.csv (line 2): column 0: 'q' is not a number",
                csv("1,2\nq,4\n", new Csv.Options().header(false)).getMessage());
        assertEquals("t.csv (line 2): column 2 ('y'): label '0.5' is not an integer",
                csv("a,b,y\n1,2,0.5\n", new Csv.Options().label(2).integerLabels(true)).getMessage());
        assertEquals("t.csv (line 4): expected 2 columns, found 3 (the header on line 2 has 2)",
                csv("\na,b\n1,2\n1,2,3\n", new Csv.Options()).getMessage());
        assertEquals("t.csv (line 1): label column 2 outside the 2 columns (indices 0..1, or -1..-2 from the end) of the header [a, b]",
                csv("a,b\n1,2\n", new Csv.Options().label(2)).getMessage());
        assertEquals("t.csv (line 1): no column named 'c' in the header [a, b]",
                csv("a,b\n1,2\n", new Csv.Options().label("c")).getMessage());
    }

    @Test
    void emptyAndHeaderOnlyCsvAreRejectedWithoutALineZero() {
        assertEquals("t.csv (whole file): empty CSV file: no header and no rows", csv("", new Csv.Options()).getMessage());
        assertEquals("t.csv (whole file): empty CSV file: no header and no rows", csv("\n \n", new Csv.Options()).getMessage());
        assertEquals("t.csv (whole file): no data rows after the header on line 1 [a, b]",
                csv("a,b\n\n", new Csv.Options()).getMessage());
    }
}
