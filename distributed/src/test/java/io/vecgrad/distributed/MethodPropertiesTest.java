package io.vecgrad.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each method's own properties from its paper (spec sections P07, P13, P14, P26, P60 and the baselines). */
class MethodPropertiesTest {
    private static final int N = 8, D = 10;

    private static ParamVector minimizerOfTheAverage(SyncSimulator sim) {
        // (1/n)Σ ½ a_i (x − c_i)² per coordinate: x* = Σ a_i c_i / Σ a_i; read a_i, c_i back from gradients
        double[] num = new double[D], den = new double[D];
        for (int i = 0; i < sim.workers(); i++) {
            ParamVector g0 = ParamVector.zeros(D), g1 = ParamVector.zeros(D);
            sim.worker(i).problem().gradient(ParamVector.zeros(D), new Rng(0), g0);
            ParamVector ones = ParamVector.zeros(D).axpyInPlace(1, new ParamVector(filled(1.0)));
            sim.worker(i).problem().gradient(ones, new Rng(0), g1);
            for (int j = 0; j < D; j++) {
                double a = g1.get(j) - g0.get(j), ac = -g0.get(j);
                num[j] += ac;
                den[j] += a;
            }
        }
        for (int j = 0; j < D; j++) num[j] /= den[j];
        return new ParamVector(num);
    }

    private static double[] filled(double v) {
        double[] a = new double[D];
        java.util.Arrays.fill(a, v);
        return a;
    }

    @Test
    void scaffoldRemovesClientDriftThatFedAvgKeeps() {
        // exact gradients, heterogeneous quadratics, K = 10 local steps: FedAvg converges to a biased point, SCAFFOLD to x*
        double fedAvgError, scaffoldError;
        try (SyncSimulator sim = TestProblems.sim(N, D, 0, 7).build()) {
            ParamVector star = minimizerOfTheAverage(sim);
            RoundMethod m = FedAvg.fedAvg(10, 0.1, 1);
            Simulation.run(m, sim, 300, 300, x -> 0);
            fedAvgError = Math.sqrt(m.model(sim).squaredDistance(star));
        }
        try (SyncSimulator sim = TestProblems.sim(N, D, 0, 7).build()) {
            ParamVector star = minimizerOfTheAverage(sim);
            RoundMethod m = new Scaffold(10, 0.1, 1, 1);
            Simulation.run(m, sim, 300, 300, x -> 0);
            scaffoldError = Math.sqrt(m.model(sim).squaredDistance(star));
        }
        assertTrue(scaffoldError < 1e-8, "SCAFFOLD error " + scaffoldError);
        assertTrue(fedAvgError > 1e-2, "FedAvg drift " + fedAvgError);
    }

    @Test
    void fedProxWithLargeMuKeepsClientsNearTheGlobalModel() {
        try (SyncSimulator a = TestProblems.sim(N, D, 0, 7).build(); SyncSimulator b = TestProblems.sim(N, D, 0, 7).build()) {
            RoundMethod avg = FedAvg.fedAvg(10, 0.05, 1), prox = FedAvg.fedProx(10, 0.05, 1, 10);
            Simulation.run(avg, a, 1, 1, x -> 0);
            Simulation.run(prox, b, 1, 1, x -> 0);
            // after one round from 0, the clients' spread is smaller with the proximal term
            assertTrue(ParamVector.consensusDistance(b.snapshot()) < 0.5 * ParamVector.consensusDistance(a.snapshot()));
        }
    }

    @Test
    void gossipPgaAveragesExactlyEveryHStepsAndPreservesTheMeanOtherwise() {
        int h = 4;
        try (SyncSimulator sim = TestProblems.sim(N, D, 0.5, 3).build()) {
            RoundMethod pga = GossipPga.pga(TopologySchedule.fixed(Topology.ring(N)), 0.05, h);
            pga.setUp(sim);
            for (long k = 0; k < 12; k++) {
                List<ParamVector> before = sim.snapshot();
                // the gradient step moves the mean by −γ·mean(g): recompute it from the same streams
                ParamVector expectMean = ParamVector.mean(before);
                for (int i = 0; i < N; i++) {
                    ParamVector g = ParamVector.zeros(D);
                    sim.worker(i).problem().gradient(before.get(i), sim.streams().stream("sgd", i, k).split(0), g);
                    expectMean.axpyInPlace(-0.05 / N, g);
                }
                pga.round(sim, k);
                List<ParamVector> after = sim.snapshot();
                assertArrayEquals(expectMean.data(), ParamVector.mean(after).data(), 1e-12, "round " + k);
                if ((k + 1) % h == 0) for (ParamVector x : after) assertTrue(x.bitwiseEquals(after.get(0)), "round " + k);
                else assertTrue(ParamVector.consensusDistance(after) > 0);
            }
        }
    }

    @Test
    void gossipPgaReachesLowerConsensusErrorThanGossipAlone() {
        double gossip;
        List<ParamVector> pga;
        try (SyncSimulator sim = TestProblems.sim(16, D, 0.5, 3).build()) {
            Simulation.run(GossipPga.gossip(TopologySchedule.fixed(Topology.ring(16)), 0.05), sim, 40, 40, x -> 0);
            gossip = ParamVector.consensusDistance(sim.snapshot());
        }
        try (SyncSimulator sim = TestProblems.sim(16, D, 0.5, 3).build()) {
            Simulation.run(GossipPga.pga(TopologySchedule.fixed(Topology.ring(16)), 0.05, 8), sim, 40, 40, x -> 0);
            pga = sim.snapshot();
        }
        for (ParamVector x : pga) assertTrue(x.bitwiseEquals(pga.get(0)), "round 40 is a global-averaging round");
        assertTrue(gossip > 0.01, "gossip alone keeps a consensus error: " + gossip);
    }

    @Test
    void lsgdWithoutPullingIsIndependentSgdAndTheLeaderTakesPlainSgdSteps() {
        try (SyncSimulator a = TestProblems.sim(4, D, 0.3, 2).build(); SyncSimulator b = TestProblems.sim(4, D, 0.3, 2).build()) {
            Simulation.run(new Lsgd(0.05, 3, 0, 0, 0.9), a, 9, 9, x -> 0);
            Simulation.run(GossipPga.gossip(TopologySchedule.fixed(new Topology("none", identity(4))), 0.05), b, 9, 9, x -> 0);
            for (int i = 0; i < 4; i++) assertTrue(a.worker(i).params().bitwiseEquals(b.worker(i).params()), "worker " + i);
        }
        try (SyncSimulator sim = TestProblems.sim(4, D, 0, 2).build()) {
            Lsgd lsgd = new Lsgd(0.05, 1, 0, 0.5, 0);
            lsgd.setUp(sim);
            lsgd.round(sim, 0);
            int leader = lsgd.leader();
            ParamVector x = sim.worker(leader).params().copy(), g = ParamVector.zeros(D);
            sim.worker(leader).problem().gradient(x, new Rng(0), g);
            ParamVector expect = x.copy().axpyInPlace(-0.05, g);
            lsgd.round(sim, 1);
            if (lsgd.leader() == leader) assertArrayEquals(expect.data(), sim.worker(leader).params().data(), 0.0);
        }
    }

    private static double[][] identity(int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) m[i][i] = 1;
        return m;
    }

    @Test
    void lgdBestLossIsMonotoneOnConvexProblemsWithExactGradients() {
        try (SyncSimulator sim = SyncSimulator.builder(startsApart()).build()) {
            Lsgd lgd = new Lsgd(0.2, 1, 0, 0.3, 0);
            lgd.setUp(sim);
            double best = Double.POSITIVE_INFINITY;
            for (long t = 0; t < 40; t++) {
                lgd.round(sim, t);
                double now = Double.POSITIVE_INFINITY;
                for (int i = 0; i < 6; i++) now = Math.min(now, sim.worker(i).problem().loss(sim.worker(i).params()));
                assertTrue(now <= best + 1e-15, "step " + t + ": best loss rose from " + best + " to " + now);
                best = now;
            }
        }
    }

    private static List<Worker> startsApart() {
        ParamVector c = ParamVector.of(1, -2, 3);
        double[] a = {1, 2, 4};   // L = 4, η = 0.2 ≤ 1/L
        List<Worker> ws = new ArrayList<>();
        Rng rng = new Rng(3);
        for (int i = 0; i < 6; i++) {
            ws.add(new Worker(i, ParamVector.of(5 * rng.nextGaussian(), 5 * rng.nextGaussian(), 5 * rng.nextGaussian()), TestProblems.noisyQuadratic(a, c, 0)));
        }
        return ws;
    }

    @Test
    void monnaWithoutByzantinesAndMeanIsCentralizedMomentumSgd() {
        try (SyncSimulator sim = TestProblems.sim(N, D, 0.5, 5).build()) {
            Simulation.run(new Monna(Set.of(), Aggregator.mean(), 0.1, 0.9, 0, 0, 1), sim, 5, 5, x -> 0);
            for (ParamVector x : sim.snapshot()) assertArrayEquals(sim.snapshot().get(0).data(), x.data(), 1e-12);
        }
    }

    @Test
    void monnaKeepsHonestNodesOnTrackUnderAttackWhereAveragingFails() {
        Set<Integer> byz = Set.of(0, 1);
        double nnaLoss, meanLoss, cleanLoss;
        try (SyncSimulator sim = TestProblems.sim(N, D, 0.1, 5).encode(Channels.byzantine(byz, Attacks.ipm(10))).build()) {
            Monna m = new Monna(byz, Aggregators.nna(2), 0.1, 0.5, 0, 0, 1);
            Simulation.run(m, sim, 60, 60, x -> 0);
            nnaLoss = TestProblems.globalLoss(sim, m.model(sim));
        }
        try (SyncSimulator sim = TestProblems.sim(N, D, 0.1, 5).encode(Channels.byzantine(byz, Attacks.ipm(10))).build()) {
            Monna m = new Monna(byz, Aggregator.mean(), 0.1, 0.5, 0, 0, 1);
            Simulation.run(m, sim, 60, 60, x -> 0);
            meanLoss = TestProblems.globalLoss(sim, m.model(sim));
        }
        try (SyncSimulator sim = TestProblems.sim(N, D, 0.1, 5).build()) {
            Monna m = new Monna(Set.of(), Aggregator.mean(), 0.1, 0.5, 0, 0, 1);
            Simulation.run(m, sim, 60, 60, x -> 0);
            cleanLoss = TestProblems.globalLoss(sim, m.model(sim));
        }
        assertTrue(nnaLoss < 2 * cleanLoss + 0.5, "NNA under attack " + nnaLoss + " vs clean " + cleanLoss);
        assertTrue(!(meanLoss < 10 * cleanLoss + 5), "averaging under attack " + meanLoss + " should fail, clean " + cleanLoss);
    }

    @Test
    void majorityVoteStepsAreZeroOrPlusMinusEtaAndErrorFeedbackConservesTheVotes() {
        try (SyncSimulator sim = TestProblems.sim(5, D, 1, 2).build()) {
            MajorityVote m = MajorityVote.signs(0.01);
            m.setUp(sim);
            ParamVector before = m.model(sim).copy();
            m.round(sim, 0);
            ParamVector step = m.model(sim).minus(before);
            for (int j = 0; j < D; j++) {
                double s = Math.abs(step.get(j));
                assertTrue(s == 0 || Math.abs(s - 0.01) < 1e-15, "coordinate step " + s);
            }
        }
        try (SyncSimulator sim = TestProblems.sim(5, D, 1, 2).build()) {
            MajorityVote m = MajorityVote.stochasticSigns(0.01).withErrorFeedback();
            m.setUp(sim);
            ParamVector x0 = m.model(sim).copy();
            ParamVector votes = ParamVector.zeros(D);
            for (long t = 0; t < 30; t++) {
                // v_t = mean of the votes sent in round t, regenerated from the same streams
                ParamVector x = m.model(sim).copy();
                ParamVector v = ParamVector.zeros(D);
                for (int i = 0; i < 5; i++) {
                    Rng r = sim.streams().stream("vote", i, t);
                    ParamVector g = ParamVector.zeros(D);
                    sim.worker(i).problem().gradient(x, r.split("batch"), g);
                    v.axpyInPlace(1.0 / 5, MajorityVote.stochasticSign(g, r.split("sign")));
                }
                votes.axpyInPlace(1, v);
                m.round(sim, t);
            }
            // Σ Δ_t + e_T = Σ v_t, with θ_T = θ_0 − η Σ Δ_t
            ParamVector sumDelta = x0.minus(m.model(sim)).scaleInPlace(1 / 0.01);
            assertArrayEquals(votes.data(), sumDelta.plus(m.errorMemory()).data(), 1e-9);
            assertTrue(m.errorMemory().norm() < 5 * Math.sqrt(D));
        }
    }

    @Test
    void stochasticSignIsUnbiasedUpToTheBound() {
        ParamVector g = ParamVector.of(0.3, -0.9, 0.0, 0.5);
        double b = 0.9;
        int draws = 40000;
        ParamVector sum = ParamVector.zeros(4);
        Rng rng = new Rng(4);
        for (int k = 0; k < draws; k++) sum.axpyInPlace(b, MajorityVote.stochasticSign(g, rng.split(k)));
        for (int j = 0; j < 4; j++) {
            double mean = sum.get(j) / draws, sd = b * Math.sqrt(1 - (g.get(j) / b) * (g.get(j) / b)) / Math.sqrt(draws);
            assertEquals(g.get(j), mean, 4 * sd + 1e-12, "coordinate " + j);
        }
        assertEquals(-1.0, MajorityVote.stochasticSign(g, new Rng(1)).get(1), 0.0, "|g_i| = B gives sign(g_i)");
    }

    @Test
    void perturbedFedSgdWithAllAgentsIsTheCentralizedStepAndEscapesTheSaddle() {
        try (SyncSimulator sim = TestProblems.sim(4, D, 0, 1).build()) {
            PerturbedFedSgd m = new PerturbedFedSgd(0.1, 4, 0);
            m.setUp(sim);
            ParamVector x = m.model(sim).copy(), g = ParamVector.zeros(D), sum = ParamVector.zeros(D);
            for (int i = 0; i < 4; i++) {
                sim.worker(i).problem().gradient(x, new Rng(0), g);
                sum.axpyInPlace(1, g);
            }
            m.round(sim, 0);
            assertArrayEquals(x.axpyInPlace(-0.1 / 4, sum).data(), m.model(sim).data(), 1e-14);
        }
        assertEquals(0.0, saddleRun(0), 0.0, "no noise: stays at the saddle");
        double escaped = saddleRun(1e-3);
        assertEquals(Math.sqrt(2), escaped, 0.05, "with perturbations |y| reaches √2");
    }

    /** J(x, y) = x² − y² + y⁴/4 at each of 4 agents, from the saddle (0, 0); returns |y| after 600 iterations. */
    private static double saddleRun(double sigma) {
        LocalProblem saddle = new LocalProblem() {
            public int dim() {
                return 2;
            }

            public double gradient(ParamVector p, Rng rng, ParamVector out) {
                double x = p.get(0), y = p.get(1);
                out.data()[0] = 2 * x;
                out.data()[1] = -2 * y + y * y * y;
                return loss(p);
            }

            public double loss(ParamVector p) {
                double x = p.get(0), y = p.get(1);
                return x * x - y * y + y * y * y * y / 4;
            }
        };
        List<Worker> ws = new ArrayList<>();
        for (int i = 0; i < 4; i++) ws.add(new Worker(i, ParamVector.zeros(2), saddle));
        try (SyncSimulator sim = SyncSimulator.builder(ws).seed(3).build()) {
            PerturbedFedSgd m = new PerturbedFedSgd(0.05, 2, sigma);
            Simulation.run(m, sim, 600, 600, x -> 0);
            return Math.abs(m.model(sim).get(1));
        }
    }
}
