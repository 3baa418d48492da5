package io.vecgrad.cli.train;

import io.vecgrad.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Checkpoint files {@code step-000000123.ckpt} in one folder. Each is written to a temporary
 * file and renamed into place, so a crash or Ctrl-C never leaves a half-written checkpoint
 * under a final name; the previous complete one stays until a newer one is complete.
 *
 * <pre>{@code
 * CheckpointStore store = new CheckpointStore(runDir.resolve("checkpoints"), 2);
 * store.latest().ifPresent(c -> System.out.println("resume at step " + c.state().step()));
 * }</pre>
 */
public final class CheckpointStore {
    private static final String MAGIC = "vecgrad-checkpoint-1";
    private final Path dir;
    private final int keep;

    /** @param keep how many of the newest checkpoints to keep (at least 1) */
    public CheckpointStore(Path dir, int keep) {
        this.dir = dir;
        this.keep = Math.max(1, keep);
    }

    public Path dir() {
        return dir;
    }

    /** Writes a checkpoint atomically and deletes all but the newest {@code keep}. */
    public Path save(String label, TrainerState state, List<Tensor> params, Map<String, Tensor> optState)
            throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(String.format("step-%09d.ckpt", state.step()));
        Path tmp = dir.resolve(target.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            out.writeUTF(MAGIC);
            out.writeUTF(label);
            out.writeLong(state.step());
            out.writeInt(state.epoch());
            out.writeInt(state.batchInEpoch());
            out.writeDouble(state.seconds());
            out.writeInt(params.size());
            for (Tensor p : params) {
                TensorIo.write(out, p);
            }
            out.writeInt(optState.size());
            for (Map.Entry<String, Tensor> e : optState.entrySet()) {
                out.writeUTF(e.getKey());
                TensorIo.write(out, e.getValue());
            }
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        List<Path> all = list();
        for (int i = 0; i < all.size() - keep; i++) {
            Files.deleteIfExists(all.get(i));
        }
        return target;
    }

    /** Complete checkpoints, oldest first. */
    public List<Path> list() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return new ArrayList<>(s.filter(p -> p.getFileName().toString().matches("step-\\d{9}\\.ckpt"))
                    .sorted().toList());
        }
    }

    /** The newest complete checkpoint, if any. */
    public Optional<Checkpoint> latest() throws IOException {
        List<Path> all = list();
        return all.isEmpty() ? Optional.empty() : Optional.of(read(all.get(all.size() - 1)));
    }

    /** Reads one checkpoint file. */
    public static Checkpoint read(Path file) throws IOException {
        try {
            return readUnchecked(file);
        } catch (java.io.EOFException | java.io.UTFDataFormatException e) {
            throw new IOException(file + ": truncated or not a vecgrad checkpoint", e);
        }
    }

    private static Checkpoint readUnchecked(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            String magic = in.readUTF();
            if (!MAGIC.equals(magic)) {
                throw new IOException(file + ": not a vecgrad checkpoint (header '" + magic + "')");
            }
            String label = in.readUTF();
            TrainerState state = new TrainerState(in.readLong(), in.readInt(), in.readInt(), in.readDouble());
            int n = in.readInt();
            List<Tensor> params = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                params.add(TensorIo.read(in, file + " parameter " + i));
            }
            int m = in.readInt();
            Map<String, Tensor> opt = new LinkedHashMap<>();
            for (int i = 0; i < m; i++) {
                String key = in.readUTF();
                opt.put(key, TensorIo.read(in, file + " optimizer state " + key));
            }
            return new Checkpoint(file, label, state, params, opt);
        }
    }
}
