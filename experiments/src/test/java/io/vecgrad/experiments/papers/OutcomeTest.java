package io.vecgrad.experiments.papers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.experiments.ExperimentResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OutcomeTest {
    /** Attached files are listed relative to the run folder, whether that folder was given relative or absolute. */
    @Test
    void attachedFilesAreRelativeToTheRunFolder() throws Exception {
        Path relative = Path.of("target", "outcome-test", "run");
        for (Path dir : new Path[] {relative, relative.toAbsolutePath()}) {
            Files.createDirectories(dir.resolve("sub"));
            Path png = Files.write(dir.resolve("plot.png"), new byte[] {1});
            Files.write(dir.resolve("sub").resolve("more.png"), new byte[] {2});
            ExperimentResult r = new Outcome().line("x").check("ok", true).attach(png).toResult(dir);
            assertTrue(r.artifacts().contains(Path.of("plot.png")), r.artifacts().toString());
            ExperimentResult all = new Outcome().check("ok", true).attachPngs(dir, "").toResult(dir);
            assertTrue(all.artifacts().contains(Path.of("sub", "more.png")), all.artifacts().toString());
            for (Path a : all.artifacts()) assertTrue(Files.exists(dir.resolve(a)), a.toString());
            assertEquals(3, all.artifacts().size(), all.artifacts().toString());   // outcome.txt + two PNGs
        }
    }
}
