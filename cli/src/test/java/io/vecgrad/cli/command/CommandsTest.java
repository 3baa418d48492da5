package io.vecgrad.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.io.Json;
import io.vecgrad.train.report.MetricsCsv;
import io.vecgrad.train.report.Plots;
import io.vecgrad.cli.testing.Cli;
import io.vecgrad.train.MetricRow;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandsTest {
    @TempDir
    Path runs;

    private Path onlyRun(String suffix) throws IOException {
        try (Stream<Path> s = Files.list(runs)) {
            List<Path> dirs = s.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
            assertEquals(1, dirs.size(), "run folders: " + dirs);
            return dirs.get(0);
        }
    }

    @Test
    void reduceOnPlateauScalesTheRateAndConfigSaysHow() throws Exception {
        // threshold 0.9: no epoch improves the validation loss by 90 %, so with patience 0 every
        // epoch end after the first halves the rate
        Cli r = Cli.run("compare", "-d", "test-blobs:n=120", "-m", "test-logreg", "-o", "test-sgd:lr=0.5", "-e", "4",
                "-b", "16", "--reduce-on-plateau", "factor=0.5,patience=0,threshold=0.9", "--runs-dir", runs.toString());
        assertEquals(0, r.code, r.toString());
        Path dir = onlyRun("-compare");
        Map<?, ?> plan = (Map<?, ?>) ((Map<?, ?>) Json.parse(Files.readString(dir.resolve("config.json")))).get("plan");
        assertEquals("factor=0.5,patience=0,threshold=0.9,cooldown=0,min-scale=0.0", plan.get("plateau"));
        List<MetricRow> rows = MetricsCsv.read(dir.resolve("metrics.csv"));
        java.util.TreeMap<Integer, Double> perEpoch = new java.util.TreeMap<>();
        for (MetricRow row : rows) perEpoch.put(row.epoch(), row.learningRate());
        assertEquals(List.of(0.5, 0.5, 0.25, 0.125), List.copyOf(perEpoch.values()), rows.toString());

        Cli off = Cli.run("train", "-d", "test-blobs:n=40", "-m", "test-logreg", "-o", "test-sgd", "-e", "1",
                "--reduce-on-plateau", "--runs-dir", runs.resolve("defaults").toString());
        assertEquals(0, off.code, off.toString());
        Cli bad = Cli.run("compare", "-d", "test-blobs", "-m", "test-logreg", "-o", "test-sgd", "--reduce-on-plateau", "factor=2",
                "--runs-dir", runs.toString());
        assertEquals(2, bad.code, bad.toString());
        assertTrue(bad.err.contains("--reduce-on-plateau") && bad.err.contains("factor must be in (0, 1), got 2.0"), bad.err);
    }

    @Test
    void compareWritesAParseableRunFolder() throws Exception {
        Cli r = Cli.run("compare", "-d", "test-blobs:n=120", "-m", "test-logreg", "-o", "test-sgd:lr=0.5",
                "-o", "test-sgd:lr=0.1,momentum=0.9", "-e", "3", "-b", "16", "--runs-dir", runs.toString());
        assertEquals(0, r.code, r.toString());
        Path dir = onlyRun("-compare");

        Map<?, ?> config = (Map<?, ?>) Json.parse(Files.readString(dir.resolve("config.json")));
        assertEquals("compare", config.get("command"));
        assertEquals(List.of("test-sgd:lr=0.5", "test-sgd:lr=0.1,momentum=0.9"), ((Map<?, ?>) config.get("plan")).get("optimizers"));
        Map<?, ?> env = (Map<?, ?>) config.get("environment");
        assertTrue(String.valueOf(env.get("simd")).startsWith("SIMD"), env.toString());

        List<MetricRow> rows = MetricsCsv.read(dir.resolve("metrics.csv"));
        // 96 training examples / 16 = 6 steps per epoch, 3 epochs, logged every step, two runs
        assertEquals(2 * 18, rows.size());
        assertEquals(18, rows.stream().filter(x -> x.optimizer().equals("test-sgd:lr=0.5")).count());
        assertTrue(rows.stream().allMatch(x -> Double.isFinite(x.loss()) && x.accuracy() >= 0 && x.accuracy() <= 1));
        assertEquals(0.5, rows.get(0).learningRate());

        List<?> summary = (List<?>) Json.parse(Files.readString(dir.resolve("summary.json")));
        assertEquals(2, summary.size());

        for (String png : List.of("loss-vs-step.png", "loss-vs-time.png", "accuracy-vs-step.png", "accuracy-vs-time.png")) {
            assertNotBlankPng(dir.resolve(png));
        }
        String html = Files.readString(dir.resolve("report.html"));
        Matcher m = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(html);
        int refs = 0;
        while (m.find()) {
            refs++;
            assertTrue(Files.exists(dir.resolve(m.group(1))), "report.html references missing " + m.group(1));
        }
        assertTrue(refs >= 7, "expected 4 images and 3 data links, found " + refs);
        assertTrue(html.contains("SIMD") && html.contains("test-sgd:lr=0.1,momentum=0.9"));
        assertTrue(r.out.contains("train loss") && r.out.contains("report: "), r.out);
    }

    /** The plots themselves are tested in train's ReportTest; here: a PNG of the report's size. */
    static void assertNotBlankPng(Path file) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        assertEquals(Plots.WIDTH, img.getWidth(), file.toString());
        assertEquals(Plots.HEIGHT, img.getHeight(), file.toString());
    }

    @Test
    void trainCheckpointsAndResumesToTheSameMetrics() throws Exception {
        String[] common = {"-d", "test-blobs:n=100", "-m", "test-logreg", "-o", "test-sgd:lr=0.3,momentum=0.5",
            "-b", "16", "--checkpoint-every", "2"};
        Cli straight = Cli.run(concat(new String[] {"train", "-e", "4", "--runs-dir", runs.resolve("a").toString()}, common));
        assertEquals(0, straight.code, straight.toString());
        Cli first = Cli.run(concat(new String[] {"train", "-e", "2", "--runs-dir", runs.resolve("b").toString()}, common));
        assertEquals(0, first.code, first.toString());
        Path b;
        try (Stream<Path> s = Files.list(runs.resolve("b"))) {
            b = s.findFirst().orElseThrow();
        }
        assertFalse(Files.list(b.resolve("checkpoints")).toList().isEmpty());
        Cli resumed = Cli.run("train", "--resume", b.toString(), "-e", "4");
        assertEquals(0, resumed.code, resumed.toString());
        assertTrue(resumed.err.contains("resuming"), resumed.err);

        Path a;
        try (Stream<Path> s = Files.list(runs.resolve("a"))) {
            a = s.findFirst().orElseThrow();
        }
        List<MetricRow> ra = MetricsCsv.read(a.resolve("metrics.csv"));
        List<MetricRow> rb = MetricsCsv.read(b.resolve("metrics.csv"));
        assertEquals(ra.size(), rb.size());
        for (int i = 0; i < ra.size(); i++) {
            assertEquals(ra.get(i).step(), rb.get(i).step());
            assertEquals(ra.get(i).loss(), rb.get(i).loss(), "row " + i + ": resumed training must match");
        }
        assertNotBlankPng(b.resolve("loss-vs-step.png"));
    }

    @Test
    void resumeRefusesChangedConfiguration() throws Exception {
        Cli first = Cli.run("train", "-d", "test-blobs:n=40", "-m", "test-logreg", "-o", "test-sgd", "-e", "1",
                "--runs-dir", runs.toString());
        assertEquals(0, first.code, first.toString());
        Cli r = Cli.run("train", "--resume", onlyRun("-train").toString(), "--seed", "7");
        assertEquals(2, r.code);
        assertTrue(r.err.contains("only --epochs may be changed, not --seed"), r.err);
        Cli missing = Cli.run("train", "--resume", runs.resolve("nope").toString());
        assertEquals(2, missing.code);
        assertTrue(missing.err.contains("no config.json"), missing.err);
    }

    @Test
    void unknownNamesListTheValidOnes() {
        Cli r = Cli.run("compare", "-d", "test-blobs", "-m", "test-logreg", "-o", "adamm", "--runs-dir", runs.toString());
        assertEquals(2, r.code);
        assertTrue(r.err.contains("--optimizer: unknown optimizer 'adamm'; valid optimizers: test-sgd"), r.err);
        Cli m = Cli.run("compare", "-d", "test-blobs", "-m", "cnn", "-o", "test-sgd", "--runs-dir", runs.toString());
        assertTrue(m.err.contains("unknown model 'cnn'; valid models: test-logreg"), m.err);
        Cli l = Cli.run("list", "optimisers");
        assertEquals(2, l.code);
        assertTrue(l.err.contains("valid: optimizers, schedules, models, datasets, experiments, solvers"), l.err);
    }

    @Test
    void listDistributedPrintsTheMethodRegistry() {
        Cli r = Cli.run("list", "distributed");
        assertEquals(0, r.code, r.toString());
        assertTrue(r.out.contains("gossip-pga  (decentralized) [P14]") && r.out.contains("java: io.vecgrad.distributed.robust.Monna"), r.out);
        for (String m : java.util.List.of("fedavg", "gossip-pga", "fedbuff", "admm-fl", "admm-fl-dual-free", "curriculum-fedavg", "gradient-coding")) {
            assertTrue(r.out.contains("cluster: vecgrad cluster --method " + m + "\n") || r.out.contains("cluster: vecgrad cluster --method " + m + System.lineSeparator()),
                    m + " is listed as cluster-runnable:\n" + r.out);
        }
        assertTrue(!r.out.contains("--method krum"), "aggregators are not cluster methods");
    }

    @Test
    void badNumbersNameTheFlagAndKey() {
        Cli r = Cli.run("compare", "-d", "test-blobs", "-m", "test-logreg", "-o", "test-sgd:lr=fast", "--runs-dir", runs.toString());
        assertEquals(2, r.code);
        assertTrue(r.err.contains("--optimizer test-sgd: key 'lr' expects a finite number, got 'fast'"), r.err);
        Cli k = Cli.run("compare", "-d", "test-blobs:n=1.5", "-m", "test-logreg", "-o", "test-sgd", "--runs-dir", runs.toString());
        assertTrue(k.err.contains("--dataset test-blobs: key 'n' expects an integer, got '1.5'"), k.err);
        Cli e = Cli.run("compare", "-e", "many");
        assertEquals(2, e.code);
        assertTrue(e.err.contains("'--epochs'") && e.err.contains("'many'"), e.err);
        Cli z = Cli.run("train", "-b", "0");
        assertTrue(z.err.contains("--batch must be at least 1, got 0"), z.err);
    }

    @Test
    void missingDatasetSaysHowToInstallIt() throws IOException {
        Cli r = Cli.run("compare", "-d", "test-missing:" + runs.resolve("absent.gz"), "-m", "test-logreg", "-o", "test-sgd",
                "--runs-dir", runs.toString());
        assertEquals(2, r.code);
        assertTrue(r.err.contains("apt-get install dataset-fashion-mnist"), r.err);
        try (Stream<Path> s = Files.list(runs)) {
            assertEquals(0, s.count(), "no run folder is left behind when nothing ran");
        }
    }

    @Test
    void listShowsEntriesWithDefaults() {
        Cli r = Cli.run("list", "datasets");
        assertEquals(0, r.code);
        assertTrue(r.out.contains("test-blobs:n=200,d=4,k=3,spread=3.0"), r.out);
        assertTrue(r.out.contains("test-missing:PATH"), r.out);
        assertFalse(r.out.contains("optimizers:"));
    }

    @Test
    void experimentRunsClaimsAndReportsPass() throws Exception {
        Cli list = Cli.run("experiment", "--list");
        assertTrue(list.out.contains("test-separable:min-accuracy=0.9"), list.out);
        Cli r = Cli.run("experiment", "--quick", "--runs-dir", runs.toString());
        assertEquals(0, r.code, r.toString());
        assertTrue(r.out.contains("PASS  test-separable"), r.out);
        Path dir = onlyRun("-experiment");
        assertTrue(Files.readString(dir.resolve("report.html")).contains("test-separable/report.html"));
        assertNotBlankPng(dir.resolve("test-separable/loss-vs-step.png"));
        Cli fail = Cli.run("experiment", "test-separable:min-accuracy=1.01", "--quick", "--runs-dir", runs.toString());
        assertEquals(1, fail.code, fail.toString());
        assertTrue(fail.out.contains("FAIL  test-separable"), fail.out);
    }

    @Test
    void everyCommandHasHelp() {
        for (String c : List.of("compare", "train", "experiment", "list", "bench")) {
            Cli r = Cli.run(c, "--help");
            assertEquals(0, r.code, c);
            assertTrue(r.out.contains("Usage: vecgrad " + c), r.out);
        }
        assertTrue(Cli.run("--help").out.contains("compare"));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
