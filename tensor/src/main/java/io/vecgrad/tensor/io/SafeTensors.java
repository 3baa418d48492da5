package io.vecgrad.tensor.io;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format (Hugging Face): an 8-byte little-endian header length, a JSON header
 * mapping each tensor name to {@code {"dtype", "shape", "data_offsets": [begin, end]}} (offsets
 * relative to the data buffer) plus an optional {@code "__metadata__"} string map, then the
 * data buffer. Dtypes: {@code F32, F64, I32, I64, BOOL}.
 *
 * <p>The writer emits compact JSON with {@code __metadata__} first (when non-empty), tensors in
 * map order and back to back, and pads the header with spaces to a multiple of 8 bytes. The
 * reader checks the header length against the file size before allocating, and requires the
 * tensors to tile the data buffer exactly (no gaps, overlaps or trailing bytes), as the
 * reference implementation does.
 *
 * <pre>{@code
 * Map<String, Tensor> params = new LinkedHashMap<>();
 * params.put("fc.weight", Tensor.zeros(10, 784));
 * SafeTensors.write(Path.of("model.safetensors"), params, Map.of("step", "1000"));
 * Map<String, Tensor> back = SafeTensors.read(Path.of("model.safetensors"));
 * Map<String, String> meta = SafeTensors.readMetadata(Path.of("model.safetensors"));
 * }</pre>
 */
public final class SafeTensors {
    /** Largest header accepted (the reference implementation's limit). */
    public static final long MAX_HEADER = 100L << 20;
    static final String METADATA = "__metadata__";

    private SafeTensors() {}

    /** A parsed file: tensors in file order and the metadata map (empty when absent). */
    public static final class Contents {
        private final Map<String, Tensor> tensors;
        private final Map<String, String> metadata;

        Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
            this.tensors = Collections.unmodifiableMap(tensors);
            this.metadata = Collections.unmodifiableMap(metadata);
        }

        public Map<String, Tensor> tensors() {
            return tensors;
        }

        public Map<String, String> metadata() {
            return metadata;
        }
    }

    // ---------------------------------------------------------------- writing

    /** Writes the tensors (in map order) and metadata atomically. */
    public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        AtomicFiles.write(path, out -> write(out, tensors, metadata));
    }

    /** Writes the tensors without metadata. */
    public static void write(Path path, Map<String, Tensor> tensors) throws IOException {
        write(path, tensors, Map.of());
    }

    /** Writes the safetensors bytes to {@code out}. */
    public static void write(OutputStream out, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        if (metadata != null && !metadata.isEmpty()) header.put(METADATA, new LinkedHashMap<>(metadata));
        List<byte[]> blobs = new ArrayList<>();
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey().equals(METADATA)) throw new IllegalArgumentException("SafeTensors.write: '" + METADATA + "' is reserved");
            Tensor t = e.getValue();
            byte[] blob = ElementBytes.encode(t);
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", code(t.dtype()));
            List<Object> shape = new ArrayList<>();
            for (int s : t.shape()) shape.add((long) s);
            info.put("shape", shape);
            info.put("data_offsets", List.of(offset, offset + blob.length));
            header.put(e.getKey(), info);
            blobs.add(blob);
            offset += blob.length;
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] head = Arrays.copyOf(json, padded);
        Arrays.fill(head, json.length, padded, (byte) ' ');
        byte[] len = new byte[8];
        for (int i = 0; i < 8; i++) len[i] = (byte) ((long) padded >>> (8 * i));
        out.write(len);
        out.write(head);
        for (byte[] b : blobs) out.write(b);
    }

    /** The complete safetensors bytes. */
    public static byte[] toBytes(Map<String, Tensor> tensors, Map<String, String> metadata) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(out, tensors, metadata);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
        return out.toByteArray();
    }

    static String code(DType d) {
        switch (d) {
            case FLOAT32: return "F32";
            case FLOAT64: return "F64";
            case INT32: return "I32";
            case INT64: return "I64";
            default: return "BOOL";
        }
    }

    static DType dtypeOf(String code) {
        switch (code) {
            case "F32": return DType.FLOAT32;
            case "F64": return DType.FLOAT64;
            case "I32": return DType.INT32;
            case "I64": return DType.INT64;
            case "BOOL": return DType.BOOL;
            default: return null;
        }
    }

    // ---------------------------------------------------------------- reading

    /** The tensors of a file, in file (data offset) order. */
    public static Map<String, Tensor> read(Path path) throws IOException {
        return readAll(path).tensors();
    }

    /** The {@code __metadata__} map of a file (empty when absent). */
    public static Map<String, String> readMetadata(Path path) throws IOException {
        return readAll(path).metadata();
    }

    /** Tensors and metadata of a file. */
    public static Contents readAll(Path path) throws IOException {
        long size = Files.size(path);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            return read(new ByteSource(in, path.toString(), size));
        }
    }

    /** Parses safetensors bytes held in memory; {@code name} appears in error messages. */
    public static Contents fromBytes(byte[] bytes, String name) throws IOException {
        return read(new ByteSource(new ByteArrayInputStream(bytes), name, bytes.length));
    }

    private static Contents read(ByteSource src) throws IOException {
        long n = src.readI64LE("safetensors header length");
        if (n < 2 || n > MAX_HEADER) throw src.errorAt(0, "safetensors header length " + Long.toUnsignedString(n) + " is outside [2, " + MAX_HEADER + "]");
        byte[] hb = src.read(n, "safetensors header");
        String text = new String(hb, StandardCharsets.UTF_8);
        Map<String, Object> header;
        try {
            header = Json.parseObject(text);
        } catch (IllegalArgumentException e) {
            throw src.errorAt(8, "bad safetensors header: " + e.getMessage());
        }
        long dataAt = 8 + n;
        Map<String, String> metadata = metadata(src, header.remove(METADATA));
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Object> e : header.entrySet()) entries.add(entry(src, e.getKey(), e.getValue()));
        entries.sort((a, b) -> Long.compare(a.begin, b.begin));
        long expected = 0;
        for (Entry e : entries) {
            if (e.begin != expected) {
                throw src.errorAt(dataAt + e.begin, "tensor '" + e.name + "' data_offsets " + e.begin + ".." + e.end
                        + (e.begin < expected ? " overlap the previous tensor" : " leave a gap after offset " + expected));
            }
            expected = e.end;
        }
        byte[] data = src.read(expected, "safetensors data buffer");
        if (src.remaining() > 0) throw src.error(src.remaining() + " bytes after the last tensor are not described by the header");
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Entry e : entries) tensors.put(e.name, ElementBytes.decode(e.dtype, e.shape, data, (int) e.begin));
        return new Contents(tensors, metadata);
    }

    private static final class Entry {
        String name;
        DType dtype;
        int[] shape;
        long begin;
        long end;
    }

    private static Map<String, String> metadata(ByteSource src, Object value) throws MalformedFileException {
        Map<String, String> out = new LinkedHashMap<>();
        if (value == null) return out;
        if (!(value instanceof Map)) throw src.errorAt(8, "'" + METADATA + "' must be an object of strings");
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
            if (!(e.getValue() instanceof String)) throw src.errorAt(8, "'" + METADATA + "' value for '" + e.getKey() + "' is not a string");
            out.put((String) e.getKey(), (String) e.getValue());
        }
        return out;
    }

    private static Entry entry(ByteSource src, String name, Object value) throws MalformedFileException {
        String what = "tensor '" + name + "'";
        if (!(value instanceof Map)) throw src.errorAt(8, what + " must be described by an object");
        Map<?, ?> m = (Map<?, ?>) value;
        Entry e = new Entry();
        e.name = name;
        Object dt = m.get("dtype");
        e.dtype = dt instanceof String ? dtypeOf((String) dt) : null;
        if (e.dtype == null) throw src.errorAt(8, what + ": unsupported dtype " + dt + " (supported: F32 F64 I32 I64 BOOL)");
        long[] shape = longs(src, what + " shape", m.get("shape"), 32);
        long bytes = ElementBytes.byteCount(e.dtype, shape);
        if (bytes < 0) {
            for (long d : shape) if (d < 0) throw src.errorAt(8, what + ": negative dimension in shape " + Arrays.toString(shape));
            throw src.errorAt(8, what + ": " + ElementBytes.tooManyElements(shape));
        }
        e.shape = new int[shape.length];
        for (int i = 0; i < shape.length; i++) e.shape[i] = (int) shape[i];
        long[] off = longs(src, what + " data_offsets", m.get("data_offsets"), 2);
        if (off.length != 2 || off[0] < 0 || off[1] < off[0]) {
            throw src.errorAt(8, what + ": data_offsets " + Arrays.toString(off) + " must be [begin, end] with 0 <= begin <= end");
        }
        if (off[1] - off[0] != bytes) {
            throw src.errorAt(8, what + ": data_offsets span " + (off[1] - off[0]) + " bytes but shape "
                    + Arrays.toString(shape) + " of " + dt + " needs " + bytes);
        }
        if (m.size() != 3) throw src.errorAt(8, what + ": expected exactly the keys dtype, shape, data_offsets");
        e.begin = off[0];
        e.end = off[1];
        return e;
    }

    private static long[] longs(ByteSource src, String what, Object value, int maxLen) throws MalformedFileException {
        if (!(value instanceof List)) throw src.errorAt(8, what + " must be an array of integers");
        List<?> l = (List<?>) value;
        if (l.size() > maxLen) throw src.errorAt(8, what + " has more than " + maxLen + " entries");
        long[] out = new long[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof Long)) throw src.errorAt(8, what + " must be an array of integers");
            out[i] = (Long) l.get(i);
        }
        return out;
    }
}
