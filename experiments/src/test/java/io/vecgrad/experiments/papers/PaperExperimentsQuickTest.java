package io.vecgrad.experiments.papers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.datasets.real.SklearnData;
import io.vecgrad.experiments.Experiment;
import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.Parameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every registered experiment runs from the registry in its tiny ({@code quick}) configuration
 * through a plain Java context and reports a one-line measurement and its artifacts; those that
 * write {@code outcome.txt} ({@link Outcome}) must agree with it and list their criteria. The
 * verdict itself is never asserted: a tiny run decides nothing. Experiments whose data files
 * (Fashion-MNIST, scikit-learn's) are absent are skipped; CI installs both packages.
 */
class PaperExperimentsQuickTest {
    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> everyRegisteredExperimentRunsQuick() {
        return Experiments.all().stream().map(e -> DynamicTest.dynamicTest(e.id(), () -> check(e)));
    }

    private void check(Experiment e) throws Exception {
        Path out = dir.resolve(e.id());
        ExperimentResult r;
        try {
            r = e.run(Parameters.defaults(e.defaults()), ExperimentContext.of(out, 1, true));
        } catch (java.nio.file.NoSuchFileException | java.io.FileNotFoundException x) {
            // a Debian data package (dataset-fashion-mnist, python3-sklearn) is absent; CI installs both
            Assumptions.abort(e.id() + " needs a data file that is not installed: " + x.getMessage());
            return;
        }
        String id = e.id();
        assertFalse(r.measured().isBlank(), id + ": nothing measured");
        assertFalse(r.measured().contains("\n"), id + ": measured must be one line");
        for (Path f : r.artifacts()) assertTrue(Files.size(out.resolve(f)) > 0, id + ": " + f + " is empty");
        if (Files.exists(out.resolve("outcome.txt"))) {
            assertTrue(r.measured().contains("[ok]") || r.measured().contains("[FAIL]"), id + ": no criterion reported: " + r.measured());
            assertFalse(r.artifacts().isEmpty(), id + ": no artifacts");
            assertEquals(r.passed() ? "PASS" : "FAIL", Files.readAllLines(out.resolve("outcome.txt")).get(0));
            assertTrue(r.measured().contains("[FAIL]") != r.passed(), id + ": verdict and criteria disagree");
        }
    }
}
