package io.vecgrad.benchmarks;

import io.vecgrad.optim.problems.dag.Acyclicity;
import io.vecgrad.optim.problems.dag.DagSampler;
import io.vecgrad.optim.problems.dag.LeastSquaresScore;
import io.vecgrad.optim.solvers.dag.Colide;
import io.vecgrad.optim.solvers.dag.Notears;
import io.vecgrad.optim.solvers.relu.ActivationPatterns;
import io.vecgrad.optim.solvers.relu.ConvexReluAdmm;
import io.vecgrad.optim.solvers.relu.ConvexReluProblem;
import io.vecgrad.tensor.random.Rng;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Per-step costs of the structured solvers against {@code optim/src/test/resources/dag/speed_reference.py}
 * (the same steps in NumPy/SciPy, after the authors' code):
 *
 * <ul>
 *   <li>{@code notearsEvaluation}: one NOTEARS augmented-Lagrangian value and gradient, d = 50, n = 1000
 *       (an L-BFGS iteration costs one to a few of these);
 *   <li>{@code colideIteration}: one CoLiDE-EV Adam iteration at d = 50 (a 100-iteration stage, per iteration);
 *   <li>{@code admmSetup} / {@code admmSetupAnd20}: the convex-ReLU ADMM at n = 1000, d = 20, P = 20
 *       (forming and factoring the 800×800 system, then 1 or 21 iterations); their difference / 20 is
 *       the time per iteration.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DagReluBench {
    private LeastSquaresScore score;
    private double[] z, grad, x50;
    private ConvexReluProblem relu;
    private Colide.Options colide;

    @Setup
    public void setup() {
        int d = 50;
        DagSampler.Sample s = DagSampler.sample(DagSampler.Graph.ER, d, 2 * d, 1000, true, 0);
        x50 = s.x();
        score = LeastSquaresScore.of(s.x(), 1000, d);
        Rng r = new Rng(0);
        z = new double[2 * d * (d - 1)];
        for (int k = 0; k < z.length; k++) z[k] = Math.max(0, 0.05 * r.nextGaussian());
        grad = new double[z.length];
        Colide.Options def = Colide.Options.defaults(Colide.Variance.EQUAL);
        colide = new Colide.Options(def.variance(), def.lambda1(), 1, 0.1, new double[] {1.0}, 100, 100, def.lr(), 1_000_000, 0, 0.3);
        int n = 1000, dr = 20;
        double[] x = new double[n * dr], y = new double[n];
        Rng rr = new Rng(1);
        for (int i = 0; i < n * dr; i++) x[i] = rr.nextGaussian();
        for (int i = 0; i < n; i++) y[i] = rr.nextGaussian() > 0 ? 1 : -1;
        relu = new ConvexReluProblem(x, y, n, dr, ActivationPatterns.sample(x, n, dr, 20, 2), 1.0);
    }

    @Benchmark
    public double notearsEvaluation() {
        return Notears.augmentedLagrangian(z, grad, score, Acyclicity.NOTEARS, 10, 1, 0.1, 50);
    }

    @Benchmark
    @OperationsPerInvocation(100)
    public Object colideIteration() {
        return Colide.fit(x50, 1000, 50, colide);
    }

    @Benchmark
    public Object admmSetup() {
        return ConvexReluAdmm.solve(relu, new ConvexReluAdmm.Options(1, 1, 1, 0));
    }

    @Benchmark
    public Object admmSetupAnd20() {
        return ConvexReluAdmm.solve(relu, new ConvexReluAdmm.Options(1, 1, 21, 0));
    }
}
