package io.vecgrad.nn.io;

import io.vecgrad.nn.Module;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.io.SafeTensors;
import io.vecgrad.tensor.random.Rng;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A training checkpoint: model state, optimizer state, RNG state and step in one safetensors
 * file, written atomically (temporary file, fsync, rename), so a crash leaves either the
 * previous checkpoint or the new one.
 *
 * <p>Layout: tensors {@code model.<name>} (the state dict), {@code optim.<name>} (the
 * optimizer's {@code toTensors()}), {@code rng.state} (INT64 [2], {@link Rng#state()});
 * metadata {@code vecgrad.checkpoint = 1}, {@code step}, and {@code optim.<key>} for the
 * optimizer's metadata strings.
 *
 * <pre>{@code
 * Checkpoint.save(path, model, opt.toTensors(), opt.metadata(), rng, step);
 * Checkpoint c = Checkpoint.load(path);
 * c.restoreModel(model);
 * opt.fromTensors(c.optimizerState(), c.optimizerMetadata());
 * Rng rng = c.rng();
 * long step = c.step();
 * }</pre>
 */
public record Checkpoint(Map<String, Tensor> modelState, Map<String, Tensor> optimizerState,
                         Map<String, String> optimizerMetadata, long[] rngState, long step) {

    private static final String MODEL = "model.", OPTIM = "optim.", RNG = "rng.state";

    /** Writes a checkpoint atomically. */
    public static void save(Path path, Module model, Map<String, Tensor> optimizerState, Map<String, String> optimizerMetadata,
                            Rng rng, long step) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        model.stateDict().forEach((k, t) -> tensors.put(MODEL + k, t));
        optimizerState.forEach((k, t) -> tensors.put(OPTIM + k, t));
        tensors.put(RNG, Tensor.of(rng.state(), 2));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("vecgrad.checkpoint", "1");
        meta.put("step", Long.toString(step));
        optimizerMetadata.forEach((k, v) -> meta.put(OPTIM + k, v));
        SafeTensors.write(path, tensors, meta);
    }

    /** Reads a checkpoint written by {@link #save}. */
    public static Checkpoint load(Path path) throws IOException {
        SafeTensors.Contents c = SafeTensors.readAll(path);
        Map<String, String> meta = c.metadata();
        if (!"1".equals(meta.get("vecgrad.checkpoint")) || !meta.containsKey("step") || !c.tensors().containsKey(RNG)) {
            throw new IOException("Checkpoint.load: " + path.getFileName() + " is not a vecgrad checkpoint (metadata " + meta.keySet() + ")");
        }
        Map<String, Tensor> model = new LinkedHashMap<>(), optim = new LinkedHashMap<>();
        c.tensors().forEach((k, t) -> {
            if (k.startsWith(MODEL)) model.put(k.substring(MODEL.length()), t);
            else if (k.startsWith(OPTIM)) optim.put(k.substring(OPTIM.length()), t);
        });
        Map<String, String> optimMeta = new LinkedHashMap<>();
        meta.forEach((k, v) -> { if (k.startsWith(OPTIM)) optimMeta.put(k.substring(OPTIM.length()), v); });
        Tensor r = c.tensors().get(RNG);
        if (r.dtype() != DType.INT64 || r.numel() != 2) throw new IOException("Checkpoint.load: rng.state must be INT64 [2]");
        return new Checkpoint(model, optim, optimMeta, r.toLongArray(), Long.parseLong(meta.get("step")));
    }

    /** Loads the model state (strict, see {@link Module#loadStateDict}). */
    public void restoreModel(Module model) {
        model.loadStateDict(modelState);
    }

    /** The saved random stream, continuing where it stopped. */
    public Rng rng() {
        return Rng.fromState(rngState);
    }
}
