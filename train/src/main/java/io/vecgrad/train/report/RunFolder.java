package io.vecgrad.train.report;

import io.vecgrad.tensor.io.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * {@code runs/<yyyyMMdd-HHmmss>-<command>/}: the folder every command writes its outputs to.
 *
 * <pre>{@code
 * RunFolder run = RunFolder.create(Path.of("runs"), "compare");
 * run.writeJson("config.json", config);
 * }</pre>
 */
public final class RunFolder {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private final Path dir;

    private RunFolder(Path dir) {
        this.dir = dir;
    }

    /** Creates a fresh folder; a second run in the same second gets a "-2" suffix. */
    public static RunFolder create(Path root, String command) throws IOException {
        Files.createDirectories(root);
        String base = LocalDateTime.now().format(STAMP) + "-" + command;
        for (int i = 1; ; i++) {
            Path p = root.resolve(i == 1 ? base : base + "-" + i);
            try {
                Files.createDirectory(p);
                return new RunFolder(p);
            } catch (FileAlreadyExistsException e) {
                // taken in the same second: try the next suffix
            }
        }
    }

    /** An existing folder (for --resume). */
    public static RunFolder open(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("run folder " + dir + " does not exist");
        }
        return new RunFolder(dir);
    }

    public Path dir() {
        return dir;
    }

    public Path resolve(String name) {
        return dir.resolve(name);
    }

    public Path writeJson(String name, Object value) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, Json.writePretty(value) + "\n", StandardCharsets.UTF_8);
        return f;
    }

    public Path writeText(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }
}
