package io.vecgrad.cli.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.cli.command.CliContext;
import io.vecgrad.cli.Main;
import io.vecgrad.cli.registry.Registries;
import io.vecgrad.tensor.io.Json;
import io.vecgrad.train.report.MetricsCsv;
import io.vecgrad.train.report.Plots;
import io.vecgrad.train.MetricRow;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real registries end to end, in tiny configurations. */
class WiringTest {
    @TempDir
    Path runs;

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Main.run(new CliContext(Registries.standard(), new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8), Path.of(".").toAbsolutePath(), false), args);
        return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    private Path onlyRun(String suffix) throws IOException {
        try (Stream<Path> s = Files.list(runs)) {
            List<Path> dirs = s.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
            assertEquals(1, dirs.size(), "run folders: " + dirs);
            return dirs.get(0);
        }
    }

    @Test
    void compareTrainsTheCnnOnDigits() throws Exception {
        Result r = run("compare", "-d", "digits", "-m", "cnn", "-o", "sgd:lr=0.05,momentum=0.9", "-o", "adam:lr=3e-3",
                "-e", "1", "-b", "64", "--no-progress", "--runs-dir", runs.toString());
        assertEquals(0, r.code, r.out + r.err);
        Path dir = onlyRun("-compare");
        List<MetricRow> rows = MetricsCsv.read(dir.resolve("metrics.csv"));
        // 1438 training digits / 64 = 23 steps, two optimizers
        assertEquals(46, rows.size());
        double first = rows.get(0).loss();
        double last = rows.get(22).loss();
        assertTrue(last < first, "loss did not fall: " + first + " -> " + last);
        List<?> summary = (List<?>) Json.parse(Files.readString(dir.resolve("summary.json")));
        assertEquals(2, summary.size());
        assertRunFolder(dir);
    }

    @Test
    void everyModelTrainsAStep() throws Exception {
        String[][] cases = {{"digits", "mlp:hidden=16"}, {"digits", "logistic"}, {"digits", "transformer:d=8,heads=2,ff=8"},
                {"four-clusters:n=40,d=5", "two-layer:hidden=8"}, {"sphere:n=40,d=4", "mlp:hidden=8"},
                {"overparam-linear:n=16,d=32", "logistic"}, {"digits", "moe-transformer:d=8,heads=2,ff=8,experts=2"},
                {"digits", "crate:dim=8,depth=1,heads=2,dim-head=4"}};
        for (String[] c : cases) {
            Result r = run("train", "-d", c[0], "-m", c[1], "-o", "adam:lr=1e-3", "-e", "1", "-b", "16", "--no-progress",
                    "--runs-dir", runs.resolve(c[1].replace(':', '_')).toString());
            assertEquals(0, r.code, c[0] + " " + c[1] + ": " + r.out + r.err);
        }
    }

    @Test
    void experimentsRunQuickAndReport() throws Exception {
        Result r = run("experiment", "--quick", "p04-interpolation:epochs=20", "p68-diffgrad", "p52-linear-decay",
                "--no-progress", "--runs-dir", runs.toString());
        assertTrue(r.code == 0 || r.code == 1, r.out + r.err);
        for (String name : List.of("p04-interpolation", "p68-diffgrad", "p52-linear-decay")) {
            assertTrue(Pattern.compile("(PASS|FAIL)  " + name + ": ").matcher(r.out).find(), r.out);
        }
        Path dir = onlyRun("-experiment");
        assertTrue(Files.exists(dir.resolve("p68-diffgrad/p68-cnn.csv")));   // digits only: no data set to install
        assertRunFolder(dir.resolve("p52-linear-decay"));
        Json.parse(Files.readString(dir.resolve("config.json")));
        assertReferencesExist(dir);   // the top report links only files that exist there
    }

    @Test
    void listShowsTheWiredNames() {
        Result r = run("list");
        assertEquals(0, r.code, r.err);
        for (String name : List.of("digits", "fashion-mnist", "iris", "four-clusters", "overparam-linear", "cnn", "mlp",
                "lenet", "two-layer", "transformer", "sgd", "adam", "adabelief", "diffgrad", "mass", "ssgd", "p56-adabelief",
                "cosine", "cyclical", "linear-decay", "one-cycle", "p04-interpolation", "p11-mass", "p41-adadagrad",
                "moe-transformer", "crate", "p31-moe-agd", "p32-crate")) {
            assertTrue(r.out.contains(name), "list lacks " + name + ":\n" + r.out);
        }
        // optimizers are printed from optim's registry: paper IDs, official defaults, one line per key
        for (String text : List.of("adabelief  [P56]", "rectify=true", "weight-decay=0.0", "momentum-annealing  [P17]")) {
            assertTrue(r.out.contains(text), "list lacks " + text + ":\n" + r.out);
        }
    }

    @Test
    void checkpointedOptimizerStateResumes() throws Exception {
        Result r = run("train", "-d", "iris", "-m", "mlp:hidden=8", "-o", "adabelief:lr=1e-2", "-e", "2", "-b", "16",
                "--checkpoint-every", "3", "--no-progress", "--runs-dir", runs.toString());
        org.junit.jupiter.api.Assumptions.assumeTrue(!r.err.contains("not installed"), "python3-sklearn missing");
        assertEquals(0, r.code, r.out + r.err);
        Path dir = onlyRun("-train");
        Result resumed = run("train", "--resume", dir.toString(), "-e", "3", "--no-progress");
        assertEquals(0, resumed.code, resumed.out + resumed.err);
    }

    private static void assertRunFolder(Path dir) throws IOException {
        for (String png : List.of("loss-vs-step.png", "accuracy-vs-step.png")) {
            BufferedImage img = ImageIO.read(dir.resolve(png).toFile());
            assertEquals(Plots.WIDTH, img.getWidth());
            assertEquals(Plots.HEIGHT, img.getHeight());
            java.util.Set<Integer> colours = new java.util.HashSet<>();
            for (int y = 0; y < img.getHeight(); y += 3) {
                for (int x = 0; x < img.getWidth(); x += 3) {
                    colours.add(img.getRGB(x, y));
                }
            }
            assertTrue(colours.size() > 5, png + " looks blank");
        }
        MetricsCsv.read(dir.resolve("metrics.csv"));
        Json.parse(Files.readString(dir.resolve("summary.json")));
        assertReferencesExist(dir);
    }

    private static void assertReferencesExist(Path dir) throws IOException {
        String html = Files.readString(dir.resolve("report.html"));
        Matcher m = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(html);
        while (m.find()) {
            assertTrue(Files.exists(dir.resolve(m.group(1))), "report.html references missing " + m.group(1));
        }
    }
}
