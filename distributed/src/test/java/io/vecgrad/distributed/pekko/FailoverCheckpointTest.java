package io.vecgrad.distributed.pekko;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.distributed.ParamVector;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checkpoint's wire form: a round trip keeps every field; anything malformed is rejected naming the sender. */
class FailoverCheckpointTest {
    static final String SENDER = "the server (rank 3, on worker 0's node)";

    static FailoverCheckpoint sample() {
        return new FailoverCheckpoint(2, 7, 1, 31, FailoverCheckpoint.RESUMABLE, new int[] {0, 2}, new long[] {5, 0, 9},
                new long[] {1000, 800, 12, 14}, List.of(new ParamVector(new double[] {0.5, -1e-300, 3}),
                        new ParamVector(new double[] {Double.MIN_VALUE, -0.0, 7})));
    }

    @Test
    void aRoundTripKeepsEveryFieldBitForBit() {
        FailoverCheckpoint c = sample();
        FailoverCheckpoint back = FailoverCheckpoint.decode(c.encode(), 3, SENDER);
        assertEquals(2, back.epoch());
        assertEquals(7, back.round());
        assertEquals(1, back.host());
        assertEquals(31, back.seq());
        assertArrayEquals(new int[] {0, 2}, back.participants());
        assertArrayEquals(new long[] {5, 0, 9}, back.gradients());
        assertArrayEquals(new long[] {1000, 800, 12, 14}, back.counters());
        assertEquals(2, back.state().size());
        for (int k = 0; k < 2; k++) {
            assertTrue(c.state().get(k).bitwiseEquals(back.state().get(k)), "state vector " + k);
        }
    }

    static String rejected(double[] wire) {
        return assertThrows(CorruptPayloadException.class, () -> FailoverCheckpoint.decode(wire, 3, SENDER)).getMessage();
    }

    @Test
    void malformedCheckpointsAreRejectedNamingTheSenderAndTheFigure() {
        double[] wire = sample().encode();
        String truncated = rejected(Arrays.copyOf(wire, wire.length - 1));
        assertTrue(truncated.startsWith("checkpoint from " + SENDER + " rejected: truncated"), truncated);
        String longer = rejected(Arrays.copyOf(wire, wire.length + 2));
        assertTrue(longer.contains("2 values left over"), longer);
        double[] magic = wire.clone();
        magic[0] = 1;
        assertTrue(rejected(magic).contains("not a checkpoint"), rejected(magic));
        double[] workers = wire.clone();
        workers[5] = 4;
        assertTrue(rejected(workers).contains("written for 4 workers, this job has 3"), rejected(workers));
        double[] fraction = wire.clone();
        fraction[2] = 7.5;
        assertTrue(rejected(fraction).contains("round is 7.5 at offset 2"), rejected(fraction));
        double[] participant = wire.clone();
        participant[9] = 3; // the second participant names a worker that does not exist
        assertTrue(rejected(participant).contains("participant 1 is 3.0 at offset 9, expected a whole number in 0..2"),
                rejected(participant));
        double[] huge = wire.clone();
        huge[huge.length - 8] = 1e9; // the first state vector's dimension
        assertTrue(rejected(huge).contains("dimension of state vector 0 is 1.0E9"), rejected(huge));
        assertTrue(rejected(new double[0]).contains("not a checkpoint (0 values"), rejected(new double[0]));
    }

    @Test
    void aReplayedRoundGetsItsOwnKey() {
        assertTrue(FailoverCheckpoint.key(0, 5) != FailoverCheckpoint.key(1, 5));
        assertEquals(5, FailoverCheckpoint.key(0, 5));
    }
}
