package io.vecgrad.experiments.papers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** P63, P12 and P15 in their quick configurations: criteria reported, PNGs written, and the same figures on a second run (determinism). */
class ZerothOrderTwoLayerQuickTest {
    @TempDir
    Path dir;

    @Test
    void quickRunsReportCriteriaAndAreDeterministic() throws Exception {
        for (PaperExperiment e : List.of(new P63SharedSeedSpsa(), new P12KernelRegime(), new P15NeuronAlignment())) {
            ExperimentResult a = e.run(Parameters.defaults(e.defaults()), ExperimentContext.of(dir.resolve(e.id() + "-a"), 1, true));
            ExperimentResult b = e.run(Parameters.defaults(e.defaults()), ExperimentContext.of(dir.resolve(e.id() + "-b"), 1, true));
            assertTrue(a.measured().contains("[ok]") || a.measured().contains("[FAIL]"), e.id() + ": " + a.measured());
            assertTrue(a.artifacts().stream().anyMatch(p -> p.toString().endsWith(".png")), e.id() + ": no plot among " + a.artifacts());
            assertEquals(a.figures(), b.figures(), e.id() + ": figures differ between two runs with the same seeds");
            assertTrue(Files.size(dir.resolve(e.id() + "-a").resolve("outcome.txt")) > 0);
        }
    }
}
