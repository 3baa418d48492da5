package io.vecgrad.experiments.papers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.datasets.real.SklearnData;
import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ParticlesBnnTest {
    @Test
    void splitsStandardizeWithTrainingStatistics() {
        Rng r = new Rng(3);
        double[][] x = new double[50][2];
        double[] y = new double[50];
        for (int i = 0; i < 50; i++) {
            x[i][0] = 10 + 3 * r.nextGaussian();
            x[i][1] = 7;                                   // constant column: std taken as 1
            y[i] = 100 + 20 * r.nextGaussian();
        }
        ParticlesBnn.Split s = ParticlesBnn.split(x, y, 0.9, true, new Rng(1));
        assertEquals(45, s.xTrain().length);
        assertEquals(5, s.xTest().length);
        double m = 0, v = 0, ym = 0, yv = 0;
        for (int i = 0; i < 45; i++) {
            m += s.xTrain()[i][0] / 45;
            ym += s.yTrain()[i] / 45;
            assertEquals(0, s.xTrain()[i][1], 1e-12);
        }
        for (int i = 0; i < 45; i++) {
            v += Math.pow(s.xTrain()[i][0] - m, 2) / 45;
            yv += Math.pow(s.yTrain()[i] - ym, 2) / 45;
        }
        assertEquals(0, m, 1e-12);
        assertEquals(1, v, 1e-12);
        assertEquals(0, ym, 1e-12);
        assertEquals(1, yv, 1e-12);
        assertTrue(s.yStd() > 10 && s.yStd() < 30, "target std " + s.yStd());
    }

    @Test
    void quickRunIsDeterministicPerSeed() throws Exception {
        Assumptions.assumeTrue(SklearnData.isAvailable("diabetes_data_raw.csv.gz") && SklearnData.isAvailable("breast_cancer.csv"),
                "scikit-learn data not found in " + SklearnData.directory());
        ParticlesBnn.Config c = new ParticlesBnn.Config(1, 4, 6, 10, 3, 10);
        Outcome a = ParticlesBnn.run(c), b = ParticlesBnn.run(c);
        assertEquals(a.figures(), b.figures());
        for (String m : new String[] {"map", "svgd", "a-svgd", "nvgd"}) assertTrue(Double.isFinite(a.figures().get(m + "_test_ll")), m);
    }
}
