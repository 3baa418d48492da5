package io.vecgrad.experiments.papers;

import io.vecgrad.experiments.ExperimentResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Adds the PNG figures an experiment wrote into its run folder to its result's artifacts. */
final class Pngs {
    private Pngs() {}

    /** {@code r} with every {@code <prefix>*.png} of {@code dir} appended to its artifacts (relative to dir). */
    static ExperimentResult attach(ExperimentResult r, Path dir, String prefix) throws IOException {
        List<Path> all = new ArrayList<>(r.artifacts());
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(f -> f.getFileName().toString().startsWith(prefix) && f.getFileName().toString().endsWith(".png"))
                    .sorted().forEach(f -> all.add(dir.relativize(f)));
        }
        return new ExperimentResult(r.measured(), r.passed(), r.figures(), all);
    }
}
