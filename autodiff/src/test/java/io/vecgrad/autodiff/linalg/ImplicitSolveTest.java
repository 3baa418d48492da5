package io.vecgrad.autodiff.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.autodiff.Autodiff;
import io.vecgrad.autodiff.GradCheck;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.iterative.SolveOptions;
import io.vecgrad.tensor.random.Rng;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ImplicitSolveTest {
    /** A(θ) = θθᵀ/k + I: SPD for every θ of shape [n, k]. */
    static final ImplicitSolve.Operator GRAM = (p, v) -> p[0].matmul(p[0].mT().matmul(v)).div(p[0].size(1)).add(v);
    static final SolveOptions TIGHT = SolveOptions.defaults().rtol(1e-13);

    /** First- and second-order gradient checks w.r.t. the right-hand side and the operator's parameters. */
    @Property(tries = 8)
    void gradientsMatchFiniteDifferences(@ForAll @IntRange(min = 1, max = 5) int n, @ForAll @IntRange(min = 1, max = 3) int k, @ForAll long seed) {
        Rng r = new Rng(seed);
        Tensor theta = r.split("theta").normal(DType.FLOAT64, 0, 1, n, k);
        Tensor b = r.split("b").normal(DType.FLOAT64, 0, 1, n);
        GradCheck.Options o = GradCheck.options().atol(1e-6).rtol(1e-5).seed(seed);
        GradCheck.checkSecondOrder(xs -> ImplicitSolve.cgSolve(GRAM, xs[1], TIGHT, xs[0]), o, theta, b);
        // a scalar function of the solution, as in a hypergradient
        GradCheck.checkSecondOrder(xs -> ImplicitSolve.cgSolve(GRAM, xs[1], TIGHT, xs[0]).square().sum(), o, theta, b);
    }

    /** CG written with Variable ops and differentiated by the tape through every iteration. */
    private static Variable unrolledCg(Variable theta, Variable b, int iterations) {
        Variable x = Variable.constant(Tensor.zeros(DType.FLOAT64, b.shape()));
        Variable r = b, p = b;
        Variable rr = r.dot(r);
        for (int i = 0; i < iterations; i++) {
            Variable ap = GRAM.apply(new Variable[] {theta}, p);
            Variable alpha = rr.div(p.dot(ap));
            x = x.add(p.mul(alpha));
            r = r.sub(ap.mul(alpha));
            Variable rrNew = r.dot(r);
            p = r.add(p.mul(rrNew.div(rr)));
            rr = rrNew;
        }
        return x;
    }

    /** The implicit gradient agrees with the gradient of unrolled CG, to 1e-8 once the unrolled solve has converged; the gap shrinks with iterations. */
    @Test
    void agreesWithUnrolledCgAsIterationsGrow() {
        int n = 12;
        Rng r = new Rng(7);
        Tensor theta = r.split("theta").normal(DType.FLOAT64, 0, 1, n, 3);
        Tensor b = r.split("b").normal(DType.FLOAT64, 0, 1, n);
        Tensor w = r.split("w").normal(DType.FLOAT64, 0, 1, n);
        Tensor[] implicit = Autodiff.grad(xs -> ImplicitSolve.cgSolve(GRAM, xs[1], TIGHT, xs[0]).dot(Variable.constant(w)), theta, b);
        double previous = Double.POSITIVE_INFINITY;
        double first = 0;
        for (int it : new int[] {1, 2, 3, 4, 6, 8, 12}) {
            Tensor[] unrolled = Autodiff.grad(xs -> unrolledCg(xs[0], xs[1], it).dot(Variable.constant(w)), theta, b);
            double gap = Math.max(maxAbsDiff(implicit[0], unrolled[0]), maxAbsDiff(implicit[1], unrolled[1]));
            if (it == 1) first = gap;
            assertTrue(gap <= previous * 1.5 + 1e-12, "gap grew at " + it + " iterations: " + previous + " -> " + gap);
            previous = gap;
        }
        assertTrue(first > 1e-3, "one unrolled iteration should be far off, gap " + first);
        assertTrue(previous <= 1e-8, "gap after n iterations: " + previous);
    }

    private static double maxAbsDiff(Tensor a, Tensor b) {
        double[] x = a.toDoubleArray(), y = b.toDoubleArray();
        double m = 0;
        for (int i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
        return m;
    }

    /** The object API: backward() accumulates into θ and b, with the same values as the functional API. */
    @Test
    void objectApiAndMatrixRightHandSide() {
        Rng r = new Rng(3);
        Variable theta = Variable.parameter(r.split("t").normal(DType.FLOAT64, 0, 1, 4, 2));
        Variable b = Variable.parameter(r.split("b").normal(DType.FLOAT64, 0, 1, 4));
        Variable x = ImplicitSolve.cgSolve(GRAM, b, theta);
        Tensor ax = GRAM.apply(new Variable[] {theta}, Variable.constant(x.value())).value();
        assertArrayEquals(b.value().toDoubleArray(), ax.toDoubleArray(), 1e-9);
        x.square().sum().backward();
        Tensor[] g = Autodiff.grad(xs -> ImplicitSolve.cgSolve(GRAM, xs[1], xs[0]).square().sum(), theta.value(), b.value());
        assertArrayEquals(g[0].toDoubleArray(), theta.grad().toDoubleArray(), 1e-12);
        assertArrayEquals(g[1].toDoubleArray(), b.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void notConvergedIsReportedNotUsed() {
        Rng r = new Rng(1);
        Tensor theta = r.normal(DType.FLOAT64, 0, 3, 30, 30);
        Variable b = Variable.constant(r.split("b").normal(DType.FLOAT64, 0, 1, 30));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ImplicitSolve.cgSolve(GRAM, b, SolveOptions.defaults().rtol(1e-14).maxIter(2), Variable.constant(theta)));
        assertTrue(e.getMessage().contains("cg_solve") && e.getMessage().contains("MAX_ITERATIONS"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ImplicitSolve.cgSolve(GRAM, Variable.constant(Tensor.of(new int[] {1, 2}))));
    }

    @Test
    void registeredInOpRegistry() {
        assertTrue(io.vecgrad.autodiff.ops.OpRegistry.all().containsAll(ImplicitSolve.OPS));
        assertEquals(1, ImplicitSolve.OPS.size());
    }
}
