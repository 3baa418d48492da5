package io.vecgrad.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.experiments.papers.Experiments;
import io.vecgrad.train.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry's contract, and experiments executed in their quick configuration through a
 * plain Java context. Verdicts are reported, never asserted to be PASS.
 */
class ExperimentsTest {
    @TempDir
    Path tmp;

    @Test
    void everyExperimentStatesItsClaimThresholdPapersAndDefaults() {
        Set<String> ids = new HashSet<>();
        for (Experiment e : Experiments.all()) {
            assertTrue(ids.add(e.id()), "duplicate id " + e.id());
            assertFalse(e.papers().isEmpty(), e.id());
            assertTrue(e.papers().stream().allMatch(p -> p.matches("P\\d\\d") || p.equals("baseline")), e.id() + " " + e.papers());
            assertFalse(e.claim().isBlank(), e.id());
            assertFalse(e.threshold().isBlank(), e.id());
            assertFalse(e.description().isBlank(), e.id());
            assertEquals(e, Experiments.find(e.id()).map(x -> e).orElseThrow());
        }
        assertTrue(ids.containsAll(List.of("p04-interpolation", "p11-mass", "p05-cyclical", "p52-linear-decay",
                "p41-adadagrad", "p29-power-gradient", "p56-adabelief", "p68-diffgrad", "p06-ssgd")), ids.toString());
        assertTrue(Experiments.find("p99-nothing").isEmpty());
    }

    @Test
    void parametersRefuseUnknownKeysAndWrongTypes() {
        Map<String, Object> d = Experiments.params("epochs", 10, "lr", 0.5, "model", "mlp");
        Parameters p = Parameters.of(d, Map.of("epochs", 3, "lr", 1));
        assertEquals(3, p.getInt("epochs"));
        assertEquals(1.0, p.getDouble("lr"));
        assertEquals("mlp", p.getString("model"));
        assertThrows(IllegalArgumentException.class, () -> Parameters.of(d, Map.of("epoch", 3)));
        assertThrows(IllegalArgumentException.class, () -> Parameters.of(d, Map.of("epochs", 0.5)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.getInt("batch"));
        assertTrue(e.getMessage().contains("batch"), e.getMessage());
    }

    @Test
    void p11RunsQuickAndReportsFigures() throws Exception {
        ExperimentResult r = run("p11-mass");
        assertTrue(r.measured().contains("median final loss"), r.measured());
        assertEquals(3.0, r.figures().get("seeds"), "quick runs use 3 seeds");
        assertTrue(r.figures().containsKey("mass_median_relative_loss"), r.figures().toString());
    }

    @Test
    void trainerRunsLandInTheFolderAndAreAnnouncedToTheHost() throws Exception {
        Experiment e = Experiments.find("p04-interpolation").orElseThrow();
        List<RunSummary> announced = new ArrayList<>();
        ExperimentContext plain = ExperimentContext.of(tmp, 42, true);
        ExperimentContext host = new ExperimentContext() {
            @Override public boolean quick() { return true; }
            @Override public long seed() { return 42; }
            @Override public Path dir() { return tmp; }
            @Override public void recordRun(RunSummary run) { announced.add(run); }
        };
        ExperimentResult r = e.run(Parameters.of(e.defaults(), Map.of("epochs", 30)), host);
        assertEquals(1, announced.size());
        assertEquals(30, announced.get(0).steps(), "full-batch GD: one step per epoch");
        assertTrue(r.measured().contains("after 30 GD steps"), r.measured());
        List<String> csv = Files.readAllLines(tmp.resolve("metrics.csv"));
        assertTrue(csv.size() > 1 && csv.stream().skip(1).allMatch(l -> l.contains(announced.get(0).optimizer())), csv.toString());
        // a plain context runs it too: same seed, same bits
        ExperimentResult again = e.run(Parameters.of(e.defaults(), Map.of("epochs", 30)), plain);
        assertEquals(r.measured(), again.measured());
    }

    private ExperimentResult run(String id) throws Exception {
        Experiment e = Experiments.find(id).orElseThrow();
        ExperimentResult r = e.run(Parameters.defaults(e.defaults()), ExperimentContext.of(tmp, 42, true));
        System.out.println(id + ": " + r.verdict() + " — " + r.measured());
        return r;
    }
}
