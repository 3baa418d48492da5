package io.vecgrad.autodiff;

import io.vecgrad.tensor.BufferPool;
import io.vecgrad.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The functional (JAX-like) face of the engine: gradients, vector products, Jacobians and
 * Hessians of Java functions of variables.
 *
 * <pre>{@code
 * Function<Variable, Variable> f = x -> x.sin().mul(x).sum();       // Σ x·sin x
 * Tensor x = Tensor.of(new double[] {0.5, 1.0}, 2);
 * Tensor g = Autodiff.grad(f, x);                                     // sin x + x cos x
 * Tensor hv = Autodiff.hvp(f, x, Tensor.of(new double[] {1, 0}, 2));  // ∇²f·v
 * Tensor jv = Autodiff.jvp(y -> y.exp(), x, Tensor.of(new double[] {1, 1}, 2))[1];
 * Function<Variable, Variable> df = Autodiff.grad(f);                // composes: grad(grad(...))
 *
 * // several named inputs: both partials of one function
 * Map<String, Tensor> in = Map.of("x", x, "y", Tensor.of(new double[] {2, 3}, 2));
 * Map<String, Tensor> partials = Autodiff.grad(m -> m.get("x").mul(m.get("y")).sum(), in);
 * }</pre>
 *
 * <p><b>Create graph.</b> The methods taking and returning {@link Variable}s record the
 * backward pass whenever recording is on (it is by default; see {@link NoGrad}), so their
 * results can be differentiated again: grad of grad, mixed partials, differentiation through
 * unrolled optimizer steps. The {@link Tensor} overloads return plain values and run the
 * backward with recording off. The functional API never releases graphs (they die with their
 * variables), so a pullback may be called many times.
 *
 * <p><b>Forward mode.</b> {@link #jvp} uses the double-VJP trick (linearize and transpose):
 * {@code J·v = d/du ⟨Jᵀu, v⟩}, which needs no forward rule per op (see the README).
 */
public final class Autodiff {
    private Autodiff() {}

    /** A function of several variables. */
    @FunctionalInterface
    public interface MultiFunction {
        Variable apply(Variable... xs);
    }

    /** A value and the pullback that maps an output cotangent to the input cotangent. */
    public static final class Vjp {
        private final Variable value;
        private final Function<Variable, Variable> pullback;

        Vjp(Variable value, Function<Variable, Variable> pullback) {
            this.value = value;
            this.pullback = pullback;
        }

        /** f(x). */
        public Variable value() {
            return value;
        }

        /** Jᵀu for a cotangent u of the output's shape; may be called repeatedly. */
        public Variable pullback(Variable u) {
            return pullback.apply(u);
        }

        /** Jᵀu as a tensor. */
        public Tensor pullback(Tensor u) {
            return pullback.apply(Variable.constant(u)).value();
        }
    }

    /** A value with its gradient. */
    public static final class ValueAndGrad<G> {
        private final Tensor value;
        private final G grad;

        ValueAndGrad(Tensor value, G grad) {
            this.value = value;
            this.grad = grad;
        }

        public Tensor value() {
            return value;
        }

        public G grad() {
            return grad;
        }
    }

    // ---------------------------------------------------------------- core (torch.autograd.grad)

    /**
     * Cotangents of {@code wrt} for the seed {@code seed} on {@code output} (a VJP). With
     * {@code createGraph} the results are recorded and differentiable. Inputs that do not
     * affect the output get zeros.
     */
    public static Variable[] gradients(Variable output, Variable seed, boolean createGraph, Variable... wrt) {
        checkSeed("gradients", output, seed);
        if (!output.requiresGrad()) return zeros(wrt);
        return Backward.run(new Variable[] {output}, new Variable[] {seed}, wrt, createGraph, true);
    }

    /**
     * The summed VJP of several outputs, {@code Σᵢ Jᵢᵀ seedᵢ}, with respect to {@code wrt} (for
     * example {@code Σ λᵢ ∇gᵢ} for constraints gᵢ), in one backward pass.
     */
    public static Variable[] gradients(Variable[] outputs, Variable[] seeds, boolean createGraph, Variable... wrt) {
        if (outputs.length != seeds.length) {
            throw new IllegalArgumentException("gradients: " + outputs.length + " outputs but " + seeds.length + " seeds");
        }
        int live = 0;
        for (int i = 0; i < outputs.length; i++) {
            checkSeed("gradients", outputs[i], seeds[i]);
            if (outputs[i].requiresGrad()) live++;
        }
        if (live == 0) return zeros(wrt);
        return Backward.run(outputs, seeds, wrt, createGraph, true);
    }

    /** Gradients of a scalar {@code output}; recorded (differentiable) when recording is on. */
    public static Variable[] gradients(Variable output, Variable... wrt) {
        return gradients(output, onesLike(output, "gradients"), NoGrad.isGradEnabled(), wrt);
    }

    // ---------------------------------------------------------------- one input

    /** The gradient transform of a scalar function: composes, so {@code grad(grad(f))} works for scalar x. */
    public static Function<Variable, Variable> grad(Function<Variable, Variable> f) {
        return x -> vjp(f, x).pullback((Variable) null);
    }

    /** ∇f(x) for a scalar f. */
    public static Tensor grad(Function<Variable, Variable> f, Tensor x) {
        return valueAndGrad(f, x).grad();
    }

    /** f(x) and ∇f(x) from one forward and one backward pass. */
    public static ValueAndGrad<Tensor> valueAndGrad(Function<Variable, Variable> f, Tensor x) {
        try (NoGrad scope = NoGrad.enableGrad()) {
            Variable xi = Variable.parameter(x);
            Variable y = f.apply(xi);
            Variable g = gradients(y, onesLike(y, "grad"), false, xi)[0];
            return new ValueAndGrad<>(y.value(), g.value());
        }
    }

    /** f(x) and its pullback {@code u ↦ Jᵀu}; {@code pullback(null)} seeds a scalar output with 1. */
    public static Vjp vjp(Function<Variable, Variable> f, Variable x) {
        boolean outer = NoGrad.isGradEnabled();
        try (NoGrad scope = NoGrad.enableGrad()) {
            Variable xi = track(x, outer);
            Variable y = f.apply(xi);
            return new Vjp(y, u -> {
                try (NoGrad inner = NoGrad.enableGrad()) {
                    Variable seed = u == null ? onesLike(y, "grad") : u;
                    return gradients(y, seed, outer, xi)[0];
                }
            });
        }
    }

    /** Jᵀu as a tensor. */
    public static Tensor vjp(Function<Variable, Variable> f, Tensor x, Tensor u) {
        try (NoGrad scope = NoGrad.enter()) {
            return vjp(f, Variable.constant(x)).pullback(u);
        }
    }

    /**
     * {@code [f(x), J·v]} by the double-VJP trick: the pullback {@code u ↦ Jᵀu} is linear in
     * u, so {@code J·v = ∇_u ⟨Jᵀu, v⟩}. Differentiable (in x and v) when recording is on.
     */
    public static Variable[] jvp(Function<Variable, Variable> f, Variable x, Variable v) {
        checkSameShape("jvp", x, v);
        boolean outer = NoGrad.isGradEnabled();
        try (NoGrad scope = NoGrad.enableGrad()) {
            Variable xi = track(x, outer);
            Variable y = f.apply(xi);
            Variable u = Variable.parameter(Tensor.zeros(floating(y), y.shape()));
            if (!y.requiresGrad()) return new Variable[] {y, Variable.constant(Tensor.zeros(floating(y), y.shape()))};
            Variable pulled = Backward.run(new Variable[] {y}, new Variable[] {u}, new Variable[] {xi}, true, true)[0];
            Variable s = pulled.mul(v.to(pulled.dtype())).sum();
            Variable t = gradients(s, onesLike(s, "jvp"), outer, u)[0];
            return new Variable[] {y, t};
        }
    }

    /** {@code [f(x), J·v]} as tensors. */
    public static Tensor[] jvp(Function<Variable, Variable> f, Tensor x, Tensor v) {
        try (NoGrad scope = NoGrad.enter()) {
            Variable[] r = jvp(f, Variable.constant(x), Variable.constant(v));
            return new Tensor[] {r[0].value(), r[1].value()};
        }
    }

    /** ∇²f(x)·v by reverse-over-reverse: differentiate ⟨∇f(x), v⟩ once more. */
    public static Variable hvp(Function<Variable, Variable> f, Variable x, Variable v) {
        checkSameShape("hvp", x, v);
        boolean outer = NoGrad.isGradEnabled();
        try (NoGrad scope = NoGrad.enableGrad()) {
            Variable xi = track(x, outer);
            Variable y = f.apply(xi);
            if (!y.requiresGrad()) return zeros(new Variable[] {x})[0];
            Supplier<Variable> product = () -> {
                Variable g = gradients(y, onesLike(y, "hvp"), true, xi)[0];
                Variable s = g.mul(v.to(g.dtype())).sum();
                if (!s.requiresGrad()) return zeros(new Variable[] {x})[0];
                return gradients(s, onesLike(s, "hvp"), outer, xi)[0];
            };
            // Recorded for an outer pass, the gradient graph is part of the caller's graph.
            return outer ? product.get() : pooled(product, r -> List.of(r.value()));
        }
    }

    /** ∇²f(x)·v as a tensor (reverse-over-reverse). */
    public static Tensor hvp(Function<Variable, Variable> f, Tensor x, Tensor v) {
        try (NoGrad scope = NoGrad.enter()) {
            return hvp(f, Variable.constant(x), Variable.constant(v)).value();
        }
    }

    /**
     * The Hessian of f at x as a linear operator {@code v ↦ ∇²f(x)·v}: the gradient is recorded
     * once, and each application is one backward pass through it (no new forward). Use it
     * inside CG / Neumann / Lanczos loops.
     *
     * <pre>{@code
     * UnaryOperator<Tensor> h = Autodiff.hvpOperator(f, x);
     * Tensor hv1 = h.apply(v1), hv2 = h.apply(v2);
     * }</pre>
     */
    public static UnaryOperator<Tensor> hvpOperator(Function<Variable, Variable> f, Tensor x) {
        Variable xi;
        Variable g;
        try (NoGrad scope = NoGrad.enableGrad()) {
            xi = Variable.parameter(x);
            Variable y = f.apply(xi);
            g = y.requiresGrad() ? gradients(y, onesLike(y, "hvpOperator"), true, xi)[0] : null;
        }
        Variable target = xi;
        Variable grad = g;
        return v -> {
            checkSameShape("hvpOperator", target, Variable.constant(v));
            if (grad == null || !grad.requiresGrad()) return Tensor.zeros(floating(target), target.shape());
            return gradients(grad, Variable.constant(v.to(grad.dtype())), false, target)[0].value();
        };
    }

    /** {@link #hvpOperator} for a function of named parameters, with respect to all of them. */
    public static UnaryOperator<Map<String, Tensor>> hvpOperator(Function<Map<String, Variable>, Variable> f, Map<String, Tensor> inputs) {
        Map<String, Variable> vars = new LinkedHashMap<>();
        Variable[] g;
        Variable[] xs;
        try (NoGrad scope = NoGrad.enableGrad()) {
            for (Map.Entry<String, Tensor> e : inputs.entrySet()) vars.put(e.getKey(), Variable.parameter(e.getKey(), e.getValue()));
            xs = vars.values().toArray(new Variable[0]);
            Variable y = f.apply(vars);
            g = y.requiresGrad() ? gradients(y, onesLike(y, "hvpOperator"), true, xs) : zeros(xs);
        }
        return v -> {
            Map<String, Tensor> out = new LinkedHashMap<>();
            int i = 0;
            Variable[] roots = new Variable[xs.length];
            Variable[] seeds = new Variable[xs.length];
            int r = 0;
            for (String name : vars.keySet()) {
                Tensor vi = v.get(name);
                if (vi == null) throw new IllegalArgumentException("hvpOperator: no direction for input " + name);
                if (g[i].requiresGrad()) {
                    roots[r] = g[i];
                    seeds[r++] = Variable.constant(vi.to(g[i].dtype()));
                }
                i++;
            }
            Variable[] h = r == 0 ? zeros(xs)
                    : Backward.run(Arrays.copyOf(roots, r), Arrays.copyOf(seeds, r), xs, false, true);
            i = 0;
            for (String name : vars.keySet()) out.put(name, h[i++].value());
            return out;
        };
    }

    /** ∇²f(x)·v by forward-over-reverse: the JVP of the gradient map. */
    public static Tensor hvpForwardOverReverse(Function<Variable, Variable> f, Tensor x, Tensor v) {
        return jvp(grad(f), x, v)[1];
    }

    /** The dense Jacobian of f at x, of shape {@code f(x).shape ++ x.shape}, from one VJP per output element. */
    public static Tensor jacobian(Function<Variable, Variable> f, Tensor x) {
        try (NoGrad scope = NoGrad.enter()) {
            Vjp p = vjp(f, Variable.constant(x));
            Tensor y = p.value().value();
            int m = y.numel(), n = x.numel();
            Tensor jac = Tensor.zeros(floating(p.value()), m, n);
            for (int i = 0; i < m; i++) {
                Tensor e = Tensor.zeros(floating(p.value()), m);
                e.setAt(1, i);
                jac.select(0, i).copyFrom(p.pullback(e.reshape(y.shape())).reshape(n));
            }
            return jac.reshape(concat(y.shape(), x.shape()));
        }
    }

    /** The dense Hessian of a scalar f at x, of shape {@code x.shape ++ x.shape}, from one HVP per input element. */
    public static Tensor hessian(Function<Variable, Variable> f, Tensor x) {
        try (NoGrad scope = NoGrad.enableGrad()) {
            Variable xi = Variable.parameter(x);
            Variable y = f.apply(xi);
            int n = x.numel();
            Tensor h = Tensor.zeros(x.dtype().isFloating() ? x.dtype() : x.dtype().toFloating(), n, n);
            if (!y.requiresGrad()) return h.reshape(concat(x.shape(), x.shape()));
            Variable g = gradients(y, onesLike(y, "hessian"), true, xi)[0];
            for (int j = 0; j < n && g.requiresGrad(); j++) {
                Tensor e = Tensor.zeros(g.dtype(), n);
                e.setAt(1, j);
                Variable col = gradients(g, Variable.constant(e.reshape(x.shape())), false, xi)[0];
                h.select(1, j).copyFrom(col.value().reshape(n));
            }
            return h.reshape(concat(x.shape(), x.shape()));
        }
    }

    /**
     * A variable with x's value that requires grad, so that {@link #gradients} can differentiate
     * with respect to it, while staying connected to x's own graph (a recorded identity) when x
     * requires grad. Like TensorFlow's {@code tape.watch}. Typical use: unrolled inner loops.
     *
     * <pre>{@code
     * Variable y = Autodiff.watch(Variable.constant(y0));
     * for (int k = 0; k < T; k++) {
     *     Variable gy = Autodiff.gradients(inner(x, y), y)[0];
     *     y = Autodiff.watch(y.sub(gy.mul(eta)));
     * }
     * }</pre>
     */
    public static Variable watch(Variable x) {
        return track(x, NoGrad.isGradEnabled());
    }

    /** The same value, cut off from the graph (JAX {@code stop_gradient}). */
    public static Variable stopGradient(Variable x) {
        return x.detach();
    }

    // ---------------------------------------------------------------- several inputs

    /** Gradients of a scalar function of several positional inputs. */
    public static Tensor[] grad(MultiFunction f, Tensor... xs) {
        try (NoGrad scope = NoGrad.enableGrad()) {
            Variable[] vs = new Variable[xs.length];
            for (int i = 0; i < xs.length; i++) vs[i] = Variable.parameter(xs[i]);
            Variable y = f.apply(vs);
            Variable[] g = gradients(y, onesLike(y, "grad"), false, vs);
            Tensor[] out = new Tensor[g.length];
            for (int i = 0; i < g.length; i++) out[i] = g[i].value();
            return out;
        }
    }

    /** Partial gradients of a scalar function of named inputs, with respect to {@code wrt} (all names when empty). */
    public static Map<String, Tensor> grad(Function<Map<String, Variable>, Variable> f, Map<String, Tensor> inputs, String... wrt) {
        return valueAndGrad(f, inputs, wrt).grad();
    }

    /** The value and the partial gradients with respect to {@code wrt} (all names when empty). */
    public static ValueAndGrad<Map<String, Tensor>> valueAndGrad(Function<Map<String, Variable>, Variable> f,
                                                                  Map<String, Tensor> inputs, String... wrt) {
        try (NoGrad scope = NoGrad.enableGrad()) {
            Map<String, Variable> vars = new LinkedHashMap<>();
            String[] names = wrt.length == 0 ? inputs.keySet().toArray(new String[0]) : wrt;
            for (String name : names) {
                if (!inputs.containsKey(name)) throw new IllegalArgumentException("grad: no input named " + name + " among " + inputs.keySet());
            }
            for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
                boolean diff = Arrays.asList(names).contains(e.getKey());
                vars.put(e.getKey(), diff ? Variable.parameter(e.getKey(), e.getValue()) : Variable.constant(e.getValue()));
            }
            Variable y = f.apply(vars);
            Variable[] targets = new Variable[names.length];
            for (int i = 0; i < names.length; i++) targets[i] = vars.get(names[i]);
            Variable[] g = gradients(y, onesLike(y, "grad"), false, targets);
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (int i = 0; i < names.length; i++) out.put(names[i], g[i].value());
            return new ValueAndGrad<>(y.value(), out);
        }
    }

    /**
     * The Hessian-vector product of a scalar function of named inputs with respect to all of
     * them: {@code v} and the result hold one tensor per input name.
     */
    public static Map<String, Tensor> hvp(Function<Map<String, Variable>, Variable> f, Map<String, Tensor> inputs, Map<String, Tensor> v) {
        try (NoGrad scope = NoGrad.enableGrad()) {
            Map<String, Variable> vars = new LinkedHashMap<>();
            for (Map.Entry<String, Tensor> e : inputs.entrySet()) vars.put(e.getKey(), Variable.parameter(e.getKey(), e.getValue()));
            Variable[] xs = vars.values().toArray(new Variable[0]);
            Variable y = f.apply(vars);
            return pooled(() -> hvpOfGradient(y, vars, xs, v), Map::values);
        }
    }

    /**
     * Runs engine-internal work whose caller sees only {@code results} (a gradient graph built
     * and consumed inside one call, as in an HVP): its tensors come from the thread's buffer
     * pool and go back when it returns; the results escape. Custom rules run outside the scope
     * (Backward suspends it for them), so nothing they keep is recycled.
     */
    private static <T> T pooled(Supplier<T> work, Function<T, Iterable<Tensor>> results) {
        BufferPool.Scope pool = GradMode.get().anomaly || !Backward.POOLING ? null : BufferPool.open();
        boolean ok = false;
        try {
            T out = work.get();
            if (pool != null) for (Tensor t : results.apply(out)) pool.escape(t);
            ok = true;
            return out;
        } finally {
            if (pool != null) pool.close(ok);
        }
    }

    private static Map<String, Tensor> hvpOfGradient(Variable y, Map<String, Variable> vars, Variable[] xs, Map<String, Tensor> v) {
        Variable[] g = gradients(y, onesLike(y, "hvp"), true, xs);
        Variable s = null;
        int i = 0;
        for (String name : vars.keySet()) {
            Tensor vi = v.get(name);
            if (vi == null) throw new IllegalArgumentException("hvp: no direction for input " + name);
            Variable term = g[i++].mul(Variable.constant(vi)).sum();
            s = s == null ? term : s.add(term);
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        Variable[] h = s == null || !s.requiresGrad() ? zeros(xs) : gradients(s, onesLike(s, "hvp"), false, xs);
        i = 0;
        for (String name : vars.keySet()) out.put(name, h[i++].value());
        return out;
    }

    // ---------------------------------------------------------------- helpers

    /**
     * A variable standing for x inside a transform: differentiating by it stops there. When the
     * outer computation records and x requires grad, it is a recorded identity of x, so results
     * stay connected to the outer graph.
     */
    static Variable track(Variable x, boolean outer) {
        if (outer && x.requiresGrad()) return x.reshape(x.shape());
        return Variable.parameter(x.value());
    }

    static void checkSeed(String op, Variable output, Variable seed) {
        if (!Arrays.equals(output.value().shape(), seed.value().shape())) {
            throw new IllegalArgumentException(op + ": seed of shape " + Arrays.toString(seed.value().shape())
                    + " for an output of shape " + Arrays.toString(output.value().shape()));
        }
    }

    private static void checkSameShape(String op, Variable x, Variable v) {
        if (!Arrays.equals(x.value().shape(), v.value().shape())) {
            throw new IllegalArgumentException(op + ": direction of shape " + Arrays.toString(v.value().shape())
                    + " for an input of shape " + Arrays.toString(x.value().shape()));
        }
    }

    private static Variable onesLike(Variable y, String op) {
        if (y.value().numel() != 1) {
            throw new IllegalArgumentException(op + ": function output of shape " + Arrays.toString(y.value().shape())
                    + " is not a scalar; use vjp with a cotangent");
        }
        return Variable.constant(Tensor.ones(floating(y), y.shape()));
    }

    private static io.vecgrad.tensor.DType floating(Variable y) {
        return y.dtype().isFloating() ? y.dtype() : y.dtype().toFloating();
    }

    private static Variable[] zeros(Variable[] like) {
        Variable[] out = new Variable[like.length];
        for (int i = 0; i < like.length; i++) out[i] = Variable.constant(Tensor.zeros(floating(like[i]), like[i].shape()));
        return out;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] s = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, s, a.length, b.length);
        return s;
    }
}
