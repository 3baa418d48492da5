package io.vecgrad.cli.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.cli.command.CliContext;
import io.vecgrad.cli.Main;
import io.vecgrad.cli.registry.Registries;
import io.vecgrad.train.MiScheduleHook;
import io.vecgrad.train.report.MetricsCsv;
import io.vecgrad.train.MetricRow;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The P18 MI schedule from the command line: listed, and its hook bound to the run's model so the rate decays. */
class MiScheduleWiringTest {
    @TempDir
    Path runs;

    private static String[] run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int code = Main.run(new CliContext(Registries.standard(), new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8), Path.of(".").toAbsolutePath(), false), args);
        return new String[] {Integer.toString(code), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void listedAndDecaysTheRateDuringARun() throws Exception {
        String[] list = run("list", "schedules");
        assertEquals("0", list[0], list[2]);
        assertTrue(list[1].contains("mi") && list[1].contains("P18"), list[1]);
        assertTrue(Registries.standard().schedules().resolve("--schedule", "mi").factory().create(
                Registries.standard().schedules().resolve("--schedule", "mi").params(), 0.1, 10) instanceof MiScheduleHook);

        String[] r = run("train", "-d", "digits", "-m", "mlp:hidden=16", "-o", "sgd:lr=0.2", "-s", "mi:threshold=0.01", "-e", "3", "-b", "64",
                "--no-progress", "--runs-dir", runs.toString());
        assertEquals("0", r[0], r[1] + r[2]);
        Path dir;
        try (Stream<Path> s = Files.list(runs)) {
            dir = s.filter(p -> p.getFileName().toString().endsWith("-train")).findFirst().orElseThrow();
        }
        List<MetricRow> rows = MetricsCsv.read(dir.resolve("metrics.csv"));
        double first = rows.get(0).learningRate(), last = rows.get(rows.size() - 1).learningRate();
        assertEquals(0.2, first, 1e-12, "the run starts at LR_max = the optimizer's lr");
        assertTrue(last < first, "the MI hook must have lowered the rate after the first epochs, lr " + first + " -> " + last);
    }
}
