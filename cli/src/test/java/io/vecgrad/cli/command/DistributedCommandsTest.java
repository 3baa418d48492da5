package io.vecgrad.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.cli.testing.Cli;
import io.vecgrad.tensor.io.Json;
import io.vecgrad.train.MetricRow;
import io.vecgrad.train.report.MetricsCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --workers} and {@code cluster}'s checks (the multi-JVM run itself: distributed's ClusterFaultTest). */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class DistributedCommandsTest {
    @TempDir
    Path runs;

    @Test
    void trainWithTwoWorkersRunsDataParallelAndRecordsIt() throws Exception {
        Cli r = Cli.run("train", "--workers", "2", "-d", "test-blobs:n=80", "-m", "test-logreg", "-o", "test-sgd:lr=0.5",
                "-e", "2", "-b", "8", "--runs-dir", runs.toString());
        assertEquals(0, r.code, r.toString());
        Path dir;
        try (Stream<Path> s = Files.list(runs)) {
            dir = s.filter(p -> p.getFileName().toString().endsWith("-train")).findFirst().orElseThrow();
        }
        Map<?, ?> config = (Map<?, ?>) Json.parse(Files.readString(dir.resolve("config.json")));
        assertEquals(2.0, ((Number) config.get("workers")).doubleValue(), config.toString());
        List<MetricRow> rows = MetricsCsv.read(dir.resolve("metrics.csv"));
        // worker 0 logs its own steps: 2 epochs of ceil(32 / 8) steps over its half of the 64 training examples
        assertEquals(8, rows.get(rows.size() - 1).step(), rows.toString());
        assertTrue(Files.list(dir.resolve("checkpoints")).findAny().isPresent(), "worker 0 checkpoints");
    }

    @Test
    void badDistributedOptionsAreRefusedWithTheFlag() {
        Cli zero = Cli.run("train", "--workers", "0", "-d", "test-blobs:n=40", "-m", "test-logreg", "-o", "test-sgd",
                "--runs-dir", runs.toString());
        assertEquals(2, zero.code, zero.toString());
        assertTrue(zero.err.contains("--workers must be at least 1, got 0"), zero.err);
        Cli plateau = Cli.run("train", "--workers", "2", "--reduce-on-plateau", "-d", "test-blobs:n=40", "-m", "test-logreg",
                "-o", "test-sgd", "-e", "1", "--runs-dir", runs.toString());
        assertEquals(2, plateau.code, plateau.toString());
        assertTrue(plateau.err.contains("--workers 2 cannot be combined"), plateau.err);
        Cli method = Cli.run("cluster", "--method", "sgd");
        assertEquals(2, method.code, method.toString());
        assertTrue(method.err.contains("unknown method 'sgd'"), method.err);
        Cli placement = Cli.run("cluster", "--server", "central");
        assertEquals(2, placement.code, placement.toString());
        assertTrue(placement.err.contains("'central' is not one of replicated, singleton"), placement.err);
        Cli gossip = Cli.run("cluster", "--method", "gossip-pga", "--server", "singleton");
        assertEquals(2, gossip.code, gossip.toString());
        assertTrue(gossip.err.contains("method 'gossip-pga' has no server step"), gossip.err);
        Cli lonely = Cli.run("cluster", "--method", "dadao", "--workers", "1");
        assertEquals(2, lonely.code, lonely.toString());
        assertTrue(lonely.err.contains("method dadao needs at least 2 workers (a graph with an edge), got 1"), lonely.err);
        Cli many = Cli.run("cluster", "--workers", "0");
        assertEquals(2, many.code, many.toString());
        assertTrue(many.err.contains("--workers must be in 1..64, got 0"), many.err);
    }
}
