package io.vecgrad.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.cli.testing.Cli;
import io.vecgrad.tensor.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vecgrad train --diagnostics} and {@code vecgrad list samplers}. */
class DiagnosticsCommandTest {
    @TempDir
    Path runs;

    private static Path onlyRun(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> dirs = s.filter(p -> p.getFileName().toString().endsWith("-train")).toList();
            assertEquals(1, dirs.size(), "run folders: " + dirs);
            return dirs.get(0);
        }
    }

    private Cli train(String runsDir, String diagnostics) {
        return Cli.run("train", "-d", "test-blobs:n=80", "-m", "test-logreg", "-o", "test-sgd:lr=0.5", "-e", "3", "-b", "16",
                "--diagnostics", diagnostics, "--no-progress", "--runs-dir", runs.resolve(runsDir).toString());
    }

    @Test
    void diagnosticsWritePlotsCsvsAndReportSections() throws Exception {
        Cli r = train("a", "noise-spectrum,opposing-signals");
        assertEquals(0, r.code, r.toString());
        Path dir = onlyRun(runs.resolve("a"));
        for (String f : List.of("gradient-noise.csv", "gradient-noise-spectrum.csv", "gradient-noise-spectrum.png", "gradient-noise-rank.png",
                "diffusion-metric-steps.png", "opposing-signals.csv", "opposing-signals-losses.png")) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        // one observation per epoch end: header + 3 rows; the opposing-signals tracker also saw the initial weights
        assertEquals(4, Files.readAllLines(dir.resolve("gradient-noise.csv")).size());
        assertEquals(5, Files.readAllLines(dir.resolve("opposing-signals.csv")).size());
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("Gradient noise (P25, P19)") && html.contains("gradient-noise-spectrum.png"), "report lacks the noise section");
        assertTrue(html.contains("Opposing signals (P66)") && html.contains("opposing-signals-losses.png"), "report lacks the P66 section");
        Map<?, ?> config = (Map<?, ?>) Json.parse(Files.readString(dir.resolve("config.json")));
        assertEquals(List.of("noise-spectrum", "opposing-signals"), config.get("diagnostics"));

        Cli again = train("b", "noise-spectrum,opposing-signals");
        assertEquals(0, again.code, again.toString());
        Path other = onlyRun(runs.resolve("b"));
        assertEquals(Files.readString(dir.resolve("gradient-noise.csv")), Files.readString(other.resolve("gradient-noise.csv")), "same seed, same figures");
        assertEquals(Files.readString(dir.resolve("opposing-signals.csv")), Files.readString(other.resolve("opposing-signals.csv")));
    }

    @Test
    void withoutTheFlagNothingIsMeasured() throws Exception {
        Cli r = Cli.run("train", "-d", "test-blobs:n=40", "-m", "test-logreg", "-o", "test-sgd", "-e", "1", "--no-progress",
                "--runs-dir", runs.toString());
        assertEquals(0, r.code, r.toString());
        Path dir = onlyRun(runs);
        assertTrue(Files.notExists(dir.resolve("gradient-noise.csv")));
        assertTrue(!Files.readString(dir.resolve("report.html")).contains("Gradient noise"));
    }

    @Test
    void unknownDiagnosticListsTheValidOnes() {
        Cli r = train("c", "noise-spectrum,hessian");
        assertEquals(2, r.code, r.toString());
        assertTrue(r.err.contains("--diagnostics: unknown diagnostic 'hessian'; valid: noise-spectrum, opposing-signals"), r.err);
        assertTrue(Files.notExists(runs.resolve("c")), "no run folder for a bad flag");
    }

    @Test
    void listSamplersPrintsTheSamplerRegistry() {
        Cli r = Cli.run("list", "samplers");
        assertEquals(0, r.code, r.toString());
        assertTrue(r.out.contains("svgd  (sampler)") && r.out.contains("a-svgd  (sampler) [P30]") && r.out.contains("nvgd  (sampler) [P28]"), r.out);
        assertTrue(r.out.contains("java: io.vecgrad.optim.particles.BayesianNeuralNet#regression"), r.out);
    }
}
