package io.vecgrad.experiments.papers;

import io.vecgrad.train.MetricRow;
import io.vecgrad.train.report.Plots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One PNG of named (x, y) curves through {@link Plots} (its loss-vs-step chart: one colour per
 * series, raw points under a smoothed line), for experiments whose x axis is not a training step
 * (bits, rounds, gradient evaluations). x is rounded to a whole number; the chart's axis says
 * "step" and the y axis "loss", so the file name and the series labels say what they are.
 *
 * <pre>{@code
 * CurvePlots c = new CurvePlots();
 * c.add("extragradient", bits, log10Gap);
 * Path png = c.write(dir, "p67-gap-vs-bits.png");
 * }</pre>
 */
final class CurvePlots {
    private final Map<String, List<double[]>> series = new LinkedHashMap<>();

    /** Adds the points (x[i], y[i]) to series {@code label}; non-finite y are skipped. */
    CurvePlots add(String label, double[] x, double[] y) {
        List<double[]> s = series.computeIfAbsent(label, k -> new ArrayList<>());
        for (int i = 0; i < x.length; i++) if (Double.isFinite(y[i])) s.add(new double[] {x[i], y[i]});
        return this;
    }

    /** {@code r} with the PNGs (paths inside {@code dir}) added to its artifacts. */
    static io.vecgrad.experiments.ExperimentResult withPlots(io.vecgrad.experiments.ExperimentResult r, Path dir, List<Path> pngs) {
        List<Path> all = new ArrayList<>(r.artifacts());
        for (Path p : pngs) all.add(dir.relativize(p));
        return new io.vecgrad.experiments.ExperimentResult(r.measured(), r.passed(), r.figures(), all);
    }

    /** Writes {@code dir/file} and returns its path. */
    Path write(Path dir, String file) throws IOException {
        List<MetricRow> rows = new ArrayList<>();
        for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
            for (double[] p : e.getValue()) rows.add(new MetricRow(Math.round(p[0]), 0, e.getKey(), p[1], Double.NaN, Double.NaN, p[0]));
        }
        Path tmp = Files.createTempDirectory(Files.createDirectories(dir), ".plot-");
        try {
            List<Path> written = Plots.writeAll(rows, tmp);
            return Files.move(written.get(0), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        } finally {
            try (var s = Files.list(tmp)) {
                for (Path f : s.toList()) Files.deleteIfExists(f);
            }
            Files.deleteIfExists(tmp);
        }
    }
}
