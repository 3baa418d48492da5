package io.vecgrad.train.report;

import io.vecgrad.train.MetricRow;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts of a run folder's metrics (XChart, headless), one colour per optimizer:
 * training loss and accuracy against steps and against training time, drawn as faint raw
 * points under a smoothed line (a debiased exponential moving average, as TensorBoard draws
 * it), and the per-epoch validation loss and accuracy against epochs. Tick labels are
 * compact ({@code 12k}) and at most about six per axis, so they never overlap.
 *
 * <pre>{@code
 * List<Path> pngs = Plots.writeAll(rows, runDir);   // loss-vs-step.png, loss-vs-time.png, ...
 * }</pre>
 */
public final class Plots {
    public static final int WIDTH = 800;
    public static final int HEIGHT = 500;
    /** More points than pixels only slows XChart down (seconds per chart at 15k points). */
    static final int MAX_POINTS = 1000;
    /** The smoothed line averages over about this fraction of a run's rows. */
    static final double SMOOTHING_WINDOW = 1.0 / 30;
    private static final Color[] PALETTE = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
        new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
        new Color(127, 127, 127), new Color(188, 189, 34), new Color(23, 190, 207)};

    private Plots() {}

    /**
     * Writes loss-vs-step and loss-vs-time; when any row has an accuracy, accuracy-vs-step and
     * accuracy-vs-time; when any row has a validation figure, validation-loss-vs-epoch and
     * validation-accuracy-vs-epoch. Returns the files written.
     */
    public static List<Path> writeAll(List<MetricRow> rows, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Map<String, Color> colors = colors(rows);
        List<Path> out = new ArrayList<>();
        out.add(training(rows, colors, dir, "loss", "step", MetricRow::loss, r -> r.step()));
        out.add(training(rows, colors, dir, "loss", "time", MetricRow::loss, MetricRow::seconds));
        if (rows.stream().anyMatch(r -> Double.isFinite(r.accuracy()))) {
            out.add(training(rows, colors, dir, "accuracy", "step", MetricRow::accuracy, r -> r.step()));
            out.add(training(rows, colors, dir, "accuracy", "time", MetricRow::accuracy, MetricRow::seconds));
        }
        if (rows.stream().anyMatch(r -> Double.isFinite(r.validationLoss()))) {
            out.add(validation(rows, colors, dir, "loss", MetricRow::validationLoss));
            if (rows.stream().anyMatch(r -> Double.isFinite(r.validationAccuracy()))) {
                out.add(validation(rows, colors, dir, "accuracy", MetricRow::validationAccuracy));
            }
        }
        return out;
    }

    private static Map<String, Color> colors(List<MetricRow> rows) {
        Map<String, Color> m = new LinkedHashMap<>();
        for (MetricRow r : rows) {
            m.computeIfAbsent(r.optimizer(), k -> PALETTE[m.size() % PALETTE.length]);
        }
        return m;
    }

    private static Path training(List<MetricRow> rows, Map<String, Color> colors, Path dir, String metric, String axis,
            ToDoubleFunction<MetricRow> y, ToDoubleFunction<MetricRow> x) throws IOException {
        String xTitle = axis.equals("step") ? "step" : "training time (s)";
        XYChart chart = chart(metric + " vs " + xTitle + " (line: smoothed, dots: raw)", xTitle, metric);
        Map<String, List<MetricRow>> byRun = byRun(rows, y);
        Range range = new Range();
        double xMax = 0;
        for (Map.Entry<String, List<MetricRow>> e : byRun.entrySet()) {
            double[] xs = e.getValue().stream().mapToDouble(x).toArray();
            double[] ys = e.getValue().stream().mapToDouble(y).toArray();
            range.add(ys);
            xMax = Math.max(xMax, xs[xs.length - 1]);
            Color c = colors.get(e.getKey());
            XYSeries raw = chart.addSeries(e.getKey() + " (raw)", subsample(xs), subsample(ys));
            raw.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            raw.setMarker(SeriesMarkers.CIRCLE);
            raw.setMarkerColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 45));
            raw.setShowInLegend(false);
            XYSeries smooth = chart.addSeries(e.getKey(), downsample(xs), downsample(ema(ys, weight(ys.length))));
            smooth.setMarker(SeriesMarkers.NONE);
            smooth.setLineColor(c);
            smooth.setLineStyle(new BasicStroke(2.2f));
        }
        finish(chart, byRun.isEmpty(), metric, range);
        chart.getStyler().setMarkerSize(3);
        if (metric.equals("accuracy")) {
            chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);   // accuracy rises to the top right
        }
        xTicks(chart, xMax, 0);
        return save(chart, dir.resolve(metric + "-vs-" + axis + ".png"));
    }

    private static Path validation(List<MetricRow> rows, Map<String, Color> colors, Path dir, String metric,
            ToDoubleFunction<MetricRow> y) throws IOException {
        XYChart chart = chart("validation " + metric + " per epoch", "epoch", "validation " + metric);
        Map<String, List<MetricRow>> byRun = byRun(rows, y);
        Range range = new Range();
        double xMax = 1;
        for (Map.Entry<String, List<MetricRow>> e : byRun.entrySet()) {
            double[] xs = e.getValue().stream().mapToDouble(r -> r.epoch() + 1).toArray();
            double[] ys = e.getValue().stream().mapToDouble(y).toArray();
            range.add(ys);
            xMax = Math.max(xMax, xs[xs.length - 1]);
            XYSeries s = chart.addSeries(e.getKey(), xs, ys);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(colors.get(e.getKey()));
            s.setLineColor(colors.get(e.getKey()));
            s.setLineStyle(new BasicStroke(2f));
        }
        finish(chart, byRun.isEmpty(), metric, range);
        chart.getStyler().setMarkerSize(6);
        if (metric.equals("accuracy")) {
            chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);   // accuracy rises to the top right
        }
        xTicks(chart, xMax, 1);
        return save(chart, dir.resolve("validation-" + metric + "-vs-epoch.png"));
    }

    private static XYChart chart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        XYStyler st = chart.getStyler();
        st.setLegendPosition(Styler.LegendPosition.InsideNE);
        st.setChartBackgroundColor(Color.WHITE);
        st.setAntiAlias(true);
        st.setXAxisMin(0.0);
        return chart;
    }

    private static Map<String, List<MetricRow>> byRun(List<MetricRow> rows, ToDoubleFunction<MetricRow> y) {
        Map<String, List<MetricRow>> byRun = new LinkedHashMap<>();
        for (MetricRow r : rows) {
            if (Double.isFinite(y.applyAsDouble(r))) {
                byRun.computeIfAbsent(r.optimizer(), k -> new ArrayList<>()).add(r);
            }
        }
        return byRun;
    }

    private static void finish(XYChart chart, boolean empty, String metric, Range range) {
        if (empty) {
            // XChart refuses an empty chart; a flat placeholder keeps the report's layout.
            chart.addSeries("no finite values", new double[] {0, 1}, new double[] {0, 0}).setMarker(SeriesMarkers.NONE);
        }
        // Losses spanning decades read better on a log axis.
        chart.getStyler().setYAxisLogarithmic(metric.equals("loss") && range.allPositive && range.max / range.min > 50);
    }

    private static Path save(XYChart chart, Path file) throws IOException {
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }

    /**
     * Readable x ticks: the axis ends on a round number (XChart then picks round ticks) and only
     * multiples of a round step giving at most ~6 labels are labelled, compactly. XChart 3.8's
     * tick-spacing hint alone does not stop step labels from running into each other.
     */
    private static void xTicks(XYChart chart, double max, double minStep) {
        double step = Math.max(minStep, niceStep(Math.max(max, 1e-9) / 6));
        chart.getStyler().setXAxisMax(Math.max(step, Math.ceil(max / step) * step));
        chart.setCustomXAxisTickLabelsFormatter(v -> {
            double q = v / step;
            return Math.abs(q - Math.rint(q)) < 1e-6 ? compact(v) : "";
        });
    }

    /** The smallest of 1, 2, 5 × 10^k that is at least {@code raw}. */
    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5}) {
            if (m * p >= raw * (1 - 1e-12)) {
                return m * p;
            }
        }
        return 10 * p;
    }

    /** The smoothing weight for a run of {@code n} rows: an EMA window of about n/30 rows, between 0.6 and 0.99. */
    static double weight(int n) {
        double window = Math.max(1, n * SMOOTHING_WINDOW);
        return Math.min(0.99, Math.max(0.6, 1 - 1 / window));
    }

    /**
     * Debiased exponential moving average (TensorBoard's smoothing): {@code m = w·m + (1−w)·v},
     * divided by {@code 1 − wⁱ⁺¹} so the first points are not pulled towards zero.
     */
    static double[] ema(double[] v, double w) {
        double[] out = new double[v.length];
        double m = 0;
        double debias = 1;
        for (int i = 0; i < v.length; i++) {
            m = w * m + (1 - w) * v[i];
            debias *= w;
            out[i] = m / (1 - debias);
        }
        return out;
    }

    /** Bucket means down to at most {@link #MAX_POINTS} values (same buckets for x and y). */
    static double[] downsample(double[] v) {
        if (v.length <= MAX_POINTS) {
            return v;
        }
        double[] out = new double[MAX_POINTS];
        for (int b = 0; b < MAX_POINTS; b++) {
            int from = (int) ((long) b * v.length / MAX_POINTS);
            int to = (int) ((long) (b + 1) * v.length / MAX_POINTS);
            double sum = 0;
            for (int i = from; i < to; i++) {
                sum += v[i];
            }
            out[b] = sum / (to - from);
        }
        return out;
    }

    /** Every k-th value, at most {@link #MAX_POINTS} (raw points stay raw, unlike {@link #downsample}). */
    static double[] subsample(double[] v) {
        if (v.length <= MAX_POINTS) {
            return v;
        }
        double[] out = new double[MAX_POINTS];
        for (int b = 0; b < MAX_POINTS; b++) {
            out[b] = v[(int) ((long) b * v.length / MAX_POINTS)];
        }
        return out;
    }

    /** 950 → "950", 12000 → "12k", 1500000 → "1.5M". */
    static String compact(double v) {
        double a = Math.abs(v);
        if (a >= 1e6) {
            return trim(v / 1e6) + "M";
        }
        if (a >= 1e4) {
            return trim(v / 1e3) + "k";
        }
        return trim(v);
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static final class Range {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        boolean allPositive = true;

        void add(double[] ys) {
            for (double v : ys) {
                allPositive &= v > 0;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
    }
}
