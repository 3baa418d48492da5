package io.vecgrad.experiments.papers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.experiments.Experiment;
import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.Parameters;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The re-done experiments run from the registry in their tiny ({@code quick}) configuration and
 * report figures, a verdict, a summary and their tables. The verdict itself is never asserted: a
 * tiny run decides nothing.
 */
class PaperExperimentsQuickTest {
    @TempDir
    Path dir;

    private void check(String id) throws Exception {
        Experiment e = Experiments.find(id).orElseThrow();
        Path out = dir.resolve(id);
        ExperimentResult r = e.run(Parameters.defaults(e.defaults()), ExperimentContext.withoutNamedRuns(out, 1, true));
        assertTrue(r.measured().contains("[ok]") || r.measured().contains("[FAIL]"), id + ": no criterion reported: " + r.measured());
        assertFalse(r.artifacts().isEmpty(), id + ": no artifacts");
        for (Path f : r.artifacts()) assertTrue(Files.size(out.resolve(f)) > 0, f + " is empty");
        assertEquals(r.passed() ? "PASS" : "FAIL", Files.readAllLines(out.resolve("outcome.txt")).get(0));
        assertTrue(r.measured().contains("[FAIL]") != r.passed(), id + ": verdict and criteria disagree");
        assertFalse(r.measured().contains("\n"), id + ": measured must be one line");
    }

    @Test
    void p68RunsOnDigitsAndTheSyntheticFunctions() throws Exception {
        check("p68-diffgrad");
    }

    @Test
    void fashionExperimentsRun() throws Exception {
        Assumptions.assumeTrue(ImageData.fashionAvailable(), "Fashion-MNIST is not installed");
        for (String id : new String[] {"p05-cyclical", "p41-adadagrad", "p06-ssgd", "p29-padam", "p56-adabelief"}) check(id);
    }

    @Test
    void dagAndConvexReluExperimentsRun() throws Exception {
        for (String id : new String[] {"p39-topo", "p61-colide", "p35-convex-relu"}) check(id);
    }
}
