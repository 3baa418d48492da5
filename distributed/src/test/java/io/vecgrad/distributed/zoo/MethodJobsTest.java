package io.vecgrad.distributed.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.distributed.MethodRegistry;
import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.RoundMethod;
import io.vecgrad.distributed.Simulation;
import io.vecgrad.distributed.Worker;
import io.vecgrad.distributed.admm.WlsClient;
import io.vecgrad.distributed.sim.SyncSimulator;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MethodJobsTest {
    static double figure(String metrics, String key) {
        String rest = metrics.substring(metrics.indexOf(key) + key.length()).trim();
        return Double.parseDouble(rest.split(" ")[0]);
    }

    static ParamVector run(MethodJob job, int rounds) {
        List<Worker> ws = new ArrayList<>();
        for (int i = 0; i < job.workers(); i++) ws.add(job.worker(i));
        RoundMethod m = job.method();
        try (SyncSimulator sim = SyncSimulator.builder(ws).seed(3).build()) {
            Simulation.run(m, sim, rounds, rounds, x -> 0);
            return m.model(sim);
        }
    }

    @Test
    void everyJobIsARegisteredMethodAndLearns() {
        for (String name : MethodJobs.names()) {
            assertEquals(name, MethodRegistry.entry(name).name());
            MethodJob job = MethodJobs.create(name, 4, 42, 30);
            assertEquals(name, job.method().name(), "the job runs the method it is named for");
            String before = job.metrics(ParamVector.zeros(job.worker(0).params().dim()));
            String after = job.metrics(run(job, 30));
            if (name.startsWith("admm")) {
                assertTrue(figure(after, "msd") < 0.05 * figure(before, "msd"), name + ": " + before + " → " + after);
            } else {
                assertTrue(figure(after, "accuracy") > 0.8 && figure(after, "loss") < figure(before, "loss"), name + ": " + before + " → " + after);
            }
        }
    }

    @Test
    void admmClientsAreTheSameOnEveryNodeAndTheOptimumIsTheirs() {
        MethodJob a = MethodJobs.create("admm-fl-dual-free", 3, 5, 10), b = MethodJobs.create("admm-fl-dual-free", 3, 5, 10);
        List<WlsClient> cs = IntStream.range(0, 3).mapToObj(k -> (WlsClient) a.worker(k).problem()).toList();
        ParamVector wStar = new ParamVector(WlsClient.optimum(cs));
        assertEquals(0, figure(a.metrics(wStar), "msd"), 0);
        for (int k = 0; k < 3; k++) {
            assertTrue(new ParamVector(cs.get(k).p()).bitwiseEquals(new ParamVector(((WlsClient) b.worker(k).problem()).p())));
        }
    }

    @Test
    void badNamesAndSizesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MethodJobs.create("admm", 3, 1, 5));
        assertTrue(e.getMessage().contains("admm-fl-dual-free"), e.getMessage());
        IllegalArgumentException z = assertThrows(IllegalArgumentException.class, () -> MethodJobs.create("gradient-coding", 0, 1, 5));
        assertTrue(z.getMessage().contains("got 0 and 5"), z.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MethodJobs.create("gradient-coding", 3, 1, 5).worker(3));
    }
}
