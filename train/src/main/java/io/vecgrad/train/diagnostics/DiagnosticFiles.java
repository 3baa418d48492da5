package io.vecgrad.train.diagnostics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/** CSV writing for the diagnostics: whole files, written to a temporary name and moved into place. */
final class DiagnosticFiles {
    private DiagnosticFiles() {}

    static Path writeCsv(Path file, String header, List<double[]> rows) throws IOException {
        StringBuilder sb = new StringBuilder(header).append('\n');
        for (double[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                if (i > 0) sb.append(',');
                sb.append(format(r[i]));
            }
            sb.append('\n');
        }
        return writeText(file, sb.toString());
    }

    static Path writeText(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".part");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            return Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.8g", v);
    }
}
