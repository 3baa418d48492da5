package io.vecgrad.train.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.datasets.DataLoader;
import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.first.Sgd;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import io.vecgrad.train.Model;
import io.vecgrad.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingDiagnosticsTest {
    @Test
    void parseKeepsOrderDropsRepeatsAndNamesBadOnes() {
        assertEquals(List.of("opposing-signals", "noise-spectrum"), TrainingDiagnostics.parse(" opposing-signals,noise-spectrum,opposing-signals, "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingDiagnostics.parse("noise-spectrum,hessian"));
        assertEquals("--diagnostics: unknown diagnostic 'hessian'; valid: noise-spectrum, opposing-signals", e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrainingDiagnostics.parse(" , ")).getMessage().contains("no diagnostic named"));
    }

    static Map<String, String> train(int epochs, Path dir) throws Exception {
        Tensor x = Small.inputs(60, 4, 1), y = Small.labels(60, 3, 1);
        Model m = Small.mlp(4, 5, 3, 2);
        TensorDataset data = new TensorDataset(x, y);
        TrainingDiagnostics diag = TrainingDiagnostics.of(TrainingDiagnostics.NAMES, m, data, new Rng(7));
        Trainer t = Trainer.builder().epochs(epochs).seed(4).onEpochEnd(diag).build();
        try (DataLoader loader = DataLoader.of(data).batchSize(16).seed(5).build()) {
            t.fit("sgd", m, Optimizer.of(m.parameters(), Sgd.gradientDescent(0.1)), loader, null);
        }
        return diag.write(dir);
    }

    @Test
    void bothMonitorsWriteTheirSections(@TempDir Path dir) throws Exception {
        Map<String, String> s = train(2, dir);
        assertEquals(List.of("Gradient noise (P25, P19)", "Opposing signals (P66)"), List.copyOf(s.keySet()));
        assertEquals(3, Files.readAllLines(dir.resolve("gradient-noise.csv")).size(), "header + one row per epoch");
        assertEquals(4, Files.readAllLines(dir.resolve("opposing-signals.csv")).size(), "header + initial weights + two epochs");
        assertTrue(s.get("Opposing signals (P66)").contains("opposing-signals-losses.png"));
    }

    @Test
    void tooFewObservationsAreReportedNotDetected(@TempDir Path dir) throws Exception {
        Map<String, String> s = train(1, dir);
        assertTrue(s.get("Opposing signals (P66)").contains("needs at least 3 observations") && s.get("Opposing signals (P66)").contains("had 2"),
                s.get("Opposing signals (P66)"));
        assertTrue(Files.notExists(dir.resolve("opposing-signals.csv")));
    }
}
