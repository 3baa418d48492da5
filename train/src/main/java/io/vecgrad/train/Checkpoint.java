package io.vecgrad.train;

import io.vecgrad.datasets.DataLoader;
import io.vecgrad.nn.Module;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.State;
import io.vecgrad.optim.StateCodec;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.io.SafeTensors;
import io.vecgrad.tensor.random.Rng;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The project's one checkpoint format: a single safetensors file holding the model state, the
 * optimizer state, the trainer's random stream, the data-loader position and metadata, written
 * atomically (temporary file, fsync, rename: a crash leaves the previous file or the new one).
 *
 * <p>Layout. Tensors: {@code model.<name>} (the module's state dict), {@code optim.<key>}
 * (optim's {@link StateCodec} tensors), {@code rng.state} (INT64 [2], {@link Rng#state()}).
 * The header's {@code __metadata__} string map: {@code vecgrad.checkpoint = 2}, {@code label},
 * {@code step}, {@code epoch}, {@code position} (examples of the epoch's order consumed),
 * {@code batch_size}, {@code seconds} (hex of the double's bits), {@code optim.<key>} (the codec's
 * metadata), {@code hook.<i>.<key>} (epoch listeners' state) and {@code user.<key>} (free-form).
 * Any safetensors reader opens it; nothing is packed into tensors that is not a tensor.
 *
 * <pre>{@code
 * Checkpoint.save(path, "adam", position, loader.batchSize(), model.module(), opt.state(), rng, Map.of(), Map.of());
 * Checkpoint c = Checkpoint.load(path);
 * c.restore(model.module(), opt, loader);
 * }</pre>
 *
 * @param file where it was read from or written to
 * @param label the run's label
 * @param position the loop position to continue from
 * @param batchSize the loader's batch size at that point
 * @param modelState the module's state dict
 * @param optimizerState the optimizer's state
 * @param rngState the trainer's random stream ({@link Rng#state()})
 * @param hookState epoch listeners' state by listener index
 * @param userMetadata free-form strings given at save time
 */
public record Checkpoint(Path file, String label, LoopPosition position, int batchSize, Map<String, Tensor> modelState,
        State optimizerState, long[] rngState, Map<Integer, Map<String, String>> hookState,
        Map<String, String> userMetadata) {

    /** The format version written in {@code vecgrad.checkpoint}. */
    public static final String FORMAT = "2";
    private static final String MODEL = "model.";
    private static final String OPTIM = "optim.";
    private static final String HOOK = "hook.";
    private static final String USER = "user.";
    private static final String RNG = "rng.state";

    /** Writes a checkpoint atomically. */
    public static void save(Path file, String label, LoopPosition at, int batchSize, Module model, State optimizer,
            Rng rng, Map<Integer, Map<String, String>> hooks, Map<String, String> user) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        model.stateDict().forEach((k, t) -> tensors.put(MODEL + k, t));
        StateCodec.Encoded opt = StateCodec.toTensors(optimizer);
        opt.tensors().forEach((k, t) -> tensors.put(OPTIM + k, t));
        tensors.put(RNG, Tensor.of(rng.state(), 2));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("vecgrad.checkpoint", FORMAT);
        meta.put("label", label);
        meta.put("step", Long.toString(at.step()));
        meta.put("epoch", Integer.toString(at.epoch()));
        meta.put("position", Integer.toString(at.position()));
        meta.put("batch_size", Integer.toString(batchSize));
        meta.put("seconds", Long.toHexString(Double.doubleToRawLongBits(at.seconds())));
        opt.metadata().forEach((k, v) -> meta.put(OPTIM + k, v));
        hooks.forEach((i, m) -> m.forEach((k, v) -> meta.put(HOOK + i + "." + k, v)));
        user.forEach((k, v) -> meta.put(USER + k, v));
        SafeTensors.write(file, tensors, meta);
    }

    /**
     * Reads a checkpoint written by {@link #save}.
     *
     * @throws IOException naming the file when it is malformed or not a vecgrad checkpoint
     */
    public static Checkpoint load(Path file) throws IOException {
        SafeTensors.Contents c = SafeTensors.readAll(file);
        Map<String, String> meta = c.metadata();
        if (!FORMAT.equals(meta.get("vecgrad.checkpoint"))) {
            throw new IOException(file + ": not a vecgrad checkpoint (metadata vecgrad.checkpoint = "
                    + meta.get("vecgrad.checkpoint") + ", expected " + FORMAT + ")");
        }
        Map<String, Tensor> model = new LinkedHashMap<>();
        Map<String, Tensor> optim = new LinkedHashMap<>();
        c.tensors().forEach((k, t) -> {
            if (k.startsWith(MODEL)) {
                model.put(k.substring(MODEL.length()), t);
            } else if (k.startsWith(OPTIM)) {
                optim.put(k.substring(OPTIM.length()), t);
            }
        });
        Map<String, String> optimMeta = new LinkedHashMap<>();
        Map<Integer, Map<String, String>> hooks = new LinkedHashMap<>();
        Map<String, String> user = new LinkedHashMap<>();
        meta.forEach((k, v) -> {
            if (k.startsWith(OPTIM)) {
                optimMeta.put(k.substring(OPTIM.length()), v);
            } else if (k.startsWith(USER)) {
                user.put(k.substring(USER.length()), v);
            } else if (k.startsWith(HOOK)) {
                String rest = k.substring(HOOK.length());
                int dot = rest.indexOf('.');
                if (dot > 0) {
                    hooks.computeIfAbsent(Integer.parseInt(rest.substring(0, dot)), i -> new LinkedHashMap<>())
                            .put(rest.substring(dot + 1), v);
                }
            }
        });
        Tensor r = c.tensors().get(RNG);
        if (r == null || r.dtype() != DType.INT64 || r.numel() != 2) {
            throw new IOException(file + ": checkpoint tensor " + RNG + " must be INT64 [2]");
        }
        try {
            LoopPosition at = new LoopPosition(Long.parseLong(need(meta, "step", file)),
                    Integer.parseInt(need(meta, "epoch", file)), Integer.parseInt(need(meta, "position", file)),
                    Double.longBitsToDouble(Long.parseUnsignedLong(need(meta, "seconds", file), 16)));
            return new Checkpoint(file, need(meta, "label", file), at, Integer.parseInt(need(meta, "batch_size", file)),
                    model, StateCodec.fromTensors(optim, optimMeta), r.toLongArray(), hooks, user);
        } catch (NumberFormatException e) {
            throw new IOException(file + ": bad number in checkpoint metadata: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static String need(Map<String, String> meta, String key, Path file) throws IOException {
        String v = meta.get(key);
        if (v == null) {
            throw new IOException(file + ": checkpoint metadata has no '" + key + "'");
        }
        return v;
    }

    /**
     * Loads the model state (strict: every name and shape must match), the optimizer state and
     * the loader's batch size.
     */
    public void restore(Module model, Optimizer optimizer, DataLoader loader) {
        try {
            model.loadStateDict(modelState);
            optimizer.loadState(optimizerState);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("resume from " + file + ": " + e.getMessage(), e);
        }
        loader.setBatchSize(batchSize);
    }

    /** The trainer's saved random stream, continuing where it stopped. */
    public Rng rng() {
        return Rng.fromState(rngState);
    }
}
