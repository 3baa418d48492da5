package io.vecgrad.tensor.io;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * NumPy's {@code .npy} format: a magic string, a version, a Python-dict header
 * ({@code descr}, {@code fortran_order}, {@code shape}) and the raw elements.
 *
 * <p>Supported element types are the five vecgrad dtypes in little-endian form:
 * {@code '<f4'} FLOAT32, {@code '<f8'} FLOAT64, {@code '<i4'} INT32, {@code '<i8'} INT64 and
 * {@code '|b1'} BOOL. Writing produces exactly the bytes {@code numpy.save} produces (format
 * 1.0, header padded to 64 bytes, C order). Reading accepts format versions 1, 2 and 3 and
 * Fortran-ordered arrays (returned as a C-ordered copy).
 *
 * <pre>{@code
 * Npy.write(Path.of("w.npy"), Tensor.of(new float[] {1, 2, 3, 4}, 2, 2));
 * Tensor w = Npy.read(Path.of("w.npy"));   // float32, shape [2, 2]
 * }</pre>
 */
public final class Npy {
    /** Longest header accepted; numpy itself refuses headers over 10,000 bytes by default. */
    public static final int MAX_HEADER = 1 << 16;
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;

    private Npy() {}

    // ---------------------------------------------------------------- writing

    /** Writes {@code t} to {@code path} atomically (temp file + rename). */
    public static void write(Path path, Tensor t) throws IOException {
        AtomicFiles.write(path, out -> write(out, t));
    }

    /** Writes the {@code .npy} bytes of {@code t} to {@code out}. */
    public static void write(OutputStream out, Tensor t) throws IOException {
        out.write(header(t));
        out.write(ElementBytes.encode(t));
    }

    /** The complete {@code .npy} bytes of {@code t}. */
    public static byte[] toBytes(Tensor t) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(out, t);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
        return out.toByteArray();
    }

    private static byte[] header(Tensor t) {
        StringBuilder dict = new StringBuilder("{'descr': '").append(descr(t.dtype()))
                .append("', 'fortran_order': False, 'shape': (");
        int[] shape = t.shape();
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) dict.append(", ");
            dict.append(shape[i]);
        }
        if (shape.length == 1) dict.append(',');
        dict.append("), }");
        boolean v1 = dict.length() + 1 + 10 < 65536;
        int prefix = v1 ? 10 : 12;
        int total = prefix + dict.length() + 1;
        int pad = (ALIGN - total % ALIGN) % ALIGN;
        dict.append(" ".repeat(pad)).append('\n');
        byte[] h = dict.toString().getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream(prefix + h.length);
        out.writeBytes(MAGIC);
        out.write(v1 ? 1 : 2);
        out.write(0);
        out.write(h.length & 0xFF);
        out.write((h.length >>> 8) & 0xFF);
        if (!v1) {
            out.write((h.length >>> 16) & 0xFF);
            out.write((h.length >>> 24) & 0xFF);
        }
        out.writeBytes(h);
        return out.toByteArray();
    }

    static String descr(DType d) {
        switch (d) {
            case FLOAT32: return "<f4";
            case FLOAT64: return "<f8";
            case INT32: return "<i4";
            case INT64: return "<i8";
            default: return "|b1";
        }
    }

    static DType dtypeOf(String descr) {
        switch (descr) {
            case "<f4": return DType.FLOAT32;
            case "<f8": return DType.FLOAT64;
            case "<i4": return DType.INT32;
            case "<i8": return DType.INT64;
            case "|b1": return DType.BOOL;
            default: return null;
        }
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads a {@code .npy} file.
     *
     * @throws MalformedFileException when the bytes are not a well-formed npy of a supported
     *     dtype, or the header claims more data than the file holds
     */
    public static Tensor read(Path path) throws IOException {
        long size = Files.size(path);
        try (InputStream in = Files.newInputStream(path)) {
            Tensor t = read(new ByteSource(new java.io.BufferedInputStream(in, 1 << 16), path.toString(), size));
            return t;
        }
    }

    /** Reads {@code .npy} bytes held in memory; {@code name} appears in error messages. */
    public static Tensor fromBytes(byte[] bytes, String name) throws IOException {
        return read(new ByteSource(new ByteArrayInputStream(bytes), name, bytes.length));
    }

    /**
     * Reads one array from {@code src} and checks nothing follows when the size is known.
     * Used by {@link Npz} for zip entries of unknown size.
     */
    public static Tensor read(ByteSource src) throws IOException {
        byte[] magic = src.read(MAGIC.length + 2, "npy magic and version");
        for (int i = 0; i < MAGIC.length; i++) {
            if (magic[i] != MAGIC[i]) throw src.errorAt(0, "not an npy file: wrong magic number");
        }
        int major = magic[6];
        long headerLen;
        if (major == 1) headerLen = src.readU16LE("npy header length");
        else if (major == 2 || major == 3) headerLen = src.readU32LE("npy header length");
        else throw src.errorAt(6, "unsupported npy format version " + major + "." + magic[7]);
        if (headerLen > MAX_HEADER) throw src.error("npy header of " + headerLen + " bytes exceeds the limit of " + MAX_HEADER);
        long headerAt = src.offset();
        byte[] hb = src.read(headerLen, "npy header");
        String text = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Header h;
        try {
            h = Header.parse(text);
        } catch (IllegalArgumentException e) {
            throw src.errorAt(headerAt, "bad npy header: " + e.getMessage());
        }
        DType dtype = dtypeOf(h.descr);
        if (dtype == null) throw src.errorAt(headerAt, "unsupported npy dtype '" + h.descr + "' (supported: <f4 <f8 <i4 <i8 |b1)");
        long bytes = ElementBytes.byteCount(dtype, h.shape);
        if (bytes < 0) throw src.errorAt(headerAt, "npy " + ElementBytes.tooManyElements(h.shape));
        long dataAt = src.offset();
        byte[] data = src.read(bytes, "npy data of shape " + shapeStr(h.shape));
        if (src.remaining() > 0) throw src.error(src.remaining() + " unexpected bytes after the npy data (starting at " + dataAt + ")");
        int[] shape = new int[h.shape.length];
        for (int i = 0; i < shape.length; i++) shape[i] = (int) h.shape[i];
        if (!h.fortran) return ElementBytes.decode(dtype, shape, data, 0);
        int[] reversed = new int[shape.length];
        int[] order = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            reversed[i] = shape[shape.length - 1 - i];
            order[i] = shape.length - 1 - i;
        }
        return ElementBytes.decode(dtype, reversed, data, 0).permute(order).contiguous();
    }

    private static String shapeStr(long[] shape) {
        return java.util.Arrays.toString(shape);
    }

    /** The parsed header dict: exactly the keys descr, fortran_order and shape. */
    private static final class Header {
        String descr;
        Boolean fortran;
        long[] shape;
        private final String s;
        private int pos;

        private Header(String s) {
            this.s = s;
        }

        static Header parse(String text) {
            Header h = new Header(text);
            h.dict();
            if (h.descr == null || h.fortran == null || h.shape == null) {
                throw new IllegalArgumentException("header must have 'descr', 'fortran_order' and 'shape'");
            }
            return h;
        }

        private void dict() {
            ws();
            expect('{');
            while (true) {
                ws();
                if (peek() == '}') { pos++; break; }
                String key = str();
                ws();
                expect(':');
                ws();
                switch (key) {
                    case "descr": if (descr != null) throw fail("duplicate key 'descr'"); descr = str(); break;
                    case "fortran_order": if (fortran != null) throw fail("duplicate key 'fortran_order'"); fortran = bool(); break;
                    case "shape": if (shape != null) throw fail("duplicate key 'shape'"); shape = tuple(); break;
                    default: throw fail("unexpected key '" + key + "'");
                }
                ws();
                if (peek() == ',') pos++;
                else if (peek() != '}') throw fail("expected ',' or '}'");
            }
            ws();
            if (pos != s.length()) throw fail("unexpected text after the header dict");
        }

        private String str() {
            char q = peek();
            if (q != '\'' && q != '"') throw fail("expected a quoted string");
            int end = s.indexOf(q, pos + 1);
            if (end < 0) throw fail("unterminated string");
            String v = s.substring(pos + 1, end);
            pos = end + 1;
            return v;
        }

        private boolean bool() {
            if (s.startsWith("True", pos)) { pos += 4; return true; }
            if (s.startsWith("False", pos)) { pos += 5; return false; }
            throw fail("expected True or False");
        }

        private long[] tuple() {
            expect('(');
            List<Long> dims = new ArrayList<>();
            while (true) {
                ws();
                if (peek() == ')') { pos++; break; }
                int start = pos;
                while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') pos++;
                if (pos == start) throw fail("expected a non-negative integer dimension");
                String digits = s.substring(start, pos);
                // quote the whole number as written: a dimension is never cut to its first digits
                if (digits.length() > 10 || Long.parseLong(digits) > Integer.MAX_VALUE) {
                    String shown = digits.length() <= 40 ? digits : digits.substring(0, 20) + "…(" + digits.length() + " digits)";
                    throw fail("dimension " + shown + " exceeds the largest supported size " + Integer.MAX_VALUE);
                }
                long d = Long.parseLong(digits);
                dims.add(d);
                if (dims.size() > 32) throw fail("more than 32 dimensions");
                ws();
                if (peek() == ',') pos++;
                else if (peek() != ')') throw fail("expected ',' or ')'");
            }
            long[] out = new long[dims.size()];
            for (int i = 0; i < out.length; i++) out[i] = dims.get(i);
            return out;
        }

        private void ws() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\n')) pos++;
        }

        private char peek() {
            if (pos >= s.length()) throw fail("unexpected end of header");
            return s.charAt(pos);
        }

        private void expect(char c) {
            if (peek() != c) throw fail("expected '" + c + "'");
            pos++;
        }

        private IllegalArgumentException fail(String what) {
            return new IllegalArgumentException(what + " at header character " + pos);
        }
    }
}
