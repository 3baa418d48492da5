package io.vecgrad.tensor.io;

import io.vecgrad.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * NumPy's {@code .npz} format: a zip archive of {@code .npy} entries named
 * {@code <key>.npy}, stored ({@code numpy.savez}) or deflated ({@code numpy.savez_compressed}).
 *
 * <pre>{@code
 * Map<String, Tensor> arrays = new LinkedHashMap<>();
 * arrays.put("x", Tensor.zeros(100, 8));
 * arrays.put("y", Tensor.zeros(DType.INT64, 100));
 * Npz.write(Path.of("data.npz"), arrays, true);       // compressed
 * Map<String, Tensor> back = Npz.read(Path.of("data.npz"));  // keys in archive order
 * }</pre>
 */
public final class Npz {
    private Npz() {}

    /** Writes the arrays atomically; {@code compress} selects deflate over store. */
    public static void write(Path path, Map<String, Tensor> arrays, boolean compress) throws IOException {
        AtomicFiles.write(path, out -> write(out, arrays, compress));
    }

    /** Writes the zip archive to {@code out} (which is not closed). */
    public static void write(OutputStream out, Map<String, Tensor> arrays, boolean compress) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(new NonClosing(out));
        for (Map.Entry<String, Tensor> e : arrays.entrySet()) {
            if (e.getKey().isEmpty()) throw new IllegalArgumentException("Npz.write: empty array name");
            byte[] npy = Npy.toBytes(e.getValue());
            ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
            if (compress) {
                entry.setMethod(ZipEntry.DEFLATED);
            } else {
                CRC32 crc = new CRC32();
                crc.update(npy);
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(npy.length);
                entry.setCompressedSize(npy.length);
                entry.setCrc(crc.getValue());
            }
            zip.putNextEntry(entry);
            zip.write(npy);
            zip.closeEntry();
        }
        zip.finish();
    }

    /**
     * Reads every {@code .npy} entry, in archive order, keyed by its name without {@code .npy}.
     *
     * @throws MalformedFileException for a damaged archive, an entry that is not a valid npy,
     *     a non-{@code .npy} entry or a duplicate name
     */
    public static Map<String, Tensor> read(Path path) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            return read(in, path.toString());
        }
    }

    /** Reads npz bytes held in memory; {@code name} appears in error messages. */
    public static Map<String, Tensor> fromBytes(byte[] bytes, String name) throws IOException {
        return read(new ByteArrayInputStream(bytes), name);
    }

    private static Map<String, Tensor> read(InputStream in, String name) throws IOException {
        in.mark(4);
        byte[] sig = in.readNBytes(4);
        in.reset();
        boolean entries = sig.length == 4 && sig[0] == 'P' && sig[1] == 'K' && sig[2] == 3 && sig[3] == 4;
        boolean empty = sig.length == 4 && sig[0] == 'P' && sig[1] == 'K' && sig[2] == 5 && sig[3] == 6;
        if (!entries && !empty) throw new MalformedFileException(name, 0, "not an npz (zip) file: wrong magic number");
        Map<String, Tensor> out = new LinkedHashMap<>();
        ZipInputStream zip = new ZipInputStream(in);
        try {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                String entryName = e.getName();
                String where = name + "!" + entryName;
                if (!entryName.endsWith(".npy")) throw new MalformedFileException(where, 0, "npz entry is not an .npy file");
                String key = entryName.substring(0, entryName.length() - 4);
                if (out.containsKey(key)) throw new MalformedFileException(where, 0, "duplicate npz entry");
                ByteSource src = new ByteSource(zip, where, -1);
                Tensor t = Npy.read(src);
                if (zip.read() >= 0) throw src.error("unexpected bytes after the npy data");
                out.put(key, t);
            }
        } catch (MalformedFileException ex) {
            throw ex;
        } catch (IOException | RuntimeException ex) {
            // ZipException, EOFException, or IllegalArgumentException for undecodable entry names.
            throw new MalformedFileException(name, 0, "damaged zip archive: " + ex.getMessage(), ex);
        }
        return out;
    }

    /** Lets ZipOutputStream.finish() run without closing the caller's stream. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
