package io.vecgrad.train.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

class GradientNoiseMonitorTest {
    static List<GradientNoiseMonitor.Observation> run(Path dir) throws Exception {
        Tensor x = Small.inputs(120, 4, 1), y = Small.labels(120, 3, 1);
        Model m = Small.mlp(4, 5, 3, 2);
        GradientNoiseMonitor noise = new GradientNoiseMonitor(m, x.slice(0, 0, 40), y.slice(0, 0, 40), 5, 1, new Rng(3));
        Trainer t = Trainer.builder().epochs(3).seed(4).onEpochEnd(noise).build();
        try (DataLoader loader = DataLoader.of(new TensorDataset(x, y)).batchSize(16).seed(5).build()) {
            t.fit("sgd", m, Optimizer.of(m.parameters(), Sgd.gradientDescent(0.1)), loader, null);
        }
        if (dir != null) {
            Map<String, String> section = noise.write(dir);
            assertTrue(section.get("Gradient noise (P25, P19)").contains("gradient-noise-spectrum.png"));
        }
        return noise.observations();
    }

    @Test
    void observesEachEpochAndWritesItsFiles(@TempDir Path dir) throws Exception {
        List<GradientNoiseMonitor.Observation> obs = run(dir);
        assertEquals(3, obs.size());
        assertTrue(Double.isNaN(obs.get(0).stepMetric()), "no step before the first observation");
        for (GradientNoiseMonitor.Observation o : obs) {
            assertTrue(o.rank3() <= 39 && o.rank3() >= 1, "rank of 40 centred gradients: " + o.rank3());
            assertEquals(o.lambdaMax(), o.lanczosMax(), 1e-8 * o.lambdaMax(), "Lanczos and Gram agree on λ_max");
        }
        for (int i = 1; i < 3; i++) {
            assertTrue(obs.get(i).stepEuclidean() > 0 && obs.get(i).spanFraction() >= 0 && obs.get(i).spanFraction() <= 1, obs.get(i).toString());
        }
        for (String f : List.of("gradient-noise.csv", "gradient-noise-spectrum.csv", "gradient-noise-spectrum.png", "gradient-noise-rank.png", "diffusion-metric-steps.png")) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        assertEquals(4, Files.readAllLines(dir.resolve("gradient-noise.csv")).size());
    }

    @Test
    void sameSeedSameFigures() throws Exception {
        assertEquals(run(null), run(null));
    }
}
