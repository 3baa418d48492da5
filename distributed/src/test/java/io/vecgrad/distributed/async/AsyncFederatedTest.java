package io.vecgrad.distributed.async;

import io.vecgrad.distributed.LocalProblem;
import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.Worker;
import io.vecgrad.distributed.async.AsyncFederated.Config;
import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AsyncFederatedTest {

    /** ½‖x − c‖² with Gaussian gradient noise of standard deviation {@code noise}. */
    static LocalProblem noisyQuadratic(ParamVector c, double noise) {
        LocalProblem q = LocalProblem.quadratic(c);
        return new LocalProblem() {
            public int dim() {
                return c.dim();
            }

            public double gradient(ParamVector x, Rng rng, ParamVector out) {
                double loss = q.gradient(x, rng, out);
                for (int i = 0; i < out.dim(); i++) out.data()[i] += noise * rng.nextGaussian();
                return loss;
            }

            public double loss(ParamVector x) {
                return q.loss(x);
            }
        };
    }

    static ParamVector center(int i) {
        return ParamVector.of(i, -2.0 * i, 1);
    }

    static List<Worker> workers(int m, double noise) {
        List<Worker> out = new ArrayList<>();
        for (int i = 0; i < m; i++) out.add(new Worker(i, ParamVector.zeros(3), noisyQuadratic(center(i), noise)));
        return out;
    }

    static double[] uniform(int m) {
        double[] p = new double[m];
        Arrays.fill(p, 1.0 / m);
        return p;
    }

    @Test
    void fedBuffWithBufferMAndEqualTimesIsSynchronousFedAvg() {
        int m = 5;
        ClientTimes equal = ClientTimes.linear(m, 0);
        AsyncFederated sync = new AsyncFederated(workers(m, 0.3), equal, Config.sync(0.1, 3, 1), uniform(m), 7);
        AsyncFederated buff = new AsyncFederated(workers(m, 0.3), equal, Config.fedBuff(m, true, 0.1, 3, 1), uniform(m), 7);
        sync.runSteps(20);
        buff.runSteps(20);
        assertTrue(sync.global().bitwiseEquals(buff.global()), sync.global() + " vs " + buff.global());
        assertEquals(20, buff.serverSteps());
        assertEquals(20.0, buff.time(), 1e-12);
    }

    @Test
    void fedFixWithAPeriodAboveEveryTimeSchedulesLikeFedAvg() {
        int m = 4;
        ClientTimes times = ClientTimes.linear(m, 60);
        AsyncFederated sync = new AsyncFederated(workers(m, 0.2), times, Config.sync(0.1, 2, 1), uniform(m), 3);
        AsyncFederated fix = new AsyncFederated(workers(m, 0.2), times, Config.fedFix(1.0, true, 0.1, 2, 1), uniform(m), 3);
        sync.runSteps(10);
        fix.runSteps(10);
        for (AsyncFederated.Step s : fix.steps()) assertArrayEquals(new int[] {0, 1, 2, 3}, s.clients());
        assertTrue(sync.global().bitwiseEquals(fix.global()), sync.global() + " vs " + fix.global());
    }

    @Test
    void oneClientRoundIsKLocalSgdSteps() {
        Worker w = new Worker(0, ParamVector.zeros(3), noisyQuadratic(center(2), 0.5));
        AsyncFederated fl = new AsyncFederated(List.of(w), ClientTimes.fixed(1), Config.sync(0.2, 4, 1), new double[] {1}, 11);
        fl.runSteps(1);
        // Replay the same K steps on the same minibatch streams.
        AsyncFederated probe = new AsyncFederated(List.of(new Worker(0, ParamVector.zeros(3), noisyQuadratic(center(2), 0.5))),
                ClientTimes.fixed(1), Config.sync(0.2, 4, 1), new double[] {1}, 11);
        ParamVector x = ParamVector.zeros(3), g = ParamVector.zeros(3);
        for (int k = 0; k < 4; k++) {
            noisyQuadratic(center(2), 0.5).gradient(x, probe.engine().rng("minibatch", 0), g);
            x.axpyInPlace(-0.2, g);
        }
        assertArrayEquals(x.data(), fl.global().data(), 1e-15);
        assertEquals(4, fl.gradients());
    }

    @Test
    void unbiasedWeightsGiveEachClientItsImportanceAndNaiveAsyncFavoursFastClients() {
        int m = 5;
        ClientTimes times = ClientTimes.linear(m, 50);
        double[] p = {0.1, 0.15, 0.2, 0.25, 0.3};
        for (Config c : List.of(Config.async(true, 0.01, 1, 1), Config.fedFix(0.6, true, 0.01, 1, 1), Config.fedBuff(2, true, 0.01, 1, 1))) {
            AsyncFederated fl = new AsyncFederated(workers(m, 0), times, c, p, 1, false);
            fl.runUntil(3000);
            double[] q = normalized(fl.aggregatedWeight());
            assertArrayEquals(p, q, 0.005, c + ": " + Arrays.toString(q));
        }
        AsyncFederated naive = new AsyncFederated(workers(m, 0), times, Config.async(false, 0.01, 1, 1), p, 1, false);
        naive.runUntil(3000);
        double[] inv = new double[m];
        for (int i = 0; i < m; i++) inv[i] = 1 / times.mean(i);
        assertArrayEquals(normalized(inv), normalized(naive.aggregatedWeight()), 0.005);
    }

    @Test
    void onQuadraticsNaiveAsyncConvergesToTheSpeedWeightedCentreAndUnbiasedToTheImportanceWeighted() {
        int m = 4;
        ClientTimes times = ClientTimes.linear(m, 75);
        double[] p = uniform(m);
        double[] inv = new double[m];
        for (int i = 0; i < m; i++) inv[i] = 1 / times.mean(i);
        double[] q = normalized(inv);
        AsyncFederated naive = new AsyncFederated(workers(m, 0), times, Config.async(false, 0.002, 1, 1), p, 2, false);
        AsyncFederated fair = new AsyncFederated(workers(m, 0), times, Config.async(true, 0.002, 1, 1), p, 2, false);
        naive.runUntil(2000);
        fair.runUntil(2000);
        ParamVector biased = ParamVector.zeros(3), target = ParamVector.zeros(3);
        for (int i = 0; i < m; i++) {
            biased.axpyInPlace(q[i], center(i));
            target.axpyInPlace(p[i], center(i));
        }
        assertTrue(naive.global().squaredDistance(biased) < 1e-2 * biased.squaredDistance(target), "naive " + naive.global() + " vs " + biased);
        assertTrue(fair.global().squaredDistance(target) < 1e-2 * biased.squaredDistance(target), "fair " + fair.global() + " vs " + target);
    }

    @Test
    void heavyTailedTimesAreDeterministicPerSeed() {
        ClientTimes times = ClientTimes.heavyTailed(ClientTimes.linear(6, 50), 1.0);
        AsyncFederated a = new AsyncFederated(workers(6, 0.1), times, Config.fedBuff(3, true, 0.05, 2, 1), uniform(6), 5);
        AsyncFederated b = new AsyncFederated(workers(6, 0.1), times, Config.fedBuff(3, true, 0.05, 2, 1), uniform(6), 5);
        a.runUntil(40);
        b.runUntil(40);
        assertTrue(a.global().bitwiseEquals(b.global()));
        assertEquals(a.serverSteps(), b.serverSteps());
        AsyncFederated other = new AsyncFederated(workers(6, 0.1), times, Config.fedBuff(3, true, 0.05, 2, 1), uniform(6), 6);
        other.runUntil(40);
        assertTrue(!a.global().bitwiseEquals(other.global()), "a different seed must give different compute times");
        long messages = 0;
        for (int i = 0; i < 6; i++) messages += a.engine().bytes().messagesSent(i);
        assertEquals(8L * 3 * messages, a.engine().bytes().workerBytes());
        long inBuffer = messages - 3 * a.serverSteps();
        assertTrue(inBuffer >= 0 && inBuffer < 3, "sent " + messages + " for " + a.serverSteps() + " steps of 3");
    }

    @Test
    void badInputIsRejected() {
        ClientTimes t = ClientTimes.linear(3, 10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AsyncFederated(workers(3, 0), t, Config.fedBuff(4, true, 0.1, 1, 1), uniform(3), 1));
        assertTrue(e.getMessage().contains("c = 4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AsyncFederated(workers(3, 0), t, Config.sync(0.1, 1, 1), new double[] {0.5, 0.5, 0.5}, 1));
        assertThrows(IllegalArgumentException.class, () -> new AsyncFederated(workers(2, 0), t, Config.sync(0.1, 1, 1), uniform(2), 1));
        assertThrows(IllegalArgumentException.class, () -> Config.fedFix(0, true, 0.1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> ClientTimes.linear(3, 100));
        assertThrows(IllegalArgumentException.class, () -> Config.sync(0.1, 0, 1));
    }

    static double[] normalized(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i] / s;
        return out;
    }
}
