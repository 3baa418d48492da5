package io.vecgrad.experiments.papers;

import io.vecgrad.train.MetricRow;
import io.vecgrad.train.report.Plots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-epoch (or per-stage) curves drawn with train's {@link Plots}: rows carry the figure in
 * their validation columns, Plots draws {@code validation-*-vs-epoch.png}, and those two files
 * are renamed into the run folder under the experiment's own names.
 *
 * <pre>{@code
 * List<Path> pngs = PlotFiles.perEpoch(rows, dir, "robust");   // robust-accuracy-vs-epoch.png, robust-loss-vs-epoch.png
 * }</pre>
 */
final class PlotFiles {
    private PlotFiles() {}

    static List<Path> perEpoch(List<MetricRow> rows, Path dir, String prefix) throws IOException {
        Path tmp = Files.createTempDirectory(Files.createDirectories(dir), ".plots");
        List<Path> out = new ArrayList<>();
        try {
            for (Path p : Plots.writeAll(rows, tmp)) {
                String name = p.getFileName().toString();
                if (name.startsWith("validation-")) {
                    Path target = dir.resolve(prefix + "-" + name.substring("validation-".length()));
                    out.add(Files.move(p, target, StandardCopyOption.REPLACE_EXISTING));
                } else {
                    Files.delete(p);
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return out;
    }

    /** One per-epoch row: the figure in the validation columns, nothing else. */
    static MetricRow row(String label, int epoch, double loss, double accuracy) {
        return new MetricRow(epoch + 1, epoch, label, Double.NaN, Double.NaN, Double.NaN, 0, loss, accuracy);
    }
}
