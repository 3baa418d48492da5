package io.vecgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vecgrad.autodiff.NoGrad;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.io.Checkpoint;
import io.vecgrad.nn.layers.Activation;
import io.vecgrad.nn.layers.BatchNorm;
import io.vecgrad.nn.layers.Dropout;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.nn.losses.Losses;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.io.SafeTensors;
import io.vecgrad.tensor.random.Rng;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill and resume: a run stopped after a checkpoint and continued by fresh objects from the
 * file ends bit for bit where the uninterrupted run ends. The run uses minibatches drawn from
 * the checkpointed RNG, dropout seeded per step, batch-norm buffers and SGD with momentum
 * (written here; the optim module lives elsewhere).
 */
class CheckpointResumeTest {
    private static final int STEPS = 10, KILL_AT = 4;
    private static final Tensor X = new Rng(100).normal(DType.FLOAT32, 0, 1, 64, 5);
    private static final Tensor Y = new Rng(101).normal(DType.FLOAT32, 0, 1, 64, 1);

    @TempDir
    Path dir;

    /** SGD with momentum: buf = μ·buf + g; p −= lr·buf. State by parameter name, as optim's toTensors(). */
    static final class Sgd {
        final Map<String, Tensor> buf = new LinkedHashMap<>();

        void step(Module m) {
            try (NoGrad s = NoGrad.enter()) {
                m.namedParameters().forEach((k, p) -> {
                    Tensor b = buf.computeIfAbsent(k, n -> Tensor.zeros(p.dtype(), p.shape()));
                    b.mulInPlace(0.9).addInPlace(p.grad());
                    p.value().axpyInPlace(-0.05, b);
                });
            }
            m.zeroGrad();
        }
    }

    private static Module model(long seed) {
        return new Sequential(new Linear(5, 16), new BatchNorm(16), Activation.gelu(), new Dropout(0.2), new Linear(16, 1))
                .initialize(new Rng(seed));
    }

    private static void train(Module m, Sgd opt, Rng rng, long from, long to) {
        for (long step = from; step < to; step++) {
            Tensor idx = rng.randint(0, 64, 16);
            m.setRng(new Rng(7).split("dropout").split(step));
            Variable loss = Losses.mse(m.forward(X.indexSelect(0, idx)), Variable.constant(Y.indexSelect(0, idx)));
            loss.backward();
            opt.step(m);
        }
    }

    @Test
    void resumedRunEqualsUninterruptedRunBitForBit() throws Exception {
        Module full = model(1);
        Sgd fullOpt = new Sgd();
        Rng fullRng = new Rng(42);
        train(full, fullOpt, fullRng, 0, STEPS);

        Module first = model(1);
        Sgd firstOpt = new Sgd();
        Rng firstRng = new Rng(42);
        train(first, firstOpt, firstRng, 0, KILL_AT);
        Path ckpt = dir.resolve("run.ckpt");
        Checkpoint.save(ckpt, first, firstOpt.buf, Map.of("kind", "sgd-momentum", "lr", "0.05"), firstRng, KILL_AT);
        first = null; // "killed"

        Checkpoint c = Checkpoint.load(ckpt);
        assertEquals(KILL_AT, c.step());
        assertEquals("sgd-momentum", c.optimizerMetadata().get("kind"));
        Module resumed = model(999);                         // different init: everything must come from the file
        c.restoreModel(resumed);
        Sgd resumedOpt = new Sgd();
        c.optimizerState().forEach((k, t) -> resumedOpt.buf.put(k, t.copy()));
        train(resumed, resumedOpt, c.rng(), c.step(), STEPS);

        Map<String, Tensor> want = full.stateDict(), got = resumed.stateDict();
        assertEquals(want.keySet(), got.keySet());
        want.forEach((k, t) -> assertArrayEquals(t.to(DType.FLOAT64).toDoubleArray(), got.get(k).to(DType.FLOAT64).toDoubleArray(), k));
        fullOpt.buf.forEach((k, t) -> assertArrayEquals(t.toFloatArray(), resumedOpt.buf.get(k).toFloatArray(), "momentum " + k));
        assertArrayEquals(fullRng.state(), fullRngAfterReplay(c));
    }

    /** The RNG restored from the checkpoint, advanced over the remaining steps, ends where the full run's did. */
    private static long[] fullRngAfterReplay(Checkpoint c) {
        Rng r = c.rng();
        for (long s = c.step(); s < STEPS; s++) r.randint(0, 64, 16);
        return r.state();
    }

    @Test
    void checkpointIsOneAtomicSafetensorsFileAndForeignFilesAreRejected() throws Exception {
        Module m = model(3);
        Path ckpt = dir.resolve("c.safetensors");
        Checkpoint.save(ckpt, m, Map.of(), Map.of(), new Rng(5), 12);
        Checkpoint.save(ckpt, m, Map.of(), Map.of(), new Rng(5), 13);   // overwrite in place
        assertEquals(1, Files.list(dir).count(), "no temporary files left behind");
        SafeTensors.Contents contents = SafeTensors.readAll(ckpt);
        assertEquals("13", contents.metadata().get("step"));
        assertArrayEquals(new int[] {16, 5}, contents.tensors().get("model.0.weight").shape());
        Path plain = dir.resolve("plain.safetensors");
        SafeTensors.write(plain, Map.of("w", Tensor.zeros(2)));
        assertThrows(java.io.IOException.class, () -> Checkpoint.load(plain));
    }
}
