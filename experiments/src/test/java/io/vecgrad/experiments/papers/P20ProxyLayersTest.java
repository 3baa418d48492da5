package io.vecgrad.experiments.papers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class P20ProxyLayersTest {
    @TempDir
    Path dir;

    @Test
    void quickRunReportsBothArmsAndThePhaseShare() throws Exception {
        P20ProxyLayers.run(P20ProxyLayers.Config.quick(), dir).toResult(dir);
        String text = Files.readString(dir.resolve("outcome.txt"));
        assertTrue(text.contains("end-to-end") && text.contains("partitioned"), text);
        // hidden 16: phase 1 trains 64·16+16 + a proxy of 16·10+10 = 1210 of 1040+272+272+170 = 1754 parameters
        assertTrue(text.contains(String.format("largest phase share %.3f", 1210.0 / 1754)), text);
    }
}
