package io.vecgrad.experiments.papers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class P49CoresetAugmentationTest {
    @TempDir
    Path dir;

    @Test
    void quickRunMeasuresEveryArmWithTheCoresetCheaperThanFullAugmentation() throws Exception {
        Outcome o = P49CoresetAugmentation.run(P49CoresetAugmentation.Config.quick(), dir);
        o.toResult(dir);
        String text = Files.readString(dir.resolve("outcome.txt"));
        for (String arm : new String[] {"none", "full", "coreset", "random"}) assertTrue(text.contains(arm + " "), text);
        // cost is counted, not timed: per epoch 100 originals + ~30 coreset copies, plus a third of a
        // 100-image pass at each of the 2 selections, against 200 per epoch for full augmentation
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("coreset cost ([0-9.]+) x full").matcher(text);
        assertTrue(m.find(), text);
        double ratio = Double.parseDouble(m.group(1));
        assertTrue(ratio > (3 * 125 + 2 * 100 / 3.0) / 600 && ratio < (3 * 135 + 2 * 100 / 3.0) / 600, "cost ratio " + ratio);
        // the same seed reruns to the same figures
        Path again = Files.createDirectories(dir.resolve("again"));
        P49CoresetAugmentation.run(P49CoresetAugmentation.Config.quick(), again).toResult(again);
        assertEquals(text.lines().filter(l -> l.contains("accuracy")).toList(),
                Files.readString(again.resolve("outcome.txt")).lines().filter(l -> l.contains("accuracy")).toList());
    }
}
