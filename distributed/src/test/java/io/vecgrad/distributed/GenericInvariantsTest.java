package io.vecgrad.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.distributed.fed.FedAvg;
import io.vecgrad.distributed.fed.MajorityVote;
import io.vecgrad.distributed.fed.PerturbedFedSgd;
import io.vecgrad.distributed.fed.Scaffold;
import io.vecgrad.distributed.gossip.GossipPga;
import io.vecgrad.distributed.gossip.Lsgd;
import io.vecgrad.distributed.robust.Aggregators;
import io.vecgrad.distributed.robust.Attacks;
import io.vecgrad.distributed.robust.Monna;
import io.vecgrad.distributed.sim.SyncSimulator;
import io.vecgrad.optim.compress.VectorCompressor;
import io.vecgrad.tensor.random.Rng;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The invariants every method owes (spec "Generic invariants"): determinism, degenerate reductions, byte accounting. */
class GenericInvariantsTest {
    private static final int N = 8, D = 12;

    private static List<Supplier<RoundMethod>> methods() {
        TopologySchedule ring = TopologySchedule.fixed(Topology.ring(N));
        return List.of(() -> FedAvg.fedAvg(3, 0.1, 0.5), () -> FedAvg.fedProx(3, 0.1, 1, 0.1), () -> new Scaffold(3, 0.1, 1, 0.75),
                () -> GossipPga.pga(ring, 0.1, 3), () -> GossipPga.perturbedDiffusion(ring, 0.1, 0.01), () -> new Lsgd(0.1, 2, 0.2, 0.5, 0.9),
                () -> new Monna(Set.of(1), Aggregators.nna(1), 0.1, 0.9, 2, 5, 2), () -> MajorityVote.stochasticSigns(0.05).withErrorFeedback(),
                () -> new PerturbedFedSgd(0.1, 3, 0.01));
    }

    private static List<ParamVector> run(RoundMethod m, int threads, long rounds) {
        try (SyncSimulator sim = TestProblems.sim(N, D, 0.5, 3).seed(11).threads(threads)
                .encode(Channels.byzantine(Set.of(1), Attacks.alie()))
                .network(Channels.drop(0.1).then(Channels.gaussianNoise(1e-3))).build()) {
            Simulation.run(m, sim, rounds, rounds, x -> 0);
            List<ParamVector> out = new java.util.ArrayList<>(sim.snapshot());
            out.add(m.model(sim));
            return out;
        }
    }

    @Test
    void sameSeedGivesBitwiseTheSameRunWithOneAndFourThreads() {
        for (Supplier<RoundMethod> s : methods()) {
            List<ParamVector> one = run(s.get(), 1, 12), four = run(s.get(), 4, 12), again = run(s.get(), 4, 12);
            for (int i = 0; i < one.size(); i++) {
                assertTrue(one.get(i).bitwiseEquals(four.get(i)), s.get().name() + " vector " + i + " differs between 1 and 4 threads");
                assertTrue(four.get(i).bitwiseEquals(again.get(i)), s.get().name() + " vector " + i + " differs between two runs");
            }
            assertTrue(one.get(one.size() - 1).isFinite(), s.get().name());
        }
    }

    @Test
    void fedAvgWithOneClientIsBitwiseLocalSgd() {
        int k = 4;
        double lr = 0.05;
        ParamVector expect;
        try (SyncSimulator sim = TestProblems.sim(1, D, 0.3, 5).seed(9).build()) {
            LocalProblem p = sim.worker(0).problem();
            ParamVector x = ParamVector.zeros(D), g = ParamVector.zeros(D);
            for (long r = 0; r < 6; r++) {
                Rng round = sim.streams().stream("train", 0, r);
                for (int s = 0; s < k; s++) {
                    p.gradient(x, round.split(s), g);
                    x.axpyInPlace(-lr, g);
                }
            }
            expect = x;
        }
        for (RoundMethod m : List.of(FedAvg.fedAvg(k, lr, 1), FedAvg.localSgd(k, lr))) {
            try (SyncSimulator sim = TestProblems.sim(1, D, 0.3, 5).seed(9).build()) {
                Simulation.run(m, sim, 6, 6, x -> 0);
                assertTrue(m.model(sim).bitwiseEquals(expect), m.name());
            }
        }
    }

    @Test
    void gossipOnTheCompleteGraphIsBitwiseAllReduceSgd() {
        try (SyncSimulator a = TestProblems.sim(N, D, 0.5, 4).seed(2).build(); SyncSimulator b = TestProblems.sim(N, D, 0.5, 4).seed(2).build()) {
            Simulation.run(GossipPga.gossip(TopologySchedule.fixed(Topology.complete(N)), 0.1), a, 10, 10, x -> 0);
            Simulation.run(GossipPga.pga(TopologySchedule.fixed(Topology.ring(N)), 0.1, 1), b, 10, 10, x -> 0);
            for (int i = 0; i < N; i++) assertTrue(a.worker(i).params().bitwiseEquals(b.worker(i).params()), "worker " + i);
        }
    }

    @Test
    void identityCompressorReducesToTheUncompressedMethod() {
        for (Supplier<RoundMethod> s : List.<Supplier<RoundMethod>>of(() -> FedAvg.fedAvg(2, 0.1, 1), () -> GossipPga.pga(TopologySchedule.fixed(Topology.ring(N)), 0.1, 4))) {
            try (SyncSimulator a = TestProblems.sim(N, D, 0.5, 4).seed(2).build();
                    SyncSimulator b = TestProblems.sim(N, D, 0.5, 4).seed(2).encode(Channels.compress(VectorCompressor.identity())).build()) {
                RoundMethod ma = s.get(), mb = s.get();
                Simulation.run(ma, a, 8, 8, x -> 0);
                Simulation.run(mb, b, 8, 8, x -> 0);
                assertTrue(ma.model(a).bitwiseEquals(mb.model(b)), ma.name());
                assertEquals(a.bytes().totalBytes(), b.bytes().totalBytes());
            }
        }
    }

    @Test
    void byteCountersEqualTheAnalyticCost() {
        long rounds = 6, dense = 8L * D;
        try (SyncSimulator sim = TestProblems.sim(N, D, 0.5, 4).build()) {
            Simulation.run(FedAvg.fedAvg(2, 0.1, 1), sim, rounds, rounds, x -> 0);
            assertEquals(rounds * N * dense, sim.bytes().workerBytes());
            assertEquals(rounds * N * dense, sim.bytes().bytesSent(Message.SERVER));
        }
        try (SyncSimulator sim = TestProblems.sim(N, D, 0.5, 4).build()) {
            Simulation.run(GossipPga.pga(TopologySchedule.fixed(Topology.ring(N)), 0.1, 3), sim, rounds, rounds, x -> 0);
            // 4 gossip rounds: 2 neighbours each; 2 all-reduce rounds: one vector up and one down per worker
            assertEquals(4 * N * 2 * dense + 2 * N * dense, sim.bytes().workerBytes());
            assertEquals(2 * N * dense, sim.bytes().bytesSent(Message.SERVER));
        }
        try (SyncSimulator sim = TestProblems.sim(N, D, 0.5, 4).build()) {
            Simulation.run(MajorityVote.signs(0.01), sim, rounds, rounds, x -> 0);
            assertEquals(rounds * N * ((D + 7) / 8), sim.bytes().workerBytes());
        }
        try (SyncSimulator sim = TestProblems.sim(N, D, 0.5, 4).encode(Channels.compress(VectorCompressor.topK(3))).build()) {
            Simulation.run(FedAvg.fedAvg(1, 0.1, 1), sim, rounds, rounds, x -> 0);
            assertEquals(rounds * N * ((3L * (64 + 4) + 7) / 8), sim.bytes().workerBytes());
        }
    }

    @Test
    void crashedWorkersLeaveTheRounds() {
        try (SyncSimulator sim = TestProblems.sim(4, D, 0.5, 4).crash(2, 3).build()) {
            assertEquals(4, sim.participants(2).length);
            assertEquals(List.of(0, 1, 3), java.util.Arrays.stream(sim.participants(3)).boxed().toList());
            Simulation.run(FedAvg.fedAvg(1, 0.1, 1), sim, 6, 6, x -> 0);
            assertEquals(3 * 8L * D, sim.bytes().bytesSent(2));   // uplinks of rounds 0, 1, 2 only
        }
    }
}
