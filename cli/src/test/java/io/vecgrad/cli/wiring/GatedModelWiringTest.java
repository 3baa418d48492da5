package io.vecgrad.cli.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.cli.Main;
import io.vecgrad.cli.command.CliContext;
import io.vecgrad.cli.registry.Registries;
import io.vecgrad.train.MetricRow;
import io.vecgrad.train.report.MetricsCsv;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** P02's gated LeNet from the command line: listed, trainable, and its L0 penalty is part of the training loss. */
class GatedModelWiringTest {
    @TempDir
    Path runs;

    private static String[] run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int code = Main.run(new CliContext(Registries.standard(), new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8), Path.of(".").toAbsolutePath(), false), args);
        return new String[] {Integer.toString(code), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
    }

    private double firstTrainLoss(String lambda, String name) throws Exception {
        Path dir = runs.resolve(name);
        String[] r = run("train", "-d", "digits", "-m", "gated-lenet:c1=2,c2=3,kernel=3,lambda=" + lambda, "-o", "adam:lr=0.01",
                "-e", "1", "-b", "64", "--seed", "3", "--no-progress", "--runs-dir", dir.toString());
        assertEquals("0", r[0], r[1] + r[2]);
        Path run;
        try (Stream<Path> s = Files.list(dir)) {
            run = s.filter(p -> p.getFileName().toString().endsWith("-train")).findFirst().orElseThrow();
        }
        List<MetricRow> rows = MetricsCsv.read(run.resolve("metrics.csv"));
        return rows.get(0).loss();
    }

    @Test
    void listedTrainableAndPenalised() throws Exception {
        String[] list = run("list", "models");
        assertEquals("0", list[0], list[2]);
        assertTrue(list[1].contains("gated-lenet"), list[1]);
        double plain = firstTrainLoss("0", "a"), penalised = firstTrainLoss("100", "b");
        assertTrue(penalised > plain + 10, "lambda = 100 adds about 100 x (fraction of open gates) to the loss: " + plain + " vs " + penalised);
        String[] bad = run("train", "-d", "digits", "-m", "gated-lenet:gate=magic", "-e", "1", "--no-progress", "--runs-dir", runs.toString());
        assertEquals("2", bad[0]);
        assertTrue(bad[2].contains("--model gated-lenet: gate must be diffprune or hard-concrete, got 'magic'"), bad[2]);
    }
}
