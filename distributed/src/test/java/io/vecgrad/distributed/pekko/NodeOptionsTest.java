package io.vecgrad.distributed.pekko;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeOptionsTest {
    @Test
    void argumentsRoundTripAndTheConfigFileIsOverriddenByLaterFlags(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("cluster.conf");
        Files.writeString(conf, "vecgrad.cluster { name = lab, hostname = \"10.0.0.5\", port = 25520,"
                + " seed-nodes = [\"10.0.0.5:25520\"] }\n");
        NodeOptions o = NodeOptions.parse("--config", conf.toString(), "--rank", "1", "--workers", "2", "--port", "0",
                "--method", "gossip-pga", "--rounds", "7");
        assertEquals("lab", o.name());
        assertEquals("10.0.0.5", o.hostname());
        assertEquals(0, o.port());
        assertEquals(List.of("10.0.0.5:25520"), o.seedNodes());
        assertEquals("gossip-pga", o.method());
        assertEquals(o, NodeOptions.parse(o.toArgs().toArray(String[]::new)));
        assertEquals(List.of("pekko://lab@10.0.0.5:25520"), o.settings().toConfig().getStringList("pekko.cluster.seed-nodes"));
        FedAvgJob job = new FedAvgJob(2, 1);
        assertTrue(NodeOptions.METHODS.containsAll(List.of("fedavg", "fedprox", "scaffold", "gossip-pga", "sign-majority-vote")));
        assertTrue(NodeOptions.METHODS.containsAll(AsyncClusterNode.METHODS), "asynchronous methods run on nodes too");
        for (String m : NodeOptions.METHODS) {
            if (!AsyncClusterNode.METHODS.contains(m) && !m.equals(DadaoClusterNode.METHOD)) {
                assertTrue(!ClusterNode.method(o.withMethod(m), job).name().isBlank(), m);
            }
            assertEquals(m, io.vecgrad.distributed.MethodRegistry.entry(m).name(), "--method names are registry names");
        }
        assertEquals(FedAvgJob.Method.class, ClusterNode.method(o.withMethod("fedavg"), job).getClass(),
                "fedavg is the job's departure-tolerant FedAvg");
    }

    @Test
    void badInputNamesTheFlagOrTheFigures() {
        IllegalArgumentException a = assertThrows(IllegalArgumentException.class,
                () -> NodeOptions.parse("--rank", "x", "--workers", "2"));
        assertTrue(a.getMessage().contains("--rank 'x'"), a.getMessage());
        IllegalArgumentException b = assertThrows(IllegalArgumentException.class,
                () -> NodeOptions.parse("--rank", "2", "--workers", "2"));
        assertTrue(b.getMessage().contains("rank 2 of 2"), b.getMessage());
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class,
                () -> NodeOptions.parse("--rank", "0", "--workers", "2", "--method", "sgd"));
        assertTrue(c.getMessage().contains("unknown method 'sgd'"), c.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NodeOptions.parse("--rank", "0", "--workers", "2", "--bogus", "1"));
        IllegalArgumentException d = assertThrows(IllegalArgumentException.class,
                () -> NodeOptions.parse("--rank", "0", "--workers", "2", "--seed-nodes", "nohost"));
        assertTrue(d.getMessage().contains("'nohost' is not host:port"), d.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClusterSettings.fromFile(Path.of("/nonexistent/cluster.conf")));
    }
}
