package io.vecgrad.datasets;

import io.vecgrad.tensor.io.MalformedFileException;

/**
 * A data file that does not follow its format (IDX, CSV, LIBSVM, …). The message names the
 * file and the line (text formats) or byte offset (binary formats). Readers throw it before
 * returning anything: there are no partial datasets. It is a {@link MalformedFileException},
 * so one {@code catch} also covers NPY/NPZ/safetensors errors from {@code tensor.io}.
 *
 * <pre>{@code
 * try {
 *     LibSvm.Data d = LibSvm.read(path, LibSvm.Options.defaults());
 * } catch (DatasetFormatException e) {
 *     System.err.println(e.getMessage());   // "a9a.txt (line 17): feature index 0; LIBSVM indices start at 1"
 * }
 * }</pre>
 */
public class DatasetFormatException extends MalformedFileException {
    /** A problem at a byte offset of a binary file. */
    public DatasetFormatException(String source, long byteOffset, String detail) {
        super(source, byteOffset, detail);
    }

    private DatasetFormatException(String source, String location, String detail, Throwable cause) {
        super(source, location, detail, cause);
    }

    /** The same problem reported by the shared byte reader of {@code tensor.io}, as a dataset error. */
    public static DatasetFormatException from(MalformedFileException e) {
        if (e instanceof DatasetFormatException) return (DatasetFormatException) e;
        return new DatasetFormatException(e.source(), e.location(), e.detail(), e);
    }

    /** A problem of the file as a whole (e.g. it holds no data), not of one line or offset. */
    public static DatasetFormatException inFile(String source, String detail) {
        return new DatasetFormatException(source, "whole file", detail, null);
    }

    /** A problem on a (1-based) line of a text file. */
    public static DatasetFormatException atLine(String source, long line, String detail) {
        return new DatasetFormatException(source, "line " + line, detail, null);
    }
}
