package io.vecgrad.benchmarks;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.optim.bilevel.Bilevel;
import io.vecgrad.optim.bilevel.Hypergradient;
import io.vecgrad.optim.bilevel.HypergradientEstimator;
import io.vecgrad.optim.bilevel.Hypergradients;
import io.vecgrad.optim.bilevel.InnerSolvers;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.iterative.SolveOptions;
import io.vecgrad.tensor.random.Rng;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * AID vs ITD hypergradients at K second-order products: the {@code hypergrad-logreg} problem
 * (L2 logistic regression, n = 2000, d = 100, float64, hypergradient w.r.t. log λ at λ = e⁻²).
 * {@code aid}: AID-CG with exactly K CG iterations (K + 1 HVP-cost passes); {@code itd}: reverse
 * ITD through K gradient steps of size 1 from w* (K + 1 gradients, K second-order passes,
 * K iterates kept). HVPs per second = (K or K + 1) / time; memory per hypergradient = JMH
 * {@code -prof gc}'s {@code gc.alloc.rate.norm}.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar HypergradBench -prof gc
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class HypergradBench {
    @Param({"aid", "itd"})
    public String method;

    @Param({"10", "100"})
    public int k;

    private Tensor wStar;
    private final Tensor logLambda = Tensor.scalar(DType.FLOAT64, -2);
    private Bilevel.Objective inner, outer;
    private HypergradientEstimator estimator;

    @Setup
    public void setup() {
        Rng rng = new Rng(0);
        Tensor[] tr = problem(rng.split("train")), val = problem(rng.split("val"));
        inner = (logLam, w) -> bce(tr[0], tr[1], w).add(w.dot(w).mul(logLam.exp()).mul(0.5));
        outer = (logLam, w) -> bce(val[0], val[1], w);
        wStar = InnerSolvers.newton(inner, 1e-10, 50).solve(logLambda, Tensor.zeros(DType.FLOAT64, 100)).y();
        estimator = method.equals("aid")
                ? Hypergradients.aidCg(SolveOptions.defaults().rtol(0).atol(0).maxIter(k))
                : Hypergradients.itdReverse(k, 1.0, k);
    }

    private static Tensor[] problem(Rng r) {
        Tensor a = r.split("x").normal(DType.FLOAT64, 0, 1, 2000, 100);
        Tensor teacher = r.split("w").normal(DType.FLOAT64, 0, 1, 100);
        Tensor noisy = a.matmul(teacher).add(r.split("noise").normal(DType.FLOAT64, 0, 0.5, 2000));
        return new Tensor[] {a, noisy.gt(0).to(DType.FLOAT64)};
    }

    private static Variable bce(Tensor a, Tensor labels, Variable w) {
        Variable z = Variable.constant(a).matmul(w);
        return z.softplus().sub(z.mul(Variable.constant(labels))).mean();
    }

    @Benchmark
    public double hypergradient() {
        Hypergradient h = estimator.estimate(outer, inner, logLambda, wStar);
        return h.grad().item();
    }
}
