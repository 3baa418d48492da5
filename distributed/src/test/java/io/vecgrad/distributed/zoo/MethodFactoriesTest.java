package io.vecgrad.distributed.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.distributed.MethodRegistry;
import io.vecgrad.distributed.RoundMethod;
import io.vecgrad.distributed.Simulation;
import io.vecgrad.distributed.TestProblems;
import io.vecgrad.distributed.sim.SyncSimulator;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MethodFactoriesTest {
    private static final Set<String> METHOD_FAMILIES = Set.of("federated", "decentralized", "robust", "compressed");

    @Test
    void everyRegisteredSynchronousMethodIsBuiltByNameAndRuns() {
        for (io.vecgrad.optim.zoo.SolverRegistry.Entry e : MethodRegistry.entries()) {
            if (!METHOD_FAMILIES.contains(e.family()) || !e.className().startsWith("io.vecgrad.distributed.fed.")
                    && !e.className().startsWith("io.vecgrad.distributed.gossip.") && !e.className().startsWith("io.vecgrad.distributed.robust.")) {
                continue;
            }
            assertTrue(MethodFactories.names().contains(e.name()), "no factory for " + e.name());
        }
        for (String name : MethodFactories.names()) {
            RoundMethod m = MethodFactories.create(name, 6);
            try (SyncSimulator sim = TestProblems.sim(6, 4, 0.1, 1).build()) {
                double before = TestProblems.globalLoss(sim, sim.worker(0).params());
                Simulation.run(m, sim, 40, 40, x -> 0);
                double after = TestProblems.globalLoss(sim, m.model(sim));
                assertTrue(m.model(sim).isFinite() && after < before, name + ": loss " + before + " -> " + after);
            }
        }
        assertEquals(MethodRegistry.entry("gossip-pga").name(), "gossip-pga");
    }

    @Test
    void unknownNamesAreListed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MethodFactories.create("fedsgd", 4));
        assertTrue(e.getMessage().contains("fedavg"), e.getMessage());
    }
}
