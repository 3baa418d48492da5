package io.vecgrad.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.distributed.fed.FedAvg;
import io.vecgrad.distributed.fed.MajorityVote;
import io.vecgrad.distributed.fed.PerturbedFedSgd;
import io.vecgrad.distributed.fed.Scaffold;
import io.vecgrad.distributed.sim.SyncSimulator;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A method's saved server state, restored into a fresh instance, continues the run bit for bit:
 * what the singleton's fail-over relies on (no RNG state is saved: every draw comes from a
 * per-round stream).
 */
class ServerCheckpointTest {
    static final int N = 4;
    static final int D = 12;

    static SyncSimulator sim() {
        return SyncSimulator.builder(TestProblems.heterogeneous(N, D, 0.3, 5, ParamVector.zeros(D))).seed(3)
                .network(Channels.gaussianNoise(0.01)).build();
    }

    static void assertResumesBitForBit(Supplier<RoundMethod> method) {
        RoundMethod whole = method.get();
        ParamVector expected;
        try (SyncSimulator s = sim()) {
            whole.setUp(s);
            for (int r = 0; r < 6; r++) {
                whole.round(s, r);
            }
            expected = whole.model(s).copy();
        }
        try (SyncSimulator s = sim()) {
            RoundMethod first = method.get();
            first.setUp(s);
            for (int r = 0; r < 3; r++) {
                first.round(s, r);
            }
            List<ParamVector> saved = ((ServerCheckpoint) first).saveServerState();
            ParamVector before = saved.get(0).copy();
            first.model(s).data()[0] += 1; // the saved copies must not alias the live state
            assertTrue(before.bitwiseEquals(saved.get(0)), whole.name() + ": the saved state aliases the model");
            first.model(s).data()[0] -= 1;
            RoundMethod second = method.get();
            second.setUp(s);
            ((ServerCheckpoint) second).restoreServerState(saved);
            for (int r = 3; r < 6; r++) {
                second.round(s, r);
            }
            assertTrue(expected.bitwiseEquals(second.model(s)), whole.name() + ": the resumed run differs");
            assertTrue(expected.squaredNorm() > 0, whole.name() + ": the model moved");
        }
    }

    @Test
    void fedAvgResumes() {
        assertResumesBitForBit(() -> FedAvg.fedAvg(2, 0.1, 0.5));
    }

    @Test
    void scaffoldResumesWithItsControlVariate() {
        assertResumesBitForBit(() -> new Scaffold(2, 0.1, 1.0, 0.75));
    }

    @Test
    void majorityVoteResumesWithItsErrorMemory() {
        assertResumesBitForBit(() -> MajorityVote.stochasticSigns(0.05).withErrorFeedback());
    }

    @Test
    void perturbedFedSgdResumes() {
        assertResumesBitForBit(() -> new PerturbedFedSgd(0.05, 2, 0.01));
    }

    /** Without the second vector the resumed SCAFFOLD would drift: the state must hold both. */
    @Test
    void restoringTheWrongShapeIsRefusedNamingTheMethodAndTheFigures() {
        try (SyncSimulator s = sim()) {
            Scaffold m = new Scaffold(2, 0.1, 1.0, 1.0);
            m.setUp(s);
            IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
                    () -> m.restoreServerState(List.of(ParamVector.zeros(D))));
            assertTrue(few.getMessage().contains("scaffold.restoreServerState: 1 vectors, the server state has 2"),
                    few.getMessage());
            IllegalArgumentException dim = assertThrows(IllegalArgumentException.class,
                    () -> m.restoreServerState(List.of(ParamVector.zeros(D), ParamVector.zeros(D + 1))));
            assertTrue(dim.getMessage().contains("vector 1 has dimension 13, expected 12"), dim.getMessage());
            assertEquals(2, m.saveServerState().size());
        }
    }
}
