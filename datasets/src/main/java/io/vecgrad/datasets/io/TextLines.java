package io.vecgrad.datasets.io;

import io.vecgrad.datasets.DatasetFormatException;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Lines of a text data file (UTF-8, gzip detected from the magic bytes), with the line
 * number for error messages and a cap on line length so a file without newlines cannot
 * exhaust memory. Accepts \n, \r\n and \r line ends.
 */
final class TextLines implements AutoCloseable {
    /** Longest line accepted, in characters. */
    static final int MAX_LINE = 1 << 20;

    private final Reader in;
    private final String name;
    private final StringBuilder sb = new StringBuilder();
    private long line;

    TextLines(InputStream raw, String name) throws IOException {
        BufferedInputStream buf = new BufferedInputStream(raw, 1 << 16);
        buf.mark(2);
        int b0 = buf.read();
        int b1 = buf.read();
        buf.reset();
        InputStream src = buf;
        if (b0 == 0x1f && b1 == 0x8b) {
            try {
                src = new GZIPInputStream(buf, 1 << 16);
            } catch (ZipException | java.io.EOFException e) {
                throw new DatasetFormatException(name, 0, "damaged gzip header: " + e.getMessage());
            }
        }
        this.in = new BufferedReader(new InputStreamReader(src, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
        this.name = name;
    }

    String name() {
        return name;
    }

    /** Number of the line last returned (1-based). */
    long lineNumber() {
        return line;
    }

    /** A problem on the line last returned; before any line, a problem of the whole file. */
    DatasetFormatException error(String detail) {
        return line == 0 ? DatasetFormatException.inFile(name, detail) : DatasetFormatException.atLine(name, line, detail);
    }

    /** A problem of the file as a whole (no line to point at). */
    DatasetFormatException fileError(String detail) {
        return DatasetFormatException.inFile(name, detail);
    }

    /** The next line without its terminator, or null at end of file. */
    String next() throws IOException {
        sb.setLength(0);
        try {
            int c = in.read();
            if (c < 0) return null;
            line++;
            while (c >= 0 && c != '\n' && c != '\r') {
                if (sb.length() >= MAX_LINE) throw error("line longer than " + MAX_LINE + " characters");
                sb.append((char) c);
                c = in.read();
            }
            if (c == '\r') {
                in.mark(1);
                if (in.read() != '\n') in.reset();
            }
            return sb.toString();
        } catch (CharacterCodingException e) {
            throw error("not valid UTF-8 text");
        } catch (ZipException | java.io.EOFException e) {
            throw error("damaged gzip stream: " + e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
