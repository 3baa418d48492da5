package io.vecgrad.optim.bilevel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/** The spec's P64 properties on the closed-form quadratic. */
class BoRepTest {
    final QuadraticBilevelTest q = new QuadraticBilevelTest();
    final MoreEstimatorsTest more = new MoreEstimatorsTest();
    static final int N = QuadraticBilevelTest.N, M = QuadraticBilevelTest.M;

    BoRep.Config cfg() {
        return BoRep.Config.hyperCleaning().withInnerLr(0.5 / q.lipschitz).withNu(0.5 / q.lipschitz).withRefinement(0, 0).withSeed(5);
    }

    @Test
    void withExactLowerSolutionAndAdjointTheEstimateIsTheHypergradient() {
        Tensor ys = q.yStar(q.x);
        Tensor zs = Tensor.of(q.solveA(ys.sub(q.t).toDoubleArray()), N);
        BoRep bo = new BoRep(new BoRep.Config(0.01, 0.1, 0.1, 0.9, 2, 0, Double.POSITIVE_INFINITY, 0, 0, 1));
        Tensor[] h = new Tensor[1];
        bo.step(new BoRep.State(q.x, ys, zs, Tensor.zeros(DType.FLOAT64, M), 0, 0, 0),
                Bilevel.Sampler.exact(q.f), Bilevel.Sampler.exact(q.g), new Rng(1), h);
        assertArrayEquals(q.exactHypergradient(), h[0].toDoubleArray(), 1e-10);
        assertArrayEquals(q.centralDifferences(q::phi, 1e-3), h[0].toDoubleArray(), 1e-8);
    }

    @Test
    void zRecursionConvergesMonotonicallyInTheHessianNorm() {
        Tensor ys = q.yStar(q.x);
        Tensor b = Bilevel.partials(q.f, q.x, ys)[1];
        Tensor zs = Tensor.of(q.solveA(b.toDoubleArray()), N);
        Tensor z = new Rng(8).normal(DType.FLOAT64, 0, 1, N);
        double prev = Double.POSITIVE_INFINITY;
        for (int k = 0; k < 3000; k++) {
            Tensor e = z.sub(zs);
            double an = Math.sqrt(Bilevel.dot(e, q.a.matmul(e)));
            assertTrue(an <= prev * (1 + 1e-12) + 1e-15, "step " + k + ": " + an + " > " + prev);
            prev = an;
            z = BoRep.zStep(q.g, q.x, ys, z, b, 1.9 / q.lipschitz);
        }
        assertArrayEquals(zs.toDoubleArray(), z.toDoubleArray(), 1e-10);
    }

    @Test
    void everyStepHasLengthEtaAndYMovesOnlyEveryIIterations() {
        BoRep.Config c = new BoRep.Config(0.02, 0.5 / q.lipschitz, 0.5 / q.lipschitz, 0.9, 3, 2, Double.POSITIVE_INFINITY, 0, 0, 3);
        BoRep bo = new BoRep(c);
        Bilevel.Sampler g = more.noisyBatches(5, 0.3);
        BoRep.State s = bo.refine(g, q.x, Tensor.zeros(DType.FLOAT64, N), Tensor.zeros(DType.FLOAT64, N), new Rng(0));
        for (int t = 0; t < 30; t++) {
            BoRep.State next = bo.step(s, Bilevel.Sampler.exact(q.f), g, new Rng(9).split(t), null);
            assertEquals(0.02, Bilevel.norm(next.x().sub(s.x())), 1e-14, "t=" + t);
            boolean moved = Bilevel.norm(next.y().sub(s.y())) > 0;
            assertEquals(t % 3 == 0, moved, "y moved at t=" + t);
            s = next;
        }
    }

    @Test
    void reachesTheBilevelOptimumToWithinTheStepScaleAndReplaysBits() {
        double[] xs = new BilevelSolverTest().xStar();
        BoRep bo = new BoRep(cfg().withOuterLr(2e-3).withRefinement(3, 50));
        BilevelSolver.Result a = bo.run(Bilevel.Sampler.exact(q.f), Bilevel.Sampler.exact(q.g), Tensor.zeros(DType.FLOAT64, M), Tensor.zeros(DType.FLOAT64, N), 3000, st -> {});
        double err = Bilevel.norm(a.x().sub(Tensor.of(xs, M)));
        assertTrue(err < 0.05, "‖x − x*‖ = " + err);
        BilevelSolver.Result b = bo.run(Bilevel.Sampler.exact(q.f), Bilevel.Sampler.exact(q.g), Tensor.zeros(DType.FLOAT64, M), Tensor.zeros(DType.FLOAT64, N), 3000, st -> {});
        assertArrayEquals(a.x().toDoubleArray(), b.x().toDoubleArray(), 0);
    }
}
