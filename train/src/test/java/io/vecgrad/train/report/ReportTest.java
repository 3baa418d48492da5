package io.vecgrad.train.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.train.MetricRow;
import io.vecgrad.train.RunSummary;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
    @TempDir
    Path dir;

    /** Two noisy runs of 3 epochs × 200 steps with validation rows at the epoch ends. */
    static List<MetricRow> rows() {
        List<MetricRow> rows = new ArrayList<>();
        java.util.Random r = new java.util.Random(1);
        for (String opt : List.of("sgd:lr=0.1", "adam:lr=1e-3")) {
            double scale = opt.startsWith("sgd") ? 1.0 : 0.7;
            for (int step = 1; step <= 600; step++) {
                int epoch = (step - 1) / 200;
                double loss = scale * (2.3 * Math.exp(-step / 150.0) + 0.1) * (1 + 0.4 * r.nextGaussian() * 0.5);
                double acc = Math.min(1, Math.max(0, 1 - loss / 2.4 + 0.05 * r.nextGaussian()));
                boolean end = step % 200 == 0;
                rows.add(new MetricRow(step, epoch, opt, loss, acc, 0.1, step * 0.013, end ? loss * 1.1 : Double.NaN,
                        end ? acc - 0.02 : Double.NaN));
            }
        }
        return rows;
    }

    static Path writeReport(Path dir) throws IOException {
        try (MetricsCsv csv = MetricsCsv.append(dir.resolve("metrics.csv"))) {
            rows().forEach(csv::accept);
        }
        List<RunSummary> runs = List.of(new RunSummary("sgd:lr=0.1", 600, 7.8, 0.2, 0.93, 0.25, 0.91, "done"),
                new RunSummary("adam:lr=1e-3", 600, 7.9, 0.15, 0.95, 0.2, 0.93, "done"));
        return Report.write(dir, "report test", Map.of("command", "test", "environment", Map.of("jdk", "17")), runs);
    }

    @Test
    void writesSummaryPlotsIncludingValidationAndAReportWhoseLinksResolve() throws IOException {
        Path html = writeReport(dir);
        for (String png : List.of("loss-vs-step.png", "loss-vs-time.png", "accuracy-vs-step.png", "accuracy-vs-time.png",
                "validation-loss-vs-epoch.png", "validation-accuracy-vs-epoch.png")) {
            assertNotBlank(dir.resolve(png), Plots.WIDTH, Plots.HEIGHT);
        }
        String text = Files.readString(html);
        Matcher m = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(text);
        int refs = 0;
        while (m.find()) {
            refs++;
            assertTrue(Files.exists(dir.resolve(m.group(1))), "report.html references missing " + m.group(1));
        }
        assertTrue(refs >= 8, "6 images and the raw data links, found " + refs);
        assertTrue(Files.exists(dir.resolve("summary.json")));
    }

    @Test
    void smoothingIsADebiasedEmaAndTickLabelsAreCompact() {
        double[] flat = Plots.ema(new double[] {2, 2, 2, 2}, 0.9);
        for (double v : flat) {
            assertEquals(2.0, v, 1e-12, "debiasing keeps a constant series constant");
        }
        double[] step = Plots.ema(new double[] {0, 0, 0, 10, 10, 10}, 0.5);
        assertTrue(step[3] > 0 && step[3] < 10 && step[5] > step[4], java.util.Arrays.toString(step));
        assertEquals(0.6, Plots.weight(10));
        assertEquals(0.99, Plots.weight(1_000_000));
        assertEquals("950", Plots.compact(950));
        assertEquals("12k", Plots.compact(12_000));
        assertEquals("1.5M", Plots.compact(1_500_000));
        assertEquals("0.25", Plots.compact(0.25));
        assertEquals(100.0, Plots.niceStep(600.0 / 6));
        assertEquals(2.0, Plots.niceStep(7.8 / 6));
        assertEquals(5000.0, Plots.niceStep(25_000.0 / 6));
    }

    static void assertNotBlank(Path file, int width, int height) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        if (width > 0) {
            assertEquals(width, img.getWidth(), file.toString());
            assertEquals(height, img.getHeight(), file.toString());
        }
        assertTrue(variance(img) > 100, file + " looks blank: pixel variance " + variance(img));
    }

    static double variance(BufferedImage img) {
        double sum = 0;
        double sq = 0;
        int n = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y);
                double lum = ((rgb >> 16) & 255) + ((rgb >> 8) & 255) + (rgb & 255);
                sum += lum;
                sq += lum * lum;
                n++;
            }
        }
        return sq / n - (sum / n) * (sum / n);
    }

    @Test
    void readsMetricsFilesWithoutValidationColumns() throws IOException {
        Path f = dir.resolve("old.csv");
        Files.writeString(f, MetricsCsv.HEADER_V1 + "\n1,0,\"sgd\",0.5,0.9,0.1,0.01\n");
        MetricRow r = MetricsCsv.read(f).get(0);
        assertEquals(0.5, r.loss());
        assertFalse(Double.isFinite(r.validationLoss()));
    }
}
