package io.vecgrad.benchmarks;

import io.vecgrad.autodiff.Autodiff;
import io.vecgrad.autodiff.NoGrad;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.autodiff.linalg.CurvatureOperators;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.iterative.ConjugateGradient;
import io.vecgrad.tensor.linalg.iterative.Lanczos;
import io.vecgrad.tensor.linalg.iterative.LanczosResult;
import io.vecgrad.tensor.linalg.iterative.LinearOperator;
import io.vecgrad.tensor.linalg.iterative.SolveOptions;
import io.vecgrad.tensor.linalg.iterative.SolveResult;
import io.vecgrad.tensor.random.Rng;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Matrix-free linear algebra on autodiff operators, the wave-2 workloads of WORKLOADS.md.
 *
 * <ul>
 *   <li>{@code lanczosMlp} ({@code lanczos-mlp}): record the gradient of the step-mlp loss
 *       (Linear(784→256)-ReLU-Linear(256→10), cross-entropy, batch 64, float32) once, then 30
 *       Lanczos steps with full reorthogonalisation, one HVP each, over all 203,530 parameters;
 *   <li>{@code hypergradLogregCg} ({@code hypergrad-logreg}): L2-regularised logistic regression
 *       (n = 2000, d = 100, float64, λ = e⁻²), w*(λ) solved beforehand by Newton-CG to
 *       ‖∇‖ {@literal <} 1e-10; timed: the validation gradient, 30 CG iterations on HVPs of the training
 *       objective (gradient recorded once), and the mixed derivative ∂²L/∂logλ∂w·q.
 * </ul>
 *
 * <p>Sample mode: {@code vecgrad bench} compares the median time per call, the statistic of
 * reference.py's {@code median_time} (see cli's {@code JmhResults}); JMH also prints the mean.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class KrylovBench {
    private Map<String, Tensor> mlpParams;
    private Function<Map<String, Variable>, Variable> mlpLoss;
    private Tensor lanczosStart;

    private Tensor x, y, xv, yv, wStar;
    private final Tensor logLambda = Tensor.scalar(DType.FLOAT64, -2);

    @Setup
    public void setup() {
        Rng rng = new Rng(0);
        mlpParams = new LinkedHashMap<>();
        mlpParams.put("w1", rng.split("w1").normal(DType.FLOAT32, 0, 1 / Math.sqrt(784), 784, 256));
        mlpParams.put("b1", rng.split("b1").normal(DType.FLOAT32, 0, 0.01, 256));
        mlpParams.put("w2", rng.split("w2").normal(DType.FLOAT32, 0, 1 / Math.sqrt(256), 256, 10));
        mlpParams.put("b2", rng.split("b2").normal(DType.FLOAT32, 0, 0.01, 10));
        Variable in = Variable.constant(rng.split("x").normal(DType.FLOAT32, 0, 1, 64, 784));
        Tensor labels = rng.split("y").randint(0, 10, 64, 1);
        mlpLoss = p -> {
            Variable h = in.matmul(p.get("w1")).add(p.get("b1")).relu();
            return h.matmul(p.get("w2")).add(p.get("b2")).logSoftmax(1).gather(1, labels).neg().mean();
        };
        lanczosStart = rng.split("q0").normal(DType.FLOAT64, 0, 1, 784 * 256 + 256 + 256 * 10 + 10);

        Tensor[] train = logregProblem(rng.split("train"));
        Tensor[] val = logregProblem(rng.split("val"));
        x = train[0];
        y = train[1];
        xv = val[0];
        yv = val[1];
        wStar = solveInner();
    }

    private static Tensor[] logregProblem(Rng r) {
        Tensor a = r.split("x").normal(DType.FLOAT64, 0, 1, 2000, 100);
        Tensor teacher = r.split("w").normal(DType.FLOAT64, 0, 1, 100);
        Tensor noisy = a.matmul(teacher).add(r.split("noise").normal(DType.FLOAT64, 0, 0.5, 2000));
        return new Tensor[] {a, noisy.gt(0).to(DType.FLOAT64)};
    }

    /** Mean binary cross-entropy with logits z = X·w. */
    private static Variable bce(Tensor a, Tensor labels, Variable w) {
        Variable z = Variable.constant(a).matmul(w);
        return z.softplus().sub(z.mul(Variable.constant(labels))).mean();
    }

    private Variable inner(Variable w, Variable logLam) {
        return bce(x, y, w).add(w.dot(w).mul(logLam.exp()).mul(0.5));
    }

    /** Newton-CG to ‖∇‖ < 1e-10 (setup, not timed). */
    private Tensor solveInner() {
        Variable lam = Variable.constant(logLambda);
        Tensor w = Tensor.zeros(DType.FLOAT64, 100);
        for (int it = 0; it < 50; it++) {
            Function<Variable, Variable> f = v -> inner(v, lam);
            Tensor g = Autodiff.grad(f, w);
            if (g.normL2(null, false).item() < 1e-10) return w;
            SolveResult step = ConjugateGradient.solve(CurvatureOperators.hessian(f, w), g, SolveOptions.defaults().rtol(1e-12).maxIter(500));
            w = w.sub(step.solution());
        }
        throw new IllegalStateException("hypergrad-logreg: inner Newton-CG did not reach ‖∇‖ < 1e-10");
    }

    @Benchmark
    public double lanczosMlp() {
        LinearOperator h = CurvatureOperators.hessian(mlpLoss, mlpParams);
        LanczosResult r = Lanczos.run(h, 30, lanczosStart, Lanczos.Reorthogonalization.FULL);
        return r.alpha()[r.steps() - 1];
    }

    @Benchmark
    public double hypergradLogregCg() {
        try (NoGrad scope = NoGrad.enableGrad()) {
            Tensor gv = Autodiff.grad(w -> bce(xv, yv, w), wStar);
            Variable w = Variable.parameter(wStar);
            Variable lam = Variable.parameter(logLambda);
            Variable gw = Autodiff.gradients(inner(w, lam), Variable.constant(Tensor.scalar(DType.FLOAT64, 1)), true, w)[0];
            LinearOperator h = LinearOperator.symmetric(100, DType.FLOAT64,
                    v -> Autodiff.gradients(gw, Variable.constant(v), false, w)[0].value());
            SolveResult q = ConjugateGradient.solve(h, gv, SolveOptions.defaults().rtol(0).atol(1e-12).maxIter(30));
            Variable mixed = Autodiff.gradients(gw, Variable.constant(q.solution()), false, lam)[0];
            return -mixed.value().item();
        }
    }
}
