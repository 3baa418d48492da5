package io.vecgrad.datasets.real;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where external data lives: a default, overridable by a system property, then an environment variable. */
final class DataPaths {
    private DataPaths() {}

    static Path locate(String property, String env, String fallback) {
        String p = System.getProperty(property);
        if (p == null || p.isEmpty()) p = System.getenv(env);
        if (p == null || p.isEmpty()) p = fallback;
        return Path.of(p);
    }

    static boolean allExist(Path dir, String... files) {
        for (String f : files) if (!Files.isRegularFile(dir.resolve(f))) return false;
        return true;
    }
}
