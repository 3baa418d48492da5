package io.vecgrad.experiments.papers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class P23SpikingContinualTest {
    @Test
    void sameSeedGivesBitwiseTheSameFeaturesAndAccuracies() {
        P23SpikingContinual.Split a = P23SpikingContinual.features(4, true);
        P23SpikingContinual.Split b = P23SpikingContinual.features(4, true);
        for (int i = 0; i < a.trainX().length; i++) assertArrayEquals(a.trainX()[i], b.trainX()[i], 0);
        assertArrayEquals(P23SpikingContinual.arm(a, 4, 1, 0.1), P23SpikingContinual.arm(b, 4, 1, 0.1), 0);
        assertEquals(a.jointAccuracy(), b.jointAccuracy(), 0);
    }
}
