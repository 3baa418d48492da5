package io.vecgrad.train.report;

import io.vecgrad.train.MetricRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG line charts of loss and accuracy against steps and seconds, one line per optimizer
 * (XChart, headless).
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

    private Plots() {}

    /**
     * Writes loss-vs-step, loss-vs-time and, when any row has an accuracy, accuracy-vs-step and
     * accuracy-vs-time. Returns the files written.
     */
    public static List<Path> writeAll(List<MetricRow> rows, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<Path> out = new ArrayList<>();
        out.add(write(rows, dir, "loss", "step", MetricRow::loss, r -> r.step()));
        out.add(write(rows, dir, "loss", "time", MetricRow::loss, MetricRow::seconds));
        if (rows.stream().anyMatch(r -> Double.isFinite(r.accuracy()))) {
            out.add(write(rows, dir, "accuracy", "step", MetricRow::accuracy, r -> r.step()));
            out.add(write(rows, dir, "accuracy", "time", MetricRow::accuracy, MetricRow::seconds));
        }
        return out;
    }

    private static Path write(List<MetricRow> rows, Path dir, String metric, String axis,
            ToDoubleFunction<MetricRow> y, ToDoubleFunction<MetricRow> x) throws IOException {
        String xTitle = axis.equals("step") ? "step" : "training time (s)";
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(metric + " vs " + xTitle).xAxisTitle(xTitle).yAxisTitle(metric).build();
        org.knowm.xchart.style.XYStyler st = chart.getStyler();
        st.setLegendPosition(Styler.LegendPosition.InsideNE);
        st.setChartBackgroundColor(java.awt.Color.WHITE);
        st.setAntiAlias(true);
        // Bucketed x values are fractional; round tick labels and start the axis at 0.
        st.setXAxisDecimalPattern(axis.equals("step") ? "#" : "0.##");
        st.setXAxisMin(0.0);
        st.setXAxisTickMarkSpacingHint(90);
        Map<String, List<MetricRow>> byRun = new LinkedHashMap<>();
        for (MetricRow r : rows) {
            if (Double.isFinite(y.applyAsDouble(r))) {
                byRun.computeIfAbsent(r.optimizer(), k -> new ArrayList<>()).add(r);
            }
        }
        boolean allPositive = !byRun.isEmpty();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, List<MetricRow>> e : byRun.entrySet()) {
            double[] xs = downsample(e.getValue().stream().mapToDouble(x).toArray());
            double[] ys = downsample(e.getValue().stream().mapToDouble(y).toArray());
            for (double v : ys) {
                allPositive &= v > 0;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            XYSeries s = chart.addSeries(e.getKey(), xs, ys);
            s.setMarker(SeriesMarkers.NONE);
        }
        if (byRun.isEmpty()) {
            // XChart refuses an empty chart; a flat placeholder keeps the report's layout.
            chart.addSeries("no finite values", new double[] {0, 1}, new double[] {0, 0}).setMarker(SeriesMarkers.NONE);
        }
        // Losses spanning decades read better on a log axis.
        st.setYAxisLogarithmic(metric.equals("loss") && allPositive && max / min > 50);
        Path file = dir.resolve(metric + "-vs-" + axis + ".png");
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
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
}
