package io.vecgrad.distributed.coding;

import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequentialCodingTest {

    @Test
    void randomPatternsConformToTheModel() {
        for (int seed = 0; seed < 50; seed++) {
            boolean[][] p = BurstyStragglers.random(30, 8, 2, 5, 3, 0.4, new Rng(seed));
            assertTrue(BurstyStragglers.follows(p, 2, 5, 3));
        }
    }

    @Test
    void modelCheckerRejectsViolations() {
        boolean[][] tooMany = new boolean[3][4];
        tooMany[0][0] = tooMany[1][1] = tooMany[2][2] = true;   // 3 distinct in a window of 3
        assertFalse(BurstyStragglers.follows(tooMany, 1, 3, 2));
        boolean[][] twoBursts = new boolean[4][3];
        twoBursts[0][0] = twoBursts[2][0] = true;                // straggles at 0 and 2 with B = 1, W = 3
        assertFalse(BurstyStragglers.follows(twoBursts, 1, 3, 3));
        boolean[][] oneBurst = new boolean[4][3];
        oneBurst[0][0] = oneBurst[1][0] = true;                  // a burst of length 2 is fine with B = 2
        assertTrue(BurstyStragglers.follows(oneBurst, 2, 3, 1));
    }

    @Test
    void srSgcDecodesEveryJobOnTimeUnderConformingPatterns() {
        int[][] params = {{8, 1, 3, 2}, {8, 2, 5, 3}, {10, 1, 5, 4}, {6, 3, 4, 2}, {12, 2, 7, 5}};
        for (int[] q : params) {
            SelectiveRepeatSgc sgc = new SelectiveRepeatSgc(q[0], q[1], q[2], q[3]);
            assertEquals((int) Math.ceil(q[1] * (double) q[3] / (q[2] - 1 + q[1])), sgc.stragglers());
            for (int seed = 0; seed < 40; seed++) {
                int jobs = 25;
                boolean[][] p = BurstyStragglers.random(jobs + q[1], q[0], q[1], q[2], q[3], 0.5, new Rng(seed));
                SelectiveRepeatSgc.Run run = sgc.run(p, jobs);
                assertTrue(run.allOnTime(), sgc + " seed " + seed + " decoded " + java.util.Arrays.toString(run.decodedRound()));
            }
        }
    }

    @Test
    void srSgcFailsWhenThePatternBreaksTheModel() {
        SelectiveRepeatSgc sgc = new SelectiveRepeatSgc(6, 1, 3, 2);   // s = 1
        boolean[][] p = new boolean[6][6];
        for (int r = 0; r < 6; r++) p[r][0] = p[r][1] = p[r][2] = true;   // 3 workers straggle in every round
        assertFalse(sgc.run(p, 5).allOnTime());
    }

    @Test
    void multiplexedLoadNeverExceedsGradientCodingWithSEqualsLambda() {
        for (int n = 2; n <= 20; n++) {
            for (int b = 1; b <= 4; b++) {
                for (int w = b + 1; w <= 10; w++) {
                    for (int lam = 0; lam < n; lam++) {
                        double m = SequentialCodingLoads.multiplexed(n, b, w, lam);
                        assertTrue(m <= SequentialCodingLoads.gradientCoding(n, lam) + 1e-15, n + " " + b + " " + w + " " + lam);
                    }
                }
            }
        }
    }

    @Test
    void badParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SelectiveRepeatSgc(8, 2, 4, 2));   // B ∤ W−1
        assertThrows(IllegalArgumentException.class, () -> new SelectiveRepeatSgc(8, 2, 2, 2));   // W ≤ B
        SelectiveRepeatSgc sgc = new SelectiveRepeatSgc(8, 1, 3, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sgc.run(new boolean[3][8], 5));
        assertTrue(e.getMessage().contains("6 rounds"), e.getMessage());
    }
}
