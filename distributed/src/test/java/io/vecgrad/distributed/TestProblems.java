package io.vecgrad.distributed;

import io.vecgrad.distributed.sim.SyncSimulator;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;

/** Small problems and worker sets for the simulator tests. */
public final class TestProblems {
    private TestProblems() {}

    /** ½‖A(x − c)‖² with diagonal A and gradient noise of standard deviation {@code noise}. */
    public static LocalProblem noisyQuadratic(double[] diag, ParamVector c, double noise) {
        return new LocalProblem() {
            public int dim() {
                return c.dim();
            }

            public double gradient(ParamVector x, Rng rng, ParamVector out) {
                for (int i = 0; i < c.dim(); i++) out.data()[i] = diag[i] * (x.get(i) - c.get(i)) + noise * rng.nextGaussian();
                return loss(x);
            }

            public double loss(ParamVector x) {
                double s = 0;
                for (int i = 0; i < c.dim(); i++) s += 0.5 * diag[i] * (x.get(i) - c.get(i)) * (x.get(i) - c.get(i));
                return s;
            }
        };
    }

    /** n workers with heterogeneous noisy quadratics (centres drawn from {@code seed}), all starting at {@code x0}. */
    public static List<Worker> heterogeneous(int n, int d, double noise, long seed, ParamVector x0) {
        Rng rng = new Rng(seed);
        List<Worker> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] c = new double[d], diag = new double[d];
            for (int j = 0; j < d; j++) {
                c[j] = 2 * rng.nextGaussian();
                diag[j] = 0.5 + rng.nextDouble();
            }
            out.add(new Worker(i, x0, noisyQuadratic(diag, new ParamVector(c), noise)));
        }
        return out;
    }

    /** A simulator over fresh heterogeneous workers. */
    public static SyncSimulator.Builder sim(int n, int d, double noise, long seed) {
        return SyncSimulator.builder(heterogeneous(n, d, noise, seed, ParamVector.zeros(d)));
    }

    /** Global objective (1/n)Σ f_i at x. */
    public static double globalLoss(SyncSimulator sim, ParamVector x) {
        double s = 0;
        for (int i = 0; i < sim.workers(); i++) s += sim.worker(i).problem().loss(x);
        return s / sim.workers();
    }
}
