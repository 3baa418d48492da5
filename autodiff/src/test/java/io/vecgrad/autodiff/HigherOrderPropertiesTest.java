package io.vecgrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** HVPs, JVPs, Jacobians, Hessians, closed forms and differentiation through unrolled loops. */
class HigherOrderPropertiesTest {

    /** A smooth non-quadratic test function with cross terms: Σ sin(x)·x + (Σ x²)²/4 + x·Ax. */
    static Function<Variable, Variable> smooth(Tensor a) {
        return x -> x.sin().mul(x).sum().add(x.square().sum().square().mul(0.25)).add(x.matmul(Variable.constant(a)).mul(x).sum());
    }

    static Tensor normal(Rng r, int... s) {
        return r.normal(DType.FLOAT64, 0, 1, s);
    }

    static double dot(Tensor a, Tensor b) {
        return a.mul(b).sum().item();
    }

    @Property(tries = 20)
    void hvpEqualsFiniteDifferenceOfGradients(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int n) {
        Rng r = new Rng(seed);
        Tensor a = normal(r.split("a"), n, n), x = normal(r.split("x"), n), v = normal(r.split("v"), n);
        Function<Variable, Variable> f = smooth(a);
        double eps = 1e-5;
        Tensor fd = Autodiff.grad(f, x.add(v.mul(eps))).sub(Autodiff.grad(f, x.sub(v.mul(eps)))).div(2 * eps);
        Tensor hv = Autodiff.hvp(f, x, v);
        assertArrayEquals(fd.toDoubleArray(), hv.toDoubleArray(), 1e-6 * (1 + fd.normInf(null, false).item()));
        Tensor forward = Autodiff.hvpForwardOverReverse(f, x, v);
        assertArrayEquals(hv.toDoubleArray(), forward.toDoubleArray(), 1e-9 * (1 + hv.normInf(null, false).item()));
    }

    @Property(tries = 10)
    void hvpOperatorReusesOneGradientGraphForManyDirections(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int n) {
        Rng r = new Rng(seed);
        Function<Variable, Variable> f = smooth(normal(r.split("a"), n, n));
        Tensor x = normal(r.split("x"), n);
        java.util.function.UnaryOperator<Tensor> h = Autodiff.hvpOperator(f, x);
        for (int k = 0; k < 3; k++) {
            Tensor v = normal(r.split("v" + k), n);
            assertArrayEquals(Autodiff.hvp(f, x, v).toDoubleArray(), h.apply(v).toDoubleArray(), 1e-12);
        }
        java.util.Map<String, Tensor> in = new java.util.LinkedHashMap<>();
        in.put("p", x);
        in.put("q", normal(r.split("q"), 2));
        Function<java.util.Map<String, Variable>, Variable> g = m -> f.apply(m.get("p")).mul(m.get("q").square().sum());
        java.util.Map<String, Tensor> dir = new java.util.LinkedHashMap<>();
        dir.put("p", normal(r.split("dp"), n));
        dir.put("q", normal(r.split("dq"), 2));
        java.util.Map<String, Tensor> once = Autodiff.hvp(g, in, dir);
        java.util.Map<String, Tensor> viaOperator = Autodiff.hvpOperator(g, in).apply(dir);
        for (String k : in.keySet()) assertArrayEquals(once.get(k).toDoubleArray(), viaOperator.get(k).toDoubleArray(), 1e-10);
    }

    @Property(tries = 20)
    void hessianVectorProductsAreSymmetric(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int n) {
        Rng r = new Rng(seed);
        Function<Variable, Variable> f = smooth(normal(r.split("a"), n, n));
        Tensor x = normal(r.split("x"), n), u = normal(r.split("u"), n), v = normal(r.split("v"), n);
        double uHv = dot(u, Autodiff.hvp(f, x, v)), vHu = dot(v, Autodiff.hvp(f, x, u));
        assertEquals(uHv, vHu, 1e-9 * (1 + Math.abs(uHv)));
    }

    @Property(tries = 20)
    void jvpAndVjpAreTransposes(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int n, @ForAll @IntRange(min = 1, max = 5) int m) {
        Rng r = new Rng(seed);
        Tensor w = normal(r.split("w"), m, n);
        Function<Variable, Variable> f = x -> Variable.constant(w).matmul(x.tanh()).mul(x.sum()).softmax(0);
        Tensor x = normal(r.split("x"), n), v = normal(r.split("v"), n), u = normal(r.split("u"), m);
        Tensor jv = Autodiff.jvp(f, x, v)[1];
        Tensor jtu = Autodiff.vjp(f, x, u);
        assertEquals(dot(u, jv), dot(jtu, v), 1e-10);
        Tensor jac = Autodiff.jacobian(f, x);
        assertArrayEquals(jac.matmul(v).toDoubleArray(), jv.toDoubleArray(), 1e-10);
    }

    @Property(tries = 20)
    void hessianOfQuadraticIsA(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int n) {
        Rng r = new Rng(seed);
        Tensor m = normal(r.split("m"), n, n);
        Tensor a = m.add(m.mT());                  // symmetric
        Tensor b = normal(r.split("b"), n);
        Function<Variable, Variable> f = x -> x.matmul(Variable.constant(a)).dot(x).mul(0.5).add(x.dot(Variable.constant(b)));
        Tensor h = Autodiff.hessian(f, normal(r.split("x"), n));
        assertArrayEquals(a.toDoubleArray(), h.toDoubleArray(), 1e-12);
    }

    @Property(tries = 20)
    void logsumexpGradientIsSoftmaxAndCrossEntropyGradientIsSoftmaxMinusOneHot(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int k) {
        Rng r = new Rng(seed);
        Tensor z = normal(r.split("z"), k).mul(3);
        assertArrayEquals(z.softmax(0).toDoubleArray(), Autodiff.grad(x -> x.logsumexp(null, false), z).toDoubleArray(), 1e-12);
        int label = r.nextInt(k);
        Tensor idx = Tensor.of(new long[] {label}, 1);
        Tensor g = Autodiff.grad(x -> x.logSoftmax(0).gather(0, idx).neg().sum(), z);
        Tensor expected = z.softmax(0).sub(Tensor.of(new long[] {label}, 1).oneHot(k, DType.FLOAT64).reshape(k));
        assertArrayEquals(expected.toDoubleArray(), g.toDoubleArray(), 1e-12);
    }

    @Property(tries = 10)
    void mixedPartialMatchesFiniteDifference(@ForAll long seed) {
        // ∇ₓ⟨∇ᵧ g(x, y), v⟩ with g(x, y) = Σ tanh(x)·y² + (x·y)³
        Rng r = new Rng(seed);
        int n = 3;
        Tensor x0 = normal(r.split("x"), n), y0 = normal(r.split("y"), n), v = normal(r.split("v"), n), dx = normal(r.split("dx"), n);
        java.util.function.BiFunction<Variable, Variable, Variable> g = (x, y) -> x.tanh().mul(y.square()).sum().add(x.dot(y).pow(3));
        Function<Tensor, Double> inner = xt -> {
            Tensor gy = Autodiff.grad(m -> g.apply(Variable.constant(xt), m), y0);
            return dot(gy, v);
        };
        Variable x = Variable.parameter(x0);
        Variable y = Variable.parameter(y0);
        Variable gy = Autodiff.gradients(g.apply(x, y), y)[0];
        Tensor mixed = Autodiff.gradients(gy.dot(Variable.constant(v)), x)[0].value();
        double eps = 1e-5;
        double fd = (inner.apply(x0.add(dx.mul(eps))) - inner.apply(x0.sub(dx.mul(eps)))) / (2 * eps);
        assertEquals(fd, dot(mixed, dx), 1e-6 * (1 + Math.abs(fd)));
    }

    /**
     * Bilevel quadratic: y*(x) = argmin_y ½yᵀAy − xᵀy = A⁻¹x, F(x) = ½‖y*(x) − t‖², so
     * ∇F = A⁻¹(y* − t). Unrolling T gradient steps on y (each inner gradient taken by autodiff
     * with create-graph) and backpropagating through them converges to it as T grows.
     */
    @Test
    void unrolledHypergradientOfQuadraticBilevelConvergesToClosedForm() {
        Tensor a = Tensor.of(new double[] {2, 0.5, 0, 0.5, 1.5, 0.2, 0, 0.2, 1}, 3, 3);
        Tensor t = Tensor.of(new double[] {1, -1, 0.5}, 3);
        Tensor x0 = Tensor.of(new double[] {0.3, 0.7, -0.2}, 3);
        Tensor aInv = inverse3(a);
        Tensor yStar = aInv.matmul(x0);
        Tensor exact = aInv.matmul(yStar.sub(t));
        double previous = Double.POSITIVE_INFINITY;
        for (int steps : new int[] {5, 20, 80}) {
            Variable x = Variable.parameter(x0);
            Variable y = Variable.constant(Tensor.zeros(DType.FLOAT64, 3));
            for (int k = 0; k < steps; k++) {
                Variable yk = Autodiff.watch(y);
                Variable inner = yk.matmul(Variable.constant(a)).dot(yk).mul(0.5).sub(x.dot(yk));
                Variable gy = Autodiff.gradients(inner, yk)[0];
                y = yk.sub(gy.mul(0.4));
            }
            y.sub(Variable.constant(t)).square().sum().mul(0.5).backward();
            double err = x.grad().sub(exact).normInf(null, false).item();
            assertTrue(err < previous, "error should shrink with T: " + err + " after " + steps + " steps");
            previous = err;
        }
        assertTrue(previous < 1e-6, "hypergradient error after 80 steps: " + previous);
    }

    static Tensor inverse3(Tensor a) {
        double[] m = a.toDoubleArray();
        double det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
        double[] inv = {
            m[4] * m[8] - m[5] * m[7], m[2] * m[7] - m[1] * m[8], m[1] * m[5] - m[2] * m[4],
            m[5] * m[6] - m[3] * m[8], m[0] * m[8] - m[2] * m[6], m[2] * m[3] - m[0] * m[5],
            m[3] * m[7] - m[4] * m[6], m[1] * m[6] - m[0] * m[7], m[0] * m[4] - m[1] * m[3]};
        return Tensor.of(inv, 3, 3).div(det);
    }
}
