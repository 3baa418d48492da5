package io.vecgrad.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.cli.Main;
import io.vecgrad.cli.registry.Registries;
import io.vecgrad.cli.run.RunSession;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.io.Json;
import io.vecgrad.train.Checkpoint;
import io.vecgrad.train.report.RunFolder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --workers K --jvms}: worker JVMs on loopback give the in-JVM run's parameters bit for
 * bit, and a killed worker JVM stops the run with its name and a loadable last checkpoint. Uses the
 * standard registries (the child JVMs do) and the bundled digits.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class TrainJvmsTest {
    @TempDir
    Path runs;

    private record Run(int code, String out, String err, Path dir) {}

    private Run train(Path root, String... args) throws Exception {
        Files.createDirectories(root);
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        String[] all = Stream.concat(Stream.of("train", "--runs-dir", root.toString(), "--no-progress"), Stream.of(args))
                .toArray(String[]::new);
        int code = Main.run(new CliContext(Registries.standard(), new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8), Path.of(".").toAbsolutePath(), false), all);
        Path dir;
        try (Stream<Path> s = Files.list(root)) {
            dir = s.filter(p -> p.getFileName().toString().endsWith("-train")).findFirst().orElse(null);
        }
        return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8), dir);
    }

    private static Checkpoint last(Path dir) throws Exception {
        return RunSession.checkpointsOf(RunFolder.open(dir)).latest().orElseThrow();
    }

    @Test
    void workerJvmsGiveTheInJvmParametersBitForBit() throws Exception {
        String[] job = {"-d", "digits", "-m", "logistic", "-o", "adam:lr=1e-2", "-e", "1", "-b", "64", "--workers", "2",
            "--all-reduce", "tree"};
        Run inJvm = train(runs.resolve("in"), job);
        assertEquals(0, inJvm.code(), inJvm.err());
        Run jvms = train(runs.resolve("jvms"), Stream.concat(Stream.of(job), Stream.of("--jvms")).toArray(String[]::new));
        assertEquals(0, jvms.code(), jvms.err());
        assertTrue(jvms.err().contains("worker 1: done after 12 steps on its shard"), jvms.err());
        Map<?, ?> config = (Map<?, ?>) Json.parse(Files.readString(jvms.dir().resolve("config.json")));
        assertEquals(true, config.get("jvms"), config.toString());
        assertEquals("tree", config.get("all-reduce"), config.toString());
        Checkpoint a = last(inJvm.dir());
        Checkpoint b = last(jvms.dir());
        assertEquals(12, b.position().step());
        assertEquals(a.position().step(), b.position().step());
        assertEquals(a.modelState().keySet(), b.modelState().keySet());
        for (Map.Entry<String, Tensor> e : a.modelState().entrySet()) {
            double[] x = e.getValue().toDoubleArray();
            double[] y = b.modelState().get(e.getKey()).toDoubleArray();
            assertEquals(x.length, y.length, e.getKey());
            for (int i = 0; i < x.length; i++) {
                assertEquals(Double.doubleToRawLongBits(x[i]), Double.doubleToRawLongBits(y[i]),
                        e.getKey() + "[" + i + "] in-JVM " + x[i] + " vs JVMs " + y[i]);
            }
        }
    }

    @Test
    void badDataParallelOptionsAreRefusedWithTheFlagAndFigures() {
        io.vecgrad.cli.testing.Cli tree = io.vecgrad.cli.testing.Cli.run("train", "--workers", "2", "--all-reduce",
                "butterfly", "-d", "test-blobs:n=40", "-m", "test-logreg", "-o", "test-sgd", "--runs-dir", runs.toString());
        assertEquals(2, tree.code, tree.toString());
        assertTrue(tree.err.contains("--all-reduce: all-reduce: unknown algorithm 'butterfly'; known: ring, tree"), tree.err);
        io.vecgrad.cli.testing.Cli one = io.vecgrad.cli.testing.Cli.run("train", "--jvms", "-d", "test-blobs:n=40", "-m",
                "test-logreg", "-o", "test-sgd", "--runs-dir", runs.toString());
        assertEquals(2, one.code, one.toString());
        assertTrue(one.err.contains("--jvms needs --workers of at least 2, got 1"), one.err);
        // 64 training examples over 3 workers: shards of 22 and 21 give 4 and 3 batches of 7
        io.vecgrad.cli.testing.Cli uneven = io.vecgrad.cli.testing.Cli.run("train", "--workers", "3", "-b", "7", "-d",
                "test-blobs:n=80", "-m", "test-logreg", "-o", "test-sgd", "-e", "1", "--runs-dir", runs.toString());
        assertEquals(2, uneven.code, uneven.toString());
        assertTrue(uneven.err.contains("--workers 3: the 64 training examples make shards of 22 and 21 examples, which"
                + " give 4 and 3 batches of 7 per epoch"), uneven.err);
    }

    @Test
    void aKilledWorkerJvmStopsTheRunNamingItAndTheLastCheckpointLoads() throws Exception {
        Path root = runs.resolve("fault");
        CompletableFuture<Run> running = CompletableFuture.supplyAsync(() -> {
            try {
                return train(root, "-d", "digits", "-m", "logistic", "-o", "adam:lr=1e-2", "-e", "500", "-b", "64",
                        "--workers", "3", "--jvms", "--checkpoint-every", "4");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        ProcessHandle victim = awaitCheckpointThenFindWorker(root, 2);
        victim.destroyForcibly();
        Run r = running.get(180, TimeUnit.SECONDS);
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("worker 2 (JVM pid " + victim.pid() + ") left the run"), r.err());
        assertTrue(r.err().contains("last complete checkpoint: "), r.err());
        Checkpoint c = last(r.dir());
        assertTrue(c.position().step() >= 4, "checkpoint at step " + c.position().step());
        for (Tensor t : c.modelState().values()) {
            for (double v : t.toDoubleArray()) {
                assertTrue(Double.isFinite(v), "checkpoint value " + v);
            }
        }
        assertTrue(ProcessHandle.current().children().noneMatch(p -> p.isAlive() && isWorker(p, 1)),
                "the surviving worker JVM was stopped too");
    }

    private static ProcessHandle awaitCheckpointThenFindWorker(Path root, int rank) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        while (System.nanoTime() < end) {
            try (Stream<Path> dirs = Files.list(root)) {
                Path ckpt = dirs.map(d -> d.resolve("checkpoints")).filter(Files::isDirectory).findFirst().orElse(null);
                if (ckpt != null) {
                    try (Stream<Path> files = Files.list(ckpt)) {
                        if (files.findAny().isPresent()) {
                            List<ProcessHandle> w = ProcessHandle.current().children().filter(p -> isWorker(p, rank)).toList();
                            assertEquals(1, w.size(), "one JVM of worker " + rank);
                            return w.get(0);
                        }
                    }
                }
            } catch (java.nio.file.NoSuchFileException e) {
                // the run folder is not there yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no checkpoint within 150 s");
    }

    private static boolean isWorker(ProcessHandle p, int rank) {
        String line;
        try {   // Linux: the kernel's copy of the command line, NUL-separated
            line = Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline"), StandardCharsets.UTF_8)
                    .replace('\0', ' ') + " ";
        } catch (java.io.IOException | RuntimeException e) {
            line = p.info().arguments().map(a -> String.join(" ", a)).orElse("") + " ";
        }
        return line.contains("io.vecgrad.cli.run.TrainJvms") && line.contains(" --rank " + rank + " ");
    }
}
