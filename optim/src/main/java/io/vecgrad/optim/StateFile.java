package io.vecgrad.optim;

import io.vecgrad.tensor.io.SafeTensors;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Optimizer state on disk: the tensors and metadata of {@link StateCodec} in one safetensors
 * file, written atomically (a temporary file, then a rename), so a crash never leaves a
 * half-written state behind. Reloading gives back the state bit for bit.
 *
 * <pre>{@code
 * StateFile.save(Path.of("adam.safetensors"), opt.state());
 * opt.loadState(StateFile.load(Path.of("adam.safetensors")));
 * }</pre>
 */
public final class StateFile {
    private StateFile() {}

    /** Writes {@code state} to {@code file}, replacing it atomically. */
    public static void save(Path file, State state) throws IOException {
        StateCodec.Encoded e = StateCodec.toTensors(state);
        SafeTensors.write(file, e.tensors(), e.metadata());
    }

    /** Reads a state written by {@link #save}; malformed files raise an exception naming the file and offset. */
    public static State load(Path file) throws IOException {
        SafeTensors.Contents c = SafeTensors.readAll(file);
        return StateCodec.fromTensors(c.tensors(), c.metadata());
    }
}
