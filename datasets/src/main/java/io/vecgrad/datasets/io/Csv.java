package io.vecgrad.datasets.io;

import io.vecgrad.datasets.DatasetFormatException;
import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Numeric CSV files (plain or gzip): an optional header row, numeric cells, and an optional
 * label column chosen by name or index. Streaming: rows are parsed one line at a time into
 * growing arrays; lines are capped at 1 Mi characters. Blank lines are skipped. Every cell
 * must be a decimal number (or nan/inf); anything else is a {@link DatasetFormatException}
 * naming the file, the line (counted from 1, as editors do) and the column. Columns are
 * counted from 0 everywhere, in messages as in {@link Options#label(int)}, and messages add
 * the column's header name when there is a header. A file with no data row (empty, blank,
 * or a header alone) is rejected: a data set with no examples is always a mistake here.
 * Quoting is not supported (numeric data needs none).
 *
 * <p>{@link #readSklearn} reads scikit-learn's bundled CSVs (iris, wine, breast cancer), whose
 * first line is {@code n_samples,n_features,class_0_name,…} instead of column names.
 *
 * <pre>{@code
 * Csv.Table t = Csv.read(Path.of("data.csv"), new Csv.Options().label("species").integerLabels(true));
 * TensorDataset d = t.toDataset();                 // x: FLOAT64 [n, d], y: INT64 [n]
 * Csv.Table iris = Csv.readSklearn(Path.of(".../sklearn/datasets/data/iris.csv"));
 * }</pre>
 */
public final class Csv {
    private Csv() {}

    /** Reader settings (mutable, fluent). Defaults: comma, header row, no label column, FLOAT64. */
    public static final class Options {
        char delimiter = ',';
        boolean header = true;
        String labelName;
        Integer labelIndex;
        boolean integerLabels;
        DType dtype = DType.FLOAT64;

        public Options delimiter(char c) { delimiter = c; return this; }

        /** Whether the first line holds column names. */
        public Options header(boolean on) { header = on; return this; }

        /** The label column by header name (needs a header). */
        public Options label(String name) { labelName = name; labelIndex = null; return this; }

        /** The label column by 0-based index; negative counts from the end (-1 = last). */
        public Options label(int index) { labelIndex = index; labelName = null; return this; }

        /** Labels must be integers and are returned as INT64 (class indices). */
        public Options integerLabels(boolean on) { integerLabels = on; return this; }

        /** Feature dtype, FLOAT32 or FLOAT64. */
        public Options dtype(DType d) {
            if (!d.isFloating()) throw new IllegalArgumentException("Csv.Options.dtype: need FLOAT32 or FLOAT64, got " + d);
            dtype = d;
            return this;
        }
    }

    /** A parsed file: features [n, d], labels [n] (or null), column names and class names. */
    public static final class Table {
        private final Tensor features;
        private final Tensor labels;
        private final List<String> featureNames;
        private final List<String> classNames;

        Table(Tensor features, Tensor labels, List<String> featureNames, List<String> classNames) {
            this.features = features;
            this.labels = labels;
            this.featureNames = Collections.unmodifiableList(featureNames);
            this.classNames = Collections.unmodifiableList(classNames);
        }

        public Tensor features() { return features; }

        public Tensor labels() { return labels; }

        /** Feature column names (empty without a header). */
        public List<String> featureNames() { return featureNames; }

        /** Class names (sklearn files only; else empty). */
        public List<String> classNames() { return classNames; }

        public int rows() { return features.size(0); }

        public TensorDataset toDataset() { return new TensorDataset(features, labels); }
    }

    /** Reads a CSV file. */
    public static Table read(Path path, Options o) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return read(in, path.toString(), o);
        }
    }

    /** Reads CSV text from a stream (not closed); {@code name} appears in error messages. */
    public static Table read(InputStream in, String name, Options o) throws IOException {
        TextLines lines = new TextLines(in, name);
        List<String> names = new ArrayList<>();
        String first = nextNonBlank(lines);
        if (first == null) throw lines.fileError("empty CSV file: no header and no rows");
        int cols = split(first, o.delimiter).length;
        long headerLine = lines.lineNumber();
        if (o.header) names.addAll(Arrays.asList(split(first, o.delimiter)));
        int label = labelColumn(lines, o, names, cols);
        Rows rows = new Rows(cols, label, names, (o.header ? "the header on line " : "the first row, on line ") + headerLine + " has " + cols);
        if (!o.header) rows.add(lines, first, o.delimiter, o.integerLabels);
        for (String line = nextNonBlank(lines); line != null; line = nextNonBlank(lines)) rows.add(lines, line, o.delimiter, o.integerLabels);
        if (rows.n == 0) throw lines.fileError("no data rows after the header on line " + headerLine + " " + names);
        if (label >= 0 && !names.isEmpty()) names.remove(label);
        return rows.table(o.dtype, names, List.of(), o.integerLabels);
    }

    /**
     * Reads a scikit-learn bundled CSV: first line {@code n_samples,n_features,class names…},
     * then rows of {@code n_features} values and an integer class label. The counts are
     * checked against the rows.
     */
    public static Table readSklearn(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return readSklearn(in, path.toString());
        }
    }

    /** Reads a scikit-learn bundled CSV from a stream. */
    public static Table readSklearn(InputStream in, String name) throws IOException {
        TextLines lines = new TextLines(in, name);
        String first = lines.next();
        if (first == null) throw lines.fileError("empty file; expected 'n_samples,n_features,class names…'");
        String[] head = split(first, ',');
        long n = head.length >= 2 ? count(head[0]) : -1;
        long d = head.length >= 2 ? count(head[1]) : -1;
        if (n < 0 || d < 0) throw lines.error("first line must start with the sample and feature counts, got '" + abbreviate(first) + "'");
        if (d >= TextLines.MAX_LINE) throw lines.error("feature count " + d + " exceeds the line length limit");
        List<String> classes = new ArrayList<>(Arrays.asList(head).subList(2, head.length));
        Rows rows = new Rows((int) d + 1, (int) d, List.of(), "line 1 announces " + d + " features and a label");
        for (String line = nextNonBlank(lines); line != null; line = nextNonBlank(lines)) {
            if (rows.n == n) throw lines.error("more rows than the " + n + " announced on line 1");
            rows.add(lines, line, ',', true);
            long c = (long) rows.labels[rows.n - 1];
            if (!classes.isEmpty() && (c < 0 || c >= classes.size())) throw lines.error("class " + c + " outside [0, " + classes.size() + ")");
        }
        if (rows.n != n) throw lines.fileError("file ends after " + rows.n + " rows but line 1 announced " + n);
        return rows.table(DType.FLOAT64, new ArrayList<>(), classes, true);
    }

    private static long count(String s) {
        if (s.isEmpty() || s.length() > 9) return -1;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return -1;
        return Long.parseLong(s);
    }

    private static int labelColumn(TextLines lines, Options o, List<String> names, int cols) throws DatasetFormatException {
        if (o.labelName != null) {
            if (!o.header) throw new IllegalArgumentException("Csv.read: a label column by name needs header(true)");
            int i = names.indexOf(o.labelName);
            if (i < 0) throw DatasetFormatException.atLine(lines.name(), lines.lineNumber(), "no column named '" + o.labelName + "' in the header " + names);
            return i;
        }
        if (o.labelIndex == null) return -1;
        int i = o.labelIndex < 0 ? cols + o.labelIndex : o.labelIndex;
        if (i < 0 || i >= cols) {
            throw DatasetFormatException.atLine(lines.name(), lines.lineNumber(), "label column " + o.labelIndex + " outside the "
                    + cols + " columns (indices 0.." + (cols - 1) + ", or -1..-" + cols + " from the end)"
                    + (o.header ? " of the header " + names : " of the first row"));
        }
        return i;
    }

    private static String nextNonBlank(TextLines lines) throws IOException {
        for (String s = lines.next(); s != null; s = lines.next()) if (!s.isBlank()) return s;
        return null;
    }

    private static String[] split(String line, char delim) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= line.length(); i++) {
            if (i == line.length() || line.charAt(i) == delim) {
                out.add(line.substring(start, i).trim());
                start = i + 1;
            }
        }
        return out.toArray(new String[0]);
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    /** Growing row storage. */
    private static final class Rows {
        final int cols;
        final int label;
        final int width;
        final List<String> names;
        final String widthOrigin;
        double[] values = new double[1024];
        double[] labels = new double[64];
        int n;

        /** {@code names}: the header's column names (empty without one); {@code widthOrigin}: why {@code cols}. */
        Rows(int cols, int label, List<String> names, String widthOrigin) {
            this.cols = cols;
            this.label = label;
            this.width = label >= 0 ? cols - 1 : cols;
            this.names = List.copyOf(names);
            this.widthOrigin = widthOrigin;
        }

        /** "column 2 ('b')": the 0-based index of {@link Options#label(int)}, and the header name. */
        String column(int c) {
            return "column " + c + (c < names.size() ? " ('" + abbreviate(names.get(c)) + "')" : "");
        }

        void add(TextLines lines, String line, char delim, boolean integerLabels) throws DatasetFormatException {
            String[] cells = split(line, delim);
            if (cells.length != cols) {
                throw lines.error("expected " + cols + " columns, found " + cells.length
                        + " (" + widthOrigin + ")");
            }
            if ((long) (n + 1) * width > Integer.MAX_VALUE - 16) throw lines.error("too many values for one tensor");
            if ((long) (n + 1) * width > values.length) values = Arrays.copyOf(values, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(2L * values.length, (long) (n + 1) * width)));
            if (n == labels.length) labels = Arrays.copyOf(labels, 2 * labels.length);
            int k = n * width;
            for (int c = 0; c < cols; c++) {
                Double v = Numbers.parse(cells[c]);
                if (v == null) throw lines.error(column(c) + ": '" + abbreviate(cells[c]) + "' is not a number");
                if (c == label) {
                    if (integerLabels && (v != Math.rint(v) || Math.abs(v) > 1e15)) throw lines.error(column(c) + ": label '" + abbreviate(cells[c]) + "' is not an integer");
                    labels[n] = v;
                } else {
                    values[k++] = v;
                }
            }
            n++;
        }

        Table table(DType dtype, List<String> names, List<String> classes, boolean integerLabels) {
            Tensor x = Tensor.wrap(Arrays.copyOf(values, n * width), n, width).to(dtype);
            Tensor y = null;
            if (label >= 0) {
                double[] l = Arrays.copyOf(labels, n);
                if (integerLabels) {
                    long[] li = new long[n];
                    for (int i = 0; i < n; i++) li[i] = (long) l[i];
                    y = Tensor.wrap(li, n);
                } else {
                    y = Tensor.wrap(l, n).to(dtype);
                }
            }
            return new Table(x, y, names, classes);
        }
    }
}
