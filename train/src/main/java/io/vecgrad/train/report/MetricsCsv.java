package io.vecgrad.train.report;

import io.vecgrad.train.MetricRow;
import io.vecgrad.train.MetricsSink;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * metrics.csv: header {@value #HEADER}, one {@link MetricRow} per line, flushed per row so an
 * interrupted run keeps its rows. Empty fields stand for NaN (no accuracy in regression).
 *
 * <pre>{@code
 * try (MetricsCsv csv = MetricsCsv.append(dir.resolve("metrics.csv"))) { trainer uses csv }
 * List<MetricRow> rows = MetricsCsv.read(dir.resolve("metrics.csv"));
 * }</pre>
 */
public final class MetricsCsv implements MetricsSink, Closeable {
    public static final String HEADER =
            "step,epoch,optimizer,loss,accuracy,learning_rate,seconds,validation_loss,validation_accuracy";
    /** The header before validation columns existed; still read. */
    static final String HEADER_V1 = "step,epoch,optimizer,loss,accuracy,learning_rate,seconds";
    private final BufferedWriter out;

    private MetricsCsv(BufferedWriter out) {
        this.out = out;
    }

    /** Opens for appending, writing the header when the file is new. */
    public static MetricsCsv append(Path file) throws IOException {
        boolean fresh = !Files.exists(file) || Files.size(file) == 0;
        BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        if (fresh) {
            w.write(HEADER);
            w.newLine();
            w.flush();
        }
        return new MetricsCsv(w);
    }

    @Override
    public synchronized void accept(MetricRow r) {
        try {
            out.write(r.step() + "," + r.epoch() + "," + quote(r.optimizer()) + "," + num(r.loss()) + ","
                    + num(r.accuracy()) + "," + num(r.learningRate()) + "," + num(r.seconds()) + ","
                    + num(r.validationLoss()) + "," + num(r.validationAccuracy()));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing metrics.csv", e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.isInfinite(v) ? (v > 0 ? "inf" : "-inf")
                : String.format(Locale.ROOT, "%.8g", v);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    /** Reads every row back. */
    public static List<MetricRow> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !(lines.get(0).equals(HEADER) || lines.get(0).equals(HEADER_V1))) {
            throw new IOException(file + ": line 1 is not the metrics header '" + HEADER + "'");
        }
        int fields = lines.get(0).split(",").length;
        List<MetricRow> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            List<String> f = split(lines.get(i));
            if (f.size() != fields) {
                throw new IOException(file + ": line " + (i + 1) + " has " + f.size() + " fields, expected " + fields);
            }
            try {
                rows.add(new MetricRow(Long.parseLong(f.get(0)), Integer.parseInt(f.get(1)), f.get(2),
                        parse(f.get(3)), parse(f.get(4)), parse(f.get(5)), parse(f.get(6)),
                        fields > 7 ? parse(f.get(7)) : Double.NaN, fields > 7 ? parse(f.get(8)) : Double.NaN));
            } catch (NumberFormatException e) {
                throw new IOException(file + ": line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return rows;
    }

    /** Rewrites the file keeping only rows of {@code label} up to {@code step} (and all other labels). */
    public static void truncate(Path file, String label, long step) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        List<MetricRow> keep = new ArrayList<>();
        for (MetricRow r : read(file)) {
            if (!r.optimizer().equals(label) || r.step() <= step) {
                keep.add(r);
            }
        }
        Files.delete(file);
        try (MetricsCsv csv = append(file)) {
            keep.forEach(csv::accept);
        }
    }

    private static double parse(String s) {
        if (s.isEmpty()) {
            return Double.NaN;
        }
        return switch (s) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    private static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
