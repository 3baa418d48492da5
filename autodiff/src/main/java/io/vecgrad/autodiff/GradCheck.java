package io.vecgrad.autodiff;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.Arrays;

/**
 * Checks derivatives against central finite differences in float64 along random directions,
 * like {@code torch.autograd.gradcheck}/{@code gradgradcheck} and JAX {@code check_grads}.
 * Usable from your own (jqwik) tests: it throws an {@link AssertionError} describing the
 * first mismatch.
 *
 * <p>For each of {@code directions} random input directions v and output cotangents u it
 * compares the JVP {@code J·v} with {@code (f(x+εv) − f(x−εv))/2ε} elementwise, and the VJP
 * through {@code ⟨Jᵀu, v⟩ = ⟨u, J·v⟩}. The second-order check applies the same test to the
 * map {@code (x, u) ↦ Jᵀu} computed with a recorded backward pass, which exercises every VJP
 * rule's own derivative.
 *
 * <pre>{@code
 * GradCheck.check(xs -> xs[0].tanh().mul(xs[1]).sum(), Tensor.of(new double[] {0.1, 0.2}, 2),
 *                 Tensor.of(new double[] {3, 4}, 2));
 * GradCheck.checkSecondOrder(xs -> xs[0].exp().sum(), Tensor.of(new double[] {0.1, 0.2}, 2));
 * }</pre>
 *
 * Inputs are converted to float64. Keep points away from kinks of non-smooth functions (relu
 * at 0, abs at 0, ties in max), where finite differences and subgradients disagree.
 */
public final class GradCheck {
    private GradCheck() {}

    /** Tolerances and sampling; fluent setters return this. */
    public static final class Options {
        double eps = 1e-6;
        double atol = 1e-5;
        double rtol = 1e-4;
        int directions = 2;
        long seed = 1234;

        public Options eps(double v) { eps = v; return this; }
        public Options atol(double v) { atol = v; return this; }
        public Options rtol(double v) { rtol = v; return this; }
        public Options directions(int v) { directions = v; return this; }
        public Options seed(long v) { seed = v; return this; }
    }

    /** Default options: ε = 1e-6, atol = 1e-5, rtol = 1e-4, two directions. */
    public static Options options() {
        return new Options();
    }

    /** First-order check with default options. */
    public static void check(Autodiff.MultiFunction f, Tensor... inputs) {
        check(f, options(), inputs);
    }

    /** First- and second-order checks with default options. */
    public static void checkSecondOrder(Autodiff.MultiFunction f, Tensor... inputs) {
        checkSecondOrder(f, options(), inputs);
    }

    /** First-order check: JVP and VJP against central differences. */
    public static void check(Autodiff.MultiFunction f, Options o, Tensor... inputs) {
        Tensor[] xs = toF64(inputs);
        Rng rng = new Rng(o.seed).split("gradcheck");
        for (int d = 0; d < o.directions; d++) checkDirection(f, o, xs, rng.split(d), "first order");
    }

    /** First-order check plus the first-order check of the pullback {@code (x, u) ↦ Jᵀu} (second order). */
    public static void checkSecondOrder(Autodiff.MultiFunction f, Options o, Tensor... inputs) {
        check(f, o, inputs);
        Tensor[] xs = toF64(inputs);
        Tensor y = evaluate(f, xs);
        Rng rng = new Rng(o.seed).split("gradgradcheck");
        Tensor[] withU = Arrays.copyOf(xs, xs.length + 1);
        withU[xs.length] = normal(rng, y.shape());
        Autodiff.MultiFunction pullback = vs -> {
            Variable[] x = new Variable[vs.length - 1];
            for (int i = 0; i < x.length; i++) x[i] = Autodiff.track(vs[i], true);
            Variable out = f.apply(x);
            Variable[] g = out.requiresGrad() ? Autodiff.gradients(out, vs[vs.length - 1], true, x) : zerosLike(x);
            Variable[] flat = new Variable[g.length];
            for (int i = 0; i < g.length; i++) flat[i] = g[i].reshape(-1);
            return Variable.concat(0, flat);
        };
        for (int d = 0; d < o.directions; d++) checkDirection(pullback, o, withU, rng.split(d), "second order (pullback)");
    }

    private static void checkDirection(Autodiff.MultiFunction f, Options o, Tensor[] xs, Rng rng, String what) {
        Tensor[] v = new Tensor[xs.length];
        for (int i = 0; i < xs.length; i++) v[i] = normal(rng.split("v" + i), xs[i].shape());
        Tensor plus = evaluate(f, shifted(xs, v, o.eps));
        Tensor minus = evaluate(f, shifted(xs, v, -o.eps));
        double[] fd = plus.sub(minus).div(2 * o.eps).toDoubleArray();
        Tensor u = normal(rng.split("u"), plus.shape());

        // JVP by the double-VJP trick, and VJP; both through the engine's rules.
        try (NoGrad scope = NoGrad.enableGrad()) {
            Variable[] vars = new Variable[xs.length];
            for (int i = 0; i < xs.length; i++) vars[i] = Variable.parameter(xs[i]);
            Variable y = f.apply(vars);
            Variable[] pulled;
            double[] jv;
            if (y.requiresGrad()) {
                Variable du = Variable.parameter(Tensor.zeros(DType.FLOAT64, y.shape()));
                Variable[] lin = Autodiff.gradients(y, du, true, vars);
                Variable s = null;
                for (int i = 0; i < lin.length; i++) {
                    Variable t = lin[i].mul(Variable.constant(v[i])).sum();
                    s = s == null ? t : s.add(t);
                }
                jv = s.requiresGrad() ? Autodiff.gradients(s, Variable.constant(Tensor.ones(DType.FLOAT64)), false, du)[0].value().toDoubleArray()
                        : new double[fd.length];
                pulled = Autodiff.gradients(y, Variable.constant(u), false, vars);
            } else {
                jv = new double[fd.length];
                pulled = zerosLike(vars);
            }
            for (int k = 0; k < fd.length; k++) {
                if (!close(jv[k], fd[k], o)) {
                    throw new AssertionError(what + ": JVP element " + k + " is " + jv[k] + ", finite difference gives " + fd[k]
                            + " (input shapes " + shapes(xs) + ")");
                }
            }
            double lhs = 0, scale = 0;
            double[] ua = u.toDoubleArray();
            for (int k = 0; k < fd.length; k++) {
                lhs += ua[k] * fd[k];
                scale += Math.abs(ua[k] * fd[k]);
            }
            double rhs = 0;
            for (int i = 0; i < xs.length; i++) {
                double[] p = pulled[i].value().toDoubleArray(), vi = v[i].toDoubleArray();
                for (int k = 0; k < p.length; k++) {
                    rhs += p[k] * vi[k];
                    scale += Math.abs(p[k] * vi[k]);
                }
            }
            if (Math.abs(lhs - rhs) > o.atol + o.rtol * scale) {
                throw new AssertionError(what + ": VJP gives <J^T u, v> = " + rhs + ", finite difference gives <u, J v> = " + lhs
                        + " (input shapes " + shapes(xs) + ")");
            }
        }
    }

    private static boolean close(double a, double b, Options o) {
        return Math.abs(a - b) <= o.atol + o.rtol * Math.abs(b);
    }

    /** Standard normal values of any shape (including the scalar shape {@code []}). */
    private static Tensor normal(Rng rng, int[] shape) {
        return rng.normal(DType.FLOAT64, 0, 1, io.vecgrad.tensor.Shape.numel(shape)).reshape(shape);
    }

    /** f at constant inputs; recording stays on because f may differentiate internally. */
    private static Tensor evaluate(Autodiff.MultiFunction f, Tensor[] xs) {
        try (NoGrad scope = NoGrad.enableGrad()) {
            Variable[] vars = new Variable[xs.length];
            for (int i = 0; i < xs.length; i++) vars[i] = Variable.constant(xs[i]);
            return f.apply(vars).value().to(DType.FLOAT64);
        }
    }

    private static Tensor[] shifted(Tensor[] xs, Tensor[] v, double eps) {
        Tensor[] out = new Tensor[xs.length];
        for (int i = 0; i < xs.length; i++) out[i] = xs[i].add(v[i].mul(eps));
        return out;
    }

    private static Tensor[] toF64(Tensor[] inputs) {
        Tensor[] xs = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) xs[i] = inputs[i].to(DType.FLOAT64).copy();
        return xs;
    }

    private static Variable[] zerosLike(Variable[] xs) {
        Variable[] z = new Variable[xs.length];
        for (int i = 0; i < xs.length; i++) z[i] = Variable.constant(Tensor.zeros(DType.FLOAT64, xs[i].shape()));
        return z;
    }

    private static String shapes(Tensor[] xs) {
        StringBuilder sb = new StringBuilder();
        for (Tensor t : xs) sb.append(Arrays.toString(t.shape()));
        return sb.toString();
    }
}
