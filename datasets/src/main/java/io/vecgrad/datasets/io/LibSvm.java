package io.vecgrad.datasets.io;

import io.vecgrad.datasets.Batch;
import io.vecgrad.datasets.Dataset;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.sparse.CsrMatrix;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.TreeSet;

/**
 * LIBSVM / SVMlight sparse text files (plain or gzip): one example per line,
 * {@code <label> <index>:<value> …  [# comment]}, indices 1-based and strictly increasing.
 * {@code qid:<n>} tokens are skipped. The result is a {@link CsrMatrix} (0-based columns)
 * and the raw labels; {@link Data#classIndices()} maps labels to 0..K-1 and
 * {@link Data#signs()} checks binary ±1 (or 0/1) labels. A file without any example (empty, or
 * only blank and comment lines) is a {@link io.vecgrad.datasets.DatasetFormatException}, as
 * in every other reader.
 *
 * <pre>{@code
 * LibSvm.Data d = LibSvm.read(Path.of("a9a.txt"), new LibSvm.Options().features(123));
 * CsrMatrix a = d.x();                      // [n, 123]
 * Tensor y = d.signs();                     // ±1, FLOAT64
 * Tensor margins = a.matvec(w).mul(y);
 * }</pre>
 */
public final class LibSvm {
    private LibSvm() {}

    /** Reader settings: number of features (0 = the largest index seen) and value dtype. */
    public static final class Options {
        int features;
        DType dtype = DType.FLOAT64;

        /** Fixes the column count; an index above it is an error. */
        public Options features(int n) {
            if (n < 0) throw new IllegalArgumentException("LibSvm.Options.features: negative " + n);
            features = n;
            return this;
        }

        public Options dtype(DType d) {
            if (!d.isFloating()) throw new IllegalArgumentException("LibSvm.Options.dtype: need FLOAT32 or FLOAT64, got " + d);
            dtype = d;
            return this;
        }
    }

    /** A parsed file: sparse features and FLOAT64 labels. Also a {@link Dataset} with dense batches. */
    public static final class Data implements Dataset {
        private final CsrMatrix x;
        private final double[] labels;

        Data(CsrMatrix x, double[] labels) {
            this.x = x;
            this.labels = labels;
        }

        public CsrMatrix x() { return x; }

        /** The labels as read (FLOAT64). */
        public Tensor labels() { return Tensor.of(labels); }

        /** The distinct labels in increasing order. */
        public double[] classes() {
            TreeSet<Double> s = new TreeSet<>();
            for (double l : labels) s.add(l);
            return s.stream().mapToDouble(Double::doubleValue).toArray();
        }

        /** Labels mapped to 0..K-1 in increasing label order, INT64. */
        public Tensor classIndices() {
            double[] cls = classes();
            long[] out = new long[labels.length];
            for (int i = 0; i < out.length; i++) out[i] = Arrays.binarySearch(cls, labels[i]);
            return Tensor.wrap(out, out.length);
        }

        /** Binary labels as ±1 (FLOAT64); labels must be two values among {-1, 0, 1, 2}: the smaller maps to -1. */
        public Tensor signs() {
            double[] cls = classes();
            if (cls.length > 2) throw new IllegalArgumentException("LibSvm.signs: " + cls.length + " distinct labels, expected a binary problem");
            double[] out = new double[labels.length];
            for (int i = 0; i < out.length; i++) out[i] = cls.length == 2 && labels[i] == cls[0] ? -1 : labels[i] < 0 ? -1 : 1;
            return Tensor.wrap(out, out.length);
        }

        @Override
        public int size() { return x.rows(); }

        /** Dense rows and raw labels. */
        @Override
        public Batch get(int[] indices) {
            double[] y = new double[indices.length];
            for (int i = 0; i < y.length; i++) y[i] = labels[indices[i]];
            return new Batch(x.selectRows(indices).toDense(), Tensor.wrap(y, y.length), indices.clone());
        }
    }

    public static Data read(Path path, Options o) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return read(in, path.toString(), o);
        }
    }

    /** Reads LIBSVM text from a stream (not closed); {@code name} appears in error messages. */
    public static Data read(InputStream in, String name, Options o) throws IOException {
        TextLines lines = new TextLines(in, name);
        int[] ptr = new int[65];
        int[] idx = new int[1024];
        double[] val = new double[1024];
        double[] lab = new double[64];
        int n = 0;
        int nnz = 0;
        int maxCol = 0;
        for (String line = lines.next(); line != null; line = lines.next()) {
            int hash = line.indexOf('#');
            String body = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (body.isEmpty()) continue;
            String[] tok = body.split("[ \t]+");
            Double label = Numbers.parse(tok[0]);
            if (label == null || label.isNaN() || label.isInfinite()) throw lines.error("label '" + Csv.abbreviate(tok[0]) + "' is not a finite number");
            if (n + 1 == ptr.length) ptr = Arrays.copyOf(ptr, 2 * ptr.length);
            if (n == lab.length) lab = Arrays.copyOf(lab, 2 * lab.length);
            int prev = 0;
            for (int t = 1; t < tok.length; t++) {
                int colon = tok[t].indexOf(':');
                if (colon <= 0) throw lines.error("token '" + Csv.abbreviate(tok[t]) + "' is not <index>:<value>");
                String key = tok[t].substring(0, colon);
                if (key.equals("qid") && t == 1) continue;
                long index = parseIndex(key);
                if (index < 0) throw lines.error("feature index '" + Csv.abbreviate(key) + "' is not a positive integer");
                if (index > Integer.MAX_VALUE) throw lines.error("feature index " + Csv.abbreviate(key) + " exceeds the largest supported index " + Integer.MAX_VALUE);
                if (index == 0) throw lines.error("feature index 0; LIBSVM indices start at 1");
                if (index <= prev) throw lines.error("feature index " + index + " after " + prev + "; indices must be strictly increasing");
                if (o.features > 0 && index > o.features) throw lines.error("feature index " + index + " exceeds the " + o.features + " features");
                Double v = Numbers.parse(tok[t].substring(colon + 1));
                if (v == null) throw lines.error("value of feature " + index + ": '" + Csv.abbreviate(tok[t].substring(colon + 1)) + "' is not a number");
                if (nnz == idx.length) {
                    if (nnz > Integer.MAX_VALUE / 2 - 16) throw lines.error("too many nonzeros for one matrix");
                    idx = Arrays.copyOf(idx, 2 * nnz);
                    val = Arrays.copyOf(val, 2 * nnz);
                }
                idx[nnz] = (int) index - 1;
                val[nnz++] = v;
                prev = (int) index;
                maxCol = Math.max(maxCol, (int) index);
            }
            lab[n++] = label;
            ptr[n] = nnz;
        }
        if (n == 0) throw lines.fileError("no examples: the file is empty or holds only blank lines and comments");
        int cols = o.features > 0 ? o.features : maxCol;
        int[] rowPtr = Arrays.copyOf(ptr, n + 1);
        int[] colIdx = Arrays.copyOf(idx, nnz);
        CsrMatrix x;
        if (o.dtype == DType.FLOAT64) {
            x = CsrMatrix.of(n, cols, rowPtr, colIdx, Arrays.copyOf(val, nnz));
        } else {
            float[] f = new float[nnz];
            for (int i = 0; i < nnz; i++) f[i] = (float) val[i];
            x = CsrMatrix.of(n, cols, rowPtr, colIdx, f);
        }
        return new Data(x, Arrays.copyOf(lab, n));
    }

    /** The index as written, or -1 if it is not a run of ASCII digits; Long.MAX_VALUE if it has over 18 digits. */
    private static long parseIndex(String s) {
        if (s.isEmpty()) return -1;
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v < 100_000_000_000_000_000L ? v * 10 + (c - '0') : Long.MAX_VALUE;
        }
        return v;
    }
}
