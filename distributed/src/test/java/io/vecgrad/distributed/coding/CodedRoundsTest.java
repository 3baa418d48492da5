package io.vecgrad.distributed.coding;

import io.vecgrad.distributed.Latency;
import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CodedRoundsTest {

    @Test
    void everyRoundDecodesExactlyFromTheFirstNMinusSArrivals() {
        int n = 8, s = 2, d = 4;
        CodedRounds rounds = new CodedRounds(GradientCode.cyclic(n, s, new Rng(1)), Latency.logNormal(0, 1.5), 3);
        Rng rng = new Rng(4);
        double total = 0;
        for (int r = 0; r < 30; r++) {
            double[][] partial = new double[n][d];
            double[] want = new double[d];
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < d; k++) {
                    partial[j][k] = rng.nextGaussian();
                    want[k] += partial[j][k];
                }
            }
            assertArrayEquals(want, rounds.round(partial), 1e-10);
            assertTrue(rounds.lastRoundTime() > 0);
            total += rounds.lastRoundTime();
        }
        assertEquals(total, rounds.time(), 1e-9);
        assertTrue(rounds.discarded() > 0, "with s = 2 some stragglers' messages arrive after their round");
        long sent = 0;
        for (int i = 0; i < n; i++) sent += rounds.engine().bytes().messagesSent(i);
        assertEquals(8L * d * sent, rounds.engine().bytes().workerBytes());
        assertTrue(sent >= 30L * (n - s) + rounds.discarded() && sent <= 30L * n, "sent " + sent);
    }

    @Test
    void uncodedWaitsForTheSlowestWorkerAndIsSlowerUnderHeavyTails() {
        int n = 10;
        Latency heavy = Latency.logNormal(0, 1.5);
        CodedRounds coded = new CodedRounds(GradientCode.cyclic(n, 2, new Rng(2)), heavy, 5);
        CodedRounds uncoded = new CodedRounds(GradientCode.cyclic(n, 0, new Rng(2)), heavy, 5);
        double[][] partial = new double[n][2];
        for (int r = 0; r < 200; r++) {
            coded.round(partial);
            uncoded.round(partial);
        }
        assertEquals(0, uncoded.discarded());
        assertTrue(coded.time() < uncoded.time(), coded.time() + " vs " + uncoded.time());
    }
}
