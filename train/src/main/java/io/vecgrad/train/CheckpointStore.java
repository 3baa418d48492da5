package io.vecgrad.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@link Checkpoint} files {@code step-000000123.safetensors} in one folder, keeping the newest
 * few. Each is written atomically, so the previous complete one stays until a newer one is
 * complete.
 *
 * <pre>{@code
 * CheckpointStore store = new CheckpointStore(runDir.resolve("checkpoints"), 2);
 * store.latest().ifPresent(c -> System.out.println("resume at step " + c.position().step()));
 * }</pre>
 */
public final class CheckpointStore {
    private static final String PATTERN = "step-\\d{9}\\.safetensors";
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

    /** The file a checkpoint at {@code step} goes to. */
    public Path fileFor(long step) {
        return dir.resolve(String.format("step-%09d.safetensors", step));
    }

    /** Deletes all but the newest {@code keep} checkpoints. */
    public void prune() throws IOException {
        List<Path> all = list();
        for (int i = 0; i < all.size() - keep; i++) {
            Files.deleteIfExists(all.get(i));
        }
    }

    /** Complete checkpoints, oldest first. */
    public List<Path> list() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return new ArrayList<>(s.filter(p -> p.getFileName().toString().matches(PATTERN)).sorted().toList());
        }
    }

    /** The newest complete checkpoint, if any. */
    public Optional<Checkpoint> latest() throws IOException {
        List<Path> all = list();
        return all.isEmpty() ? Optional.empty() : Optional.of(Checkpoint.load(all.get(all.size() - 1)));
    }
}
