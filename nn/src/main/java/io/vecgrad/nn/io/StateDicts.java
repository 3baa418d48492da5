package io.vecgrad.nn.io;

import io.vecgrad.nn.Module;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.io.Npz;
import io.vecgrad.tensor.io.SafeTensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Saves and loads a module's {@link Module#stateDict()} (dotted PyTorch names) as safetensors
 * ({@code .safetensors}) or NumPy {@code .npz}, through {@code io.vecgrad.tensor.io}. Writes are
 * atomic. Loading is strict: names and shapes must match the model, otherwise the exception
 * lists the missing, unexpected and mismatched names and the model is unchanged.
 *
 * <pre>{@code
 * StateDicts.save(net, Path.of("lenet.safetensors"));
 * StateDicts.load(net, Path.of("lenet.safetensors"));
 * // in Python: net.load_state_dict({k: torch.from_numpy(v) for k, v in safetensors_numpy_load(...)})
 * }</pre>
 */
public final class StateDicts {
    private StateDicts() {}

    /** Writes the state dict; the format follows the file extension ({@code .npz}, else safetensors). */
    public static void save(Module model, Path path) throws IOException {
        save(model.stateDict(), path);
    }

    public static void save(Map<String, Tensor> state, Path path) throws IOException {
        if (isNpz(path)) Npz.write(path, state, false);
        else SafeTensors.write(path, state);
    }

    /** Reads a file written by {@link #save} (or by PyTorch/NumPy in the same layout) into {@code model}. */
    public static void load(Module model, Path path) throws IOException {
        model.loadStateDict(read(path));
    }

    /** The named tensors of a safetensors or npz file. */
    public static Map<String, Tensor> read(Path path) throws IOException {
        return isNpz(path) ? Npz.read(path) : SafeTensors.read(path);
    }

    private static boolean isNpz(Path path) {
        return path.getFileName().toString().endsWith(".npz");
    }
}
