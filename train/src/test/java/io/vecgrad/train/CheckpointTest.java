package io.vecgrad.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.datasets.DataLoader;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.io.SafeTensors;
import io.vecgrad.tensor.random.Rng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    @TempDir
    Path tmp;

    private static final DataSplit DATA = Fixtures.blobs(60, 3, 3, 3.0, new Rng(1));

    /** A model and an optimizer with non-trivial state (momentum buffers after a few steps). */
    private static Optimizer trained(Model m) {
        Optimizer opt = Fixtures.sgd(m, Schedule.constant(0.1), 0.9);
        try (DataLoader loader = Fixtures.loader(DATA, 8, 1)) {
            Trainer.warmUp(m, opt, loader, 3, java.time.Duration.ofMinutes(1));
        }
        return opt;
    }

    @Test
    void roundTripsModelOptimizerRngPositionAndMetadataExactly() throws IOException {
        Model m = Fixtures.mlpWithDropout(DATA.info(), 2);
        Optimizer opt = trained(m);
        Rng rng = new Rng(3).split("x");
        rng.nextLong();
        Path f = tmp.resolve("c.safetensors");
        LoopPosition at = new LoopPosition(12, 1, 24, 4.5);
        Checkpoint.save(f, "sgd:lr=0.1", at, 8, m.module(), opt.state(), rng, Map.of(0, Map.of("k", "v")),
                Map.of("note", "hello"));
        Checkpoint c = Checkpoint.load(f);
        assertEquals("sgd:lr=0.1", c.label());
        assertEquals(at, c.position());
        assertEquals(8, c.batchSize());
        assertArrayEquals(rng.state(), c.rngState());
        assertEquals(Map.of(0, Map.of("k", "v")), c.hookState());
        assertEquals(Map.of("note", "hello"), c.userMetadata());

        Model fresh = Fixtures.mlpWithDropout(DATA.info(), 77);
        Optimizer freshOpt = Fixtures.sgd(fresh, Schedule.constant(0.1), 0.9);
        try (DataLoader loader = Fixtures.loader(DATA, 32, 1)) {
            c.restore(fresh.module(), freshOpt, loader);
            assertEquals(8, loader.batchSize());
        }
        for (Map.Entry<String, Tensor> e : m.module().stateDict().entrySet()) {
            assertArrayEquals(e.getValue().toDoubleArray(), fresh.module().stateDict().get(e.getKey()).toDoubleArray());
        }
        Map<String, Tensor> a = io.vecgrad.optim.StateCodec.toTensors(opt.state()).tensors();
        Map<String, Tensor> b = io.vecgrad.optim.StateCodec.toTensors(freshOpt.state()).tensors();
        assertEquals(a.keySet(), b.keySet());
        assertTrue(!a.isEmpty(), "momentum buffers are saved");
        a.forEach((k, t) -> assertArrayEquals(t.toDoubleArray(), b.get(k).toDoubleArray(), k));
    }

    @Test
    void isOneSafetensorsFileWithMetadataInTheHeader() throws IOException {
        Model m = Fixtures.logistic(DATA.info(), 2);
        Path f = tmp.resolve("c.safetensors");
        Checkpoint.save(f, "adam", LoopPosition.START, 4, m.module(), trained(m).state(), new Rng(1), Map.of(), Map.of());
        Map<String, String> meta = SafeTensors.readMetadata(f);
        assertEquals(Checkpoint.FORMAT, meta.get("vecgrad.checkpoint"));
        assertEquals("adam", meta.get("label"));
        assertEquals("4", meta.get("batch_size"));
        Map<String, Tensor> tensors = SafeTensors.read(f);
        assertTrue(tensors.keySet().stream().allMatch(k -> k.startsWith("model.") || k.startsWith("optim.")
                || k.equals("rng.state")), tensors.keySet().toString());
        try (var files = Files.list(tmp)) {
            assertEquals(List.of(f), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void storeKeepsTheNewestAndIgnoresPartialFiles() throws IOException {
        CheckpointStore store = new CheckpointStore(tmp, 2);
        Model m = Fixtures.logistic(DATA.info(), 2);
        Optimizer opt = trained(m);
        for (int step = 1; step <= 4; step++) {
            Checkpoint.save(store.fileFor(step), "x", new LoopPosition(step, 0, step, 0), 8, m.module(), opt.state(),
                    new Rng(1), Map.of(), Map.of());
            store.prune();
        }
        // A write cut off by Ctrl-C leaves only a temporary file behind.
        Files.writeString(tmp.resolve(".step-000000005.safetensors.123.tmp"), "half");
        assertEquals(List.of(store.fileFor(3), store.fileFor(4)), store.list());
        assertEquals(4, store.latest().orElseThrow().position().step());
    }

    @Test
    void rejectsForeignFilesNamingThem() throws IOException {
        Path f = tmp.resolve("step-000000001.safetensors");
        Files.writeString(f, "not a checkpoint");
        IOException e = assertThrows(IOException.class, () -> Checkpoint.load(f));
        assertTrue(e.getMessage().contains("step-000000001.safetensors"), e.getMessage());
        Path plain = tmp.resolve("plain.safetensors");
        SafeTensors.write(plain, Map.of("w", Tensor.zeros(2)));
        IOException e2 = assertThrows(IOException.class, () -> Checkpoint.load(plain));
        assertTrue(e2.getMessage().contains("not a vecgrad checkpoint"), e2.getMessage());
    }
}
