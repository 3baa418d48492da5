package io.vecgrad.optim.surrogate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.autodiff.Autodiff;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.first.Sgd;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;
import io.vecgrad.tensor.random.Rng;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class SsoTest {
    static final int N = 20, D = 4;
    final Tensor x = new Rng(1).normal(io.vecgrad.tensor.DType.FLOAT64, 0, 1, N, D);
    final Tensor yReal = new Rng(2).normal(io.vecgrad.tensor.DType.FLOAT64, 0, 1, N, 1);
    final Tensor yBinary = new Rng(3).bernoulli(io.vecgrad.tensor.DType.FLOAT64, 0.5, N, 1);

    TargetProblem problem(boolean logistic) {
        Variable xv = Variable.constant(x);
        return TargetProblem.of(v -> xv.matmul(v.get("w")), logistic ? TargetProblem.logistic(yBinary) : TargetProblem.squared(yReal));
    }

    static Params start() {
        return Params.of("w", new Rng(4).normal(io.vecgrad.tensor.DType.FLOAT64, 0, 1, D, 1));
    }

    static Tensor fullGradient(TargetProblem p, Tensor w) {
        Function<Map<String, Variable>, Variable> f = v -> p.loss(p.targets(v));
        return Autodiff.grad(f, Map.of("w", w)).get("w");
    }

    @Test
    void oneInnerGradientStepIsAGradientStepOnF() {
        for (boolean logistic : new boolean[] {false, true}) {
            TargetProblem p = problem(logistic);
            double alpha = 0.3, eta = 2.5;
            Params params = start();
            Tensor w0 = params.get("w").copy();
            Tensor g = fullGradient(p, w0);
            new Sso(params, InnerSolver.optimizer(Sgd.gradientDescent(alpha)), 1, eta, Sso.Schedule.CONSTANT, 1).step(p);
            Tensor expected = w0.sub(g.mul(alpha / (N * eta)));
            assertArrayEquals(expected.toDoubleArray(), params.get("w").toDoubleArray(), 1e-14, logistic ? "logistic" : "squared");
        }
    }

    @Test
    void surrogateIsFirstOrderTightAndMajorizesForEtaAtLeastHalfTheSmoothness() {
        for (boolean logistic : new boolean[] {false, true}) {
            TargetProblem p = problem(logistic);
            Params params = start();
            Tensor zt = p.targets(Map.of("w", Variable.constant(params.get("w")))).value();
            Autodiff.ValueAndGrad<Tensor> hv = Autodiff.valueAndGrad(p::loss, zt);
            // h is a mean over N entries with ℓ'' ≤ 2 (squared) or 1/4 (logistic): L_h = 2/N or 1/(4N); majorant needs η ≥ L_h/2
            double eta = (logistic ? 0.25 : 2.0) / N / 2;
            var g = Sso.surrogate(p, zt, hv.grad(), eta);
            var at = g.evaluate(params);
            Tensor grad = fullGradient(p, params.get("w"));
            assertArrayEquals(grad.toDoubleArray(), at.grads().get("w").mul(N * eta).toDoubleArray(), 1e-12);
            double f0 = hv.value().item();
            Rng r = new Rng(9);
            for (int s = 0; s < 50; s++) {
                Tensor w = params.get("w").add(r.normal(io.vecgrad.tensor.DType.FLOAT64, 0, 1, D, 1));
                double f = p.loss(p.targets(Map.of("w", Variable.constant(w)))).item();
                double upper = f0 + N * eta * (g.evaluate(Params.of("w", w)).loss() - at.loss());
                assertTrue(f <= upper + 1e-12, (logistic ? "logistic" : "squared") + ": f = " + f + " > surrogate bound " + upper);
            }
        }
    }

    @Test
    void armijoInnerStepsDecreaseTheSurrogateMonotonically() {
        for (boolean logistic : new boolean[] {false, true}) {
            Params params = start();
            Sso sso = new Sso(params, InnerSolver.armijo(1), 20, 0.5, Sso.Schedule.CONSTANT, 10);
            for (int t = 0; t < 5; t++) {
                double[] v = sso.step(problem(logistic)).surrogate();
                for (int k = 1; k < v.length; k++) assertTrue(v[k] <= v[k - 1] + 1e-15, "inner step " + k + ": " + v[k - 1] + " -> " + v[k]);
            }
            assertEquals(5, sso.outerSteps());
            assertEquals(100, sso.innerGradients());
        }
    }

    @Test
    void exactInnerMinimizationIsProjectedGradientDescentInTargetSpace() {
        TargetProblem p = problem(false);
        double eta = 0.7;
        Params params = start();
        Tensor zt = x.matmul(params.get("w"));
        Tensor s = Autodiff.valueAndGrad(p::loss, zt).grad();
        new Sso(params, InnerSolver.armijo(1), 300, eta, Sso.Schedule.CONSTANT, 1).step(p);
        // code form: argmin over z ∈ range(X) of ⟨s, z⟩/η + ‖z − z_t‖² = P_range(X)(z_t − s/(2η))
        Tensor target = zt.sub(s.mul(1 / (2 * eta)));
        Tensor projected = x.matmul(Linalg.lstsq(x, target));
        assertArrayEquals(projected.toDoubleArray(), x.matmul(params.get("w")).toDoubleArray(), 1e-7);
    }

    @Test
    void schedulesFollowTheCode() {
        Sso c = new Sso(start(), InnerSolver.armijo(1), 1, 2, Sso.Schedule.CONSTANT, 100);
        Sso st = new Sso(start(), InnerSolver.armijo(1), 1, 2, Sso.Schedule.STOCHASTIC, 100);
        Sso ex = new Sso(start(), InnerSolver.armijo(1), 1, 2, Sso.Schedule.EXPONENTIAL, 100);
        assertEquals(2, c.etaAt(7), 0);
        assertEquals(2 * Math.sqrt(7), st.etaAt(7), 1e-15);
        assertEquals(2 * Math.pow(100, 0.07), ex.etaAt(7), 1e-12);
    }

    @Test
    void sameStartSameRun() {
        Params a = start(), b = start();
        for (Params q : new Params[] {a, b}) {
            Sso sso = new Sso(q, InnerSolver.armijo(1), 5, 1, Sso.Schedule.STOCHASTIC, 10);
            for (int t = 0; t < 3; t++) sso.step(problem(true));
        }
        assertArrayEquals(a.get("w").toDoubleArray(), b.get("w").toDoubleArray(), 0);
    }
}
