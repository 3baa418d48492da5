package io.vecgrad.train.report;

import java.awt.BasicStroke;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG line charts of named (x, y) curves with optional logarithmic axes, for experiments whose
 * figures are not training metrics (convergence rates in log-log or log-linear axes, time against
 * problem size), in {@link Plots}' size. Points that a log axis cannot show (≤ 0, NaN) are dropped.
 *
 * <pre>{@code
 * List<CurvePlots.Curve> c = List.of(new CurvePlots.Curve("k = r", t, err), new CurvePlots.Curve("k > r", t, err2));
 * CurvePlots.write(dir.resolve("rate-loglog.png"), "error vs iteration", "iteration", "error", c, true, true);
 * }</pre>
 */
public final class CurvePlots {
    private CurvePlots() {}

    /** One named curve. */
    public record Curve(String name, double[] x, double[] y) {
        public Curve {
            if (x.length != y.length) throw new IllegalArgumentException("CurvePlots.Curve " + name + ": " + x.length + " x values, " + y.length + " y values");
        }
    }

    /** Writes the curves as lines into {@code file} (PNG) and returns it. */
    public static Path write(Path file, String title, String xTitle, String yTitle, List<Curve> curves, boolean logX, boolean logY)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setYAxisLogarithmic(logY);
        int shown = 0;
        for (Curve c : curves) {
            List<double[]> pts = new ArrayList<>();
            int stride = Math.max(1, c.x().length / 1000);      // more points than pixels only slows XChart down
            for (int i = 0; i < c.x().length; i += stride) {
                double x = c.x()[i], y = c.y()[i];
                if (Double.isFinite(x) && Double.isFinite(y) && (!logX || x > 0) && (!logY || y > 0)) pts.add(new double[] {x, y});
            }
            if (pts.isEmpty()) continue;
            XYSeries s = chart.addSeries(c.name(), pts.stream().mapToDouble(p -> p[0]).toArray(), pts.stream().mapToDouble(p -> p[1]).toArray());
            s.setMarker(pts.size() <= 12 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            s.setLineStyle(new BasicStroke(2f));
            shown++;
        }
        if (shown == 0) chart.addSeries("no finite values", new double[] {1, 2}, new double[] {1, 1}).setMarker(SeriesMarkers.NONE);
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }
}
