package io.vecgrad.benchmarks;

import io.vecgrad.experiments.papers.NewtonLogisticRegression;
import io.vecgrad.optim.newton.LbfgsB;
import io.vecgrad.optim.newton.NewtonCg;
import io.vecgrad.optim.newton.Objective;
import io.vecgrad.optim.newton.SolverOptions;
import io.vecgrad.optim.newton.TestFunctions;
import io.vecgrad.tensor.Tensor;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * optim.newton's solvers to {@code ‖∇f‖∞ ≤ 1e-8} on the newton-logreg problem (breast cancer,
 * 569 × 30, standardised, λ = 1e-3, float64, autodiff oracles), the Java side of
 * {@code optim/src/test/resources/newton/scipy_timing.py} (SciPy's Newton-CG and L-BFGS-B with
 * hand-written NumPy oracles on the same data).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class NewtonBench {
    private Objective f;
    private int n;
    private final SolverOptions options = SolverOptions.defaults().gtol(1e-8).ftol(0).xtol(0).maxiter(100000).maxfun(100000);

    @Setup
    public void setup() throws IOException {
        Tensor[] d = NewtonLogisticRegression.data(569);
        n = d[0].size(1);
        f = Objective.of(TestFunctions.logisticRegression(d[0], d[1], 1e-3));
    }

    @Benchmark
    public double newtonCgLogreg() {
        return NewtonCg.minimize(f, new double[n], options).fun();
    }

    @Benchmark
    public double lbfgsBLogreg() {
        return LbfgsB.minimize(f, new double[n], options).fun();
    }
}
