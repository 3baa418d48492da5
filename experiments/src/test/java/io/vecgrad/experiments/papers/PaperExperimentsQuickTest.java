package io.vecgrad.experiments.papers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every experiment of this package runs in its tiny configuration and reports figures, a verdict
 * and its tables. The verdict itself is never asserted: a tiny run decides nothing.
 */
class PaperExperimentsQuickTest {
    @TempDir
    Path dir;

    private void check(String name, Supplier<Outcome> run) throws Exception {
        Outcome o = run.get();
        assertFalse(o.summary().isBlank(), name + ": empty summary");
        assertTrue(o.summary().contains("[ok]") || o.summary().contains("[FAIL]"), name + ": no criterion reported");
        assertFalse(o.tables().isEmpty(), name + ": no tables");
        List<Path> files = o.write(dir.resolve(name));
        for (Path f : files) assertTrue(Files.size(f) > 0, f + " is empty");
        String verdict = Files.readAllLines(dir.resolve(name).resolve("summary.txt")).get(0);
        assertEquals(o.passed() ? "PASS" : "FAIL", verdict);
    }

    @Test
    void p68RunsOnDigitsAndTheSyntheticFunctions() throws Exception {
        check("p68", () -> P68DiffGrad.run(P68DiffGrad.Config.quick()));
    }

    @Test
    void fashionExperimentsRun() throws Exception {
        Assumptions.assumeTrue(ImageData.fashionAvailable(), "Fashion-MNIST is not installed");
        check("p05", () -> P05Cyclical.run(P05Cyclical.Config.quick()));
        check("p41", () -> P41AdAdaGrad.run(P41AdAdaGrad.Config.quick()));
        check("p06", () -> P06Ssgd.run(P06Ssgd.Config.quick()));
        check("p29", () -> P29PowerGradient.run(GridComparison.Budget.quick()));
        check("p56", () -> P56AdaBelief.run(GridComparison.Budget.quick()));
    }
}
