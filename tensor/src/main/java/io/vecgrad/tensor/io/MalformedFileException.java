package io.vecgrad.tensor.io;

import java.io.IOException;

/**
 * A file (or stream) whose bytes do not follow its format: wrong magic number, a header that
 * claims more data than the file holds, inconsistent offsets or shapes. The message names the
 * source and where in it the problem was found; no partial result is ever returned.
 *
 * <pre>{@code
 * try {
 *     Tensor t = Npy.read(path);
 * } catch (MalformedFileException e) {
 *     System.err.println(e.source() + " @ " + e.location() + ": " + e.getMessage());
 * }
 * }</pre>
 */
public class MalformedFileException extends IOException {
    private final String source;
    private final String location;
    private final String detail;

    /** A problem found at a byte offset of {@code source}. */
    public MalformedFileException(String source, long byteOffset, String detail) {
        this(source, "byte offset " + byteOffset, detail, null);
    }

    /** A problem at a byte offset, caused by a lower-level failure (e.g. a zip error). */
    public MalformedFileException(String source, long byteOffset, String detail, Throwable cause) {
        this(source, "byte offset " + byteOffset, detail, cause);
    }

    /** For subclasses that locate problems differently (e.g. by line number). */
    protected MalformedFileException(String source, String location, String detail, Throwable cause) {
        super(source + " (" + location + "): " + detail, cause);
        this.source = source;
        this.location = location;
        this.detail = detail;
    }

    /** The file name or stream description the bytes came from. */
    public String source() {
        return source;
    }

    /** What is wrong, without the source and location. */
    public String detail() {
        return detail;
    }

    /** Where in the source, e.g. "byte offset 128" or "line 7". */
    public String location() {
        return location;
    }
}
