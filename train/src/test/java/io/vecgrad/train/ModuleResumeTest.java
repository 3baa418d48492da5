package io.vecgrad.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vecgrad.autodiff.NoGrad;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.Sequential;
import io.vecgrad.nn.layers.Activation;
import io.vecgrad.nn.layers.BatchNorm;
import io.vecgrad.nn.layers.Dropout;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.nn.losses.Losses;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.StateCodec;
import io.vecgrad.optim.first.Sgd;
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
 * Kill and resume with a hand-written loop (no Trainer): a run stopped after a {@link Checkpoint}
 * and continued by fresh objects from the file ends bit for bit where the uninterrupted run
 * ends. The run uses minibatches drawn from the checkpointed RNG, dropout seeded per step,
 * batch-norm buffers and optim's SGD with momentum.
 */
class ModuleResumeTest {
    private static final int STEPS = 10, KILL_AT = 4;
    private static final Tensor X = new Rng(100).normal(DType.FLOAT32, 0, 1, 64, 5);
    private static final Tensor Y = new Rng(101).normal(DType.FLOAT32, 0, 1, 64, 1);

    @TempDir
    Path dir;

    private static Optimizer sgd(Module m) {
        Map<String, Tensor> live = new LinkedHashMap<>();
        m.namedParameters().forEach((k, v) -> live.put(k, v.value()));
        return Optimizer.of(Params.of(live), Sgd.sgd(0.05, 0.9, 0, 0, false));
    }

    private static Params grads(Module m) {
        Map<String, Tensor> g = new LinkedHashMap<>();
        m.namedParameters().forEach((k, v) -> g.put(k, v.grad()));
        return Params.of(g);
    }

    private static Module model(long seed) {
        return new Sequential(new Linear(5, 16), new BatchNorm(16), Activation.gelu(), new Dropout(0.2), new Linear(16, 1))
                .initialize(new Rng(seed));
    }

    private static void train(Module m, Optimizer opt, Rng rng, long from, long to) {
        for (long step = from; step < to; step++) {
            Tensor idx = rng.randint(0, 64, 16);
            m.setRng(new Rng(7).split("dropout").split(step));
            Variable loss = Losses.mse(m.forward(X.indexSelect(0, idx)), Variable.constant(Y.indexSelect(0, idx)));
            loss.backward();
            opt.step(grads(m));
            m.zeroGrad();
        }
    }

    @Test
    void resumedRunEqualsUninterruptedRunBitForBit() throws Exception {
        Module full = model(1);
        Optimizer fullOpt = sgd(full);
        Rng fullRng = new Rng(42);
        train(full, fullOpt, fullRng, 0, STEPS);

        Module first = model(1);
        Optimizer firstOpt = sgd(first);
        Rng firstRng = new Rng(42);
        train(first, firstOpt, firstRng, 0, KILL_AT);
        Path ckpt = dir.resolve("run.ckpt");
        Checkpoint.save(ckpt, "sgd-momentum", new LoopPosition(KILL_AT, 0, 0, 0), 16, first, firstOpt.state(), firstRng,
                Map.of(), Map.of("lr", "0.05"));
        first = null; // "killed"

        Checkpoint c = Checkpoint.load(ckpt);
        assertEquals(KILL_AT, c.position().step());
        assertEquals("sgd-momentum", c.label());
        assertEquals("0.05", c.userMetadata().get("lr"));
        Module resumed = model(999);                         // different init: everything must come from the file
        resumed.loadStateDict(c.modelState());
        Optimizer resumedOpt = sgd(resumed);
        resumedOpt.loadState(c.optimizerState());
        train(resumed, resumedOpt, c.rng(), c.position().step(), STEPS);

        Map<String, Tensor> want = full.stateDict(), got = resumed.stateDict();
        assertEquals(want.keySet(), got.keySet());
        want.forEach((k, t) -> assertArrayEquals(t.to(DType.FLOAT64).toDoubleArray(), got.get(k).to(DType.FLOAT64).toDoubleArray(), k));
        Map<String, Tensor> wantOpt = StateCodec.toTensors(fullOpt.state()).tensors();
        Map<String, Tensor> gotOpt = StateCodec.toTensors(resumedOpt.state()).tensors();
        assertEquals(wantOpt.keySet(), gotOpt.keySet());
        wantOpt.forEach((k, t) -> assertArrayEquals(t.toFloatArray(), gotOpt.get(k).toFloatArray(), "optimizer " + k));
        assertArrayEquals(fullRng.state(), fullRngAfterReplay(c));
    }

    /** The RNG restored from the checkpoint, advanced over the remaining steps, ends where the full run's did. */
    private static long[] fullRngAfterReplay(Checkpoint c) {
        Rng r = c.rng();
        for (long s = c.position().step(); s < STEPS; s++) r.randint(0, 64, 16);
        return r.state();
    }

    @Test
    void checkpointIsOneAtomicSafetensorsFileAndForeignFilesAreRejected() throws Exception {
        Module m = model(3);
        Path ckpt = dir.resolve("c.safetensors");
        Checkpoint.save(ckpt, "x", new LoopPosition(12, 0, 0, 0), 1, m, sgd(m).state(), new Rng(5), Map.of(), Map.of());
        Checkpoint.save(ckpt, "x", new LoopPosition(13, 0, 0, 0), 1, m, sgd(m).state(), new Rng(5), Map.of(), Map.of());
        assertEquals(1, Files.list(dir).count(), "no temporary files left behind");
        SafeTensors.Contents contents = SafeTensors.readAll(ckpt);
        assertEquals("13", contents.metadata().get("step"));
        assertArrayEquals(new int[] {16, 5}, contents.tensors().get("model.0.weight").shape());
        Path plain = dir.resolve("plain.safetensors");
        SafeTensors.write(plain, Map.of("w", Tensor.zeros(2)));
        assertThrows(java.io.IOException.class, () -> Checkpoint.load(plain));
    }
}
