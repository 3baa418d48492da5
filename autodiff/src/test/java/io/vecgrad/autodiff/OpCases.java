package io.vecgrad.autodiff;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One gradient-check case per registered op: how to draw inputs (shapes and values away from
 * kinks) and the function under test. The coverage test requires a case for every op of
 * {@code OpRegistry}; the property tests check every case to first and second order.
 */
final class OpCases {
    private OpCases() {}

    /** Inputs and the function under test, drawn together (the function may depend on drawn axes and indices). */
    record Instance(Tensor[] inputs, Autodiff.MultiFunction f) {}

    record Case(String op, Function<Rng, Instance> draw, GradCheck.Options options) {}

    static final Map<String, Case> ALL = new LinkedHashMap<>();

    private static void add(String op, Function<Rng, Tensor[]> inputs, Autodiff.MultiFunction f) {
        ALL.put(op, new Case(op, r -> new Instance(inputs.apply(r), f), GradCheck.options().atol(1e-5).rtol(1e-4)));
    }

    private static void addDrawn(String op, Function<Rng, Instance> draw) {
        ALL.put(op, new Case(op, draw, GradCheck.options().atol(1e-5).rtol(1e-4)));
    }

    private static int[] range(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        return p;
    }

    private static int[] shuffled(Rng r, int n) {
        int[] p = range(n);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    // ---------------------------------------------------------------- input generators

    static int[] shape(Rng r) {
        int rank = 1 + r.nextInt(3);
        int[] s = new int[rank];
        for (int i = 0; i < rank; i++) s[i] = 1 + r.nextInt(3);
        return s;
    }

    /** A shape that broadcasts against {@code s}: some axes set to 1, maybe leading axes dropped. */
    static int[] broadcastable(Rng r, int[] s) {
        int drop = r.nextInt(s.length + 1);
        int[] b = java.util.Arrays.copyOfRange(s, drop, s.length);
        for (int i = 0; i < b.length; i++) if (r.nextInt(3) == 0) b[i] = 1;
        return b;
    }

    static Tensor normal(Rng r, int... s) {
        return r.normal(DType.FLOAT64, 0, 1, io.vecgrad.tensor.Shape.numel(s)).reshape(s); // Rng rejects shape []
    }

    static Tensor positive(Rng r, int... s) {
        return r.uniform(DType.FLOAT64, 0.5, 2, io.vecgrad.tensor.Shape.numel(s)).reshape(s);
    }

    /** Values with |x| in [0.2, 2] and a random sign: away from the kink at 0. */
    static Tensor awayFromZero(Rng r, int... s) {
        Tensor mag = r.uniform(DType.FLOAT64, 0.2, 2, io.vecgrad.tensor.Shape.numel(s)).reshape(s);
        return mag.mul(r.rademacher(DType.FLOAT64, io.vecgrad.tensor.Shape.numel(s)).reshape(s));
    }

    /** |x| in [0.1, 0.4) or [0.6, 2) with a random sign: away from the clamp bounds ±0.5. */
    static Tensor awayFromBounds(Rng r, int... s) {
        Tensor u = r.uniform(DType.FLOAT64, 0, 1, s);
        Tensor mag = Tensor.where(u.lt(0.5), u.mul(0.6).add(0.1), u.sub(0.5).mul(2.8).add(0.6));
        return mag.mul(r.rademacher(DType.FLOAT64, s));
    }

    static Tensor index(Rng r, int bound, int... s) {
        return r.randint(0, bound, s);
    }

    private static Tensor[] in(Tensor... t) {
        return t;
    }

    private static Function<Rng, Tensor[]> unary(Function<Rng, Tensor> gen) {
        return r -> in(gen.apply(r));
    }

    static {
        // Arithmetic (binary ops broadcast: the second operand has a broadcastable shape)
        add("add", r -> { int[] s = shape(r); return in(normal(r, s), normal(r, broadcastable(r, s))); }, x -> x[0].add(x[1]));
        add("sub", r -> { int[] s = shape(r); return in(normal(r, broadcastable(r, s)), normal(r, s)); }, x -> x[0].sub(x[1]));
        add("mul", r -> { int[] s = shape(r); return in(normal(r, s), normal(r, broadcastable(r, s))); }, x -> x[0].mul(x[1]));
        add("div", r -> { int[] s = shape(r); return in(normal(r, s), awayFromZero(r, broadcastable(r, s))); }, x -> x[0].div(x[1]));
        add("neg", unary(r -> normal(r, shape(r))), x -> x[0].neg());
        add("pow", r -> { int[] s = shape(r); return in(positive(r, s), normal(r, broadcastable(r, s))); }, x -> x[0].pow(x[1]));
        add("powScalar", unary(r -> positive(r, shape(r))), x -> x[0].pow(2.5));
        add("square", unary(r -> normal(r, shape(r))), x -> x[0].square());
        add("sqrt", unary(r -> positive(r, shape(r))), x -> x[0].sqrt());
        add("rsqrt", unary(r -> positive(r, shape(r))), x -> x[0].rsqrt());
        add("minimum", r -> { int[] s = shape(r); return in(normal(r, s), normal(r, broadcastable(r, s))); }, x -> x[0].minimum(x[1]));
        add("maximum", r -> { int[] s = shape(r); return in(normal(r, broadcastable(r, s)), normal(r, s)); }, x -> x[0].maximum(x[1]));
        // clamp bounds ±0.1: inputs have |x| ≥ 0.2 on one side or lie well inside
        add("clamp", unary(r -> awayFromBounds(r, shape(r))), x -> x[0].clamp(-0.5, 0.5));
        add("where", r -> { int[] s = shape(r); return in(normal(r, s), normal(r, broadcastable(r, s))); },
                x -> Variable.where(x[0].value().gt(0), x[0], x[1]));
        // Unary
        add("exp", unary(r -> normal(r, shape(r))), x -> x[0].exp());
        add("log", unary(r -> positive(r, shape(r))), x -> x[0].log());
        add("log1p", unary(r -> positive(r, shape(r)).sub(0.4)), x -> x[0].log1p());
        add("expm1", unary(r -> normal(r, shape(r))), x -> x[0].expm1());
        add("abs", unary(r -> awayFromZero(r, shape(r))), x -> x[0].abs());
        add("sin", unary(r -> normal(r, shape(r))), x -> x[0].sin());
        add("cos", unary(r -> normal(r, shape(r))), x -> x[0].cos());
        add("tanh", unary(r -> normal(r, shape(r))), x -> x[0].tanh());
        add("sigmoid", unary(r -> normal(r, shape(r))), x -> x[0].sigmoid());
        add("relu", unary(r -> awayFromZero(r, shape(r))), x -> x[0].relu());
        add("leakyRelu", unary(r -> awayFromZero(r, shape(r))), x -> x[0].leakyRelu(0.1));
        add("softplus", unary(r -> normal(r, shape(r))), x -> x[0].softplus());
        add("erf", unary(r -> normal(r, shape(r))), x -> x[0].erf());
        add("gelu", unary(r -> normal(r, shape(r))), x -> x[0].gelu());
        // Reductions (random axes; keepDims both ways)
        add("sum", unary(r -> normal(r, shape(r))), x -> x[0].sum(new int[] {-1}, true).add(x[0].sum().mul(0.5)));
        add("mean", unary(r -> normal(r, shape(r))), x -> x[0].mean(new int[] {0}, false).sum().add(x[0].mean()));
        add("max", unary(r -> normal(r, shape(r))), x -> x[0].max(new int[] {-1}, false));
        add("min", unary(r -> normal(r, shape(r))), x -> x[0].min(new int[] {0}, true));
        add("logsumexp", unary(r -> normal(r, shape(r))), x -> x[0].logsumexp(new int[] {-1}, false));
        add("softmax", unary(r -> normal(r, shape(r))), x -> x[0].softmax(-1));
        add("logSoftmax", unary(r -> normal(r, shape(r))), x -> x[0].logSoftmax(0));
        add("var", unary(r -> { int[] s = shape(r); s[s.length - 1] += 1; return normal(r, s); }), x -> x[0].var(new int[] {-1}, true, 1));
        add("normL2", unary(r -> normal(r, shape(r))), x -> x[0].normL2(new int[] {-1}, false));
        // Linear algebra: all torch.matmul shape cases, including broadcast batches
        add("matmul", r -> {
            int m = 1 + r.nextInt(3), k = 1 + r.nextInt(3), n = 1 + r.nextInt(3);
            switch (r.nextInt(5)) {
                case 0: return in(normal(r, m, k), normal(r, k, n));
                case 1: return in(normal(r, 2, m, k), normal(r, k, n));
                case 2: return in(normal(r, k), normal(r, 2, k, n));
                case 3: return in(normal(r, m, k), normal(r, k));
                default: return in(normal(r, k), normal(r, k));
            }
        }, x -> x[0].matmul(x[1]));
        // Implicit CG solve x = (θθᵀ/k + I)⁻¹ b, differentiated by the adjoint solve (autodiff.linalg)
        add("cg_solve", r -> { int n = 1 + r.nextInt(4), k = 1 + r.nextInt(3); return in(normal(r, n, k), normal(r, n)); },
                x -> io.vecgrad.autodiff.linalg.ImplicitSolve.cgSolve((p, v) -> p[0].matmul(p[0].mT().matmul(v)).div(p[0].size(1)).add(v),
                        x[1], io.vecgrad.tensor.linalg.iterative.SolveOptions.defaults().rtol(1e-13), x[0]));
        // Views (random shapes, axes, bounds and indices)
        addDrawn("reshape", r -> {
            int[] s = shape(r);
            int n = io.vecgrad.tensor.Shape.numel(s);
            Tensor w = normal(r, n);
            return new Instance(in(normal(r, s)), x -> x[0].reshape(-1).mul(Variable.constant(w)).reshape(n, 1));
        });
        addDrawn("permute", r -> {
            int[] s = shape(r);
            int[] order = shuffled(r, s.length);
            return new Instance(in(normal(r, s)), x -> x[0].permute(order).square().add(x[0].transpose(0, -1).sum()));
        });
        addDrawn("slice", r -> {
            int[] s = shape(r);
            int axis = r.nextInt(s.length), n = s[axis] + 2;
            s[axis] = n;
            int start = r.nextInt(n) - (r.nextInt(2) == 0 ? n : 0); // negative starts count from the end
            int stop = 1 + r.nextInt(n + 1), step = 1 + r.nextInt(2);
            return new Instance(in(normal(r, s)), x -> x[0].slice(axis, start, stop, step).square());
        });
        addDrawn("padSlice", r -> {
            int[] s = shape(r);
            int axis = r.nextInt(s.length), step = 1 + r.nextInt(2), start = r.nextInt(2);
            int[] big = s.clone();
            big[axis] = start + (s[axis] - 1) * step + 1 + r.nextInt(2);
            return new Instance(in(normal(r, s)), x -> io.vecgrad.autodiff.ViewOps.padSlice(x[0], big, axis, start, step).square());
        });
        addDrawn("select", r -> {
            int[] s = shape(r);
            int axis = r.nextInt(s.length), i = r.nextInt(s[axis]), j = r.nextInt(s[axis]) - s[axis];
            return new Instance(in(normal(r, s)), x -> x[0].select(axis, i).mul(x[0].select(axis, j)));
        });
        add("squeeze", unary(r -> normal(r, 1, 1 + r.nextInt(3), 1)), x -> x[0].squeeze().square().add(x[0].squeeze(0).sum()));
        addDrawn("unsqueeze", r -> {
            int[] s = shape(r);
            int axis = r.nextInt(s.length + 1);
            return new Instance(in(normal(r, s)), x -> x[0].unsqueeze(axis).square());
        });
        Autodiff.MultiFunction castRoundTrip = x -> x[0].to(DType.FLOAT32).square().to(DType.FLOAT64);
        ALL.put("cast", new Case("cast", r -> new Instance(in(normal(r, shape(r))), castRoundTrip),
                GradCheck.options().eps(1e-2).atol(1e-3).rtol(1e-3)));
        // Broadcast
        addDrawn("expand", r -> {
            int[] s = shape(r);
            int[] small = broadcastable(r, s);
            return new Instance(in(normal(r, small)), x -> x[0].expand(s).square());
        });
        addDrawn("sumTo", r -> {
            int[] s = shape(r);
            int[] small = broadcastable(r, s);
            return new Instance(in(normal(r, s)), x -> x[0].sumTo(small).square());
        });
        // Join
        addDrawn("concat", r -> {
            int[] s = shape(r);
            int axis = r.nextInt(s.length), parts = 1 + r.nextInt(3);
            Tensor[] t = new Tensor[parts];
            for (int i = 0; i < parts; i++) {
                int[] si = s.clone();
                si[axis] = 1 + r.nextInt(3);
                t[i] = normal(r, si);
            }
            return new Instance(t, x -> Variable.concat(axis, x).square());
        });
        addDrawn("stack", r -> {
            int[] s = shape(r);
            int axis = r.nextInt(s.length + 1);
            return new Instance(in(normal(r, s), normal(r, s)), x -> Variable.stack(axis, x[0], x[1]).exp());
        });
        // Indexing (random indices with repeats exercise accumulation)
        addDrawn("indexSelect", r -> {
            int[] s = shape(r);
            int axis = r.nextInt(s.length);
            Tensor idx = index(r, s[axis], 1 + r.nextInt(4));
            return new Instance(in(normal(r, s)), x -> x[0].indexSelect(axis, idx).square());
        });
        addDrawn("indexAdd", r -> {
            int[] s = shape(r);
            int axis = r.nextInt(s.length), size = 1 + r.nextInt(4);
            Tensor idx = index(r, size, s[axis]);
            return new Instance(in(normal(r, s)), x -> io.vecgrad.autodiff.Index.indexAdd(x[0], axis, idx, size).square());
        });
        addDrawn("gather", r -> {
            int[] s = shape(r);
            int axis = r.nextInt(s.length);
            int[] is = s.clone();
            is[axis] = 1 + r.nextInt(3);
            Tensor idx = index(r, s[axis], is);
            return new Instance(in(normal(r, s)), x -> x[0].gather(axis, idx).square());
        });
        addDrawn("scatterAdd", r -> {
            int[] s = shape(r);
            int axis = r.nextInt(s.length);
            int[] is = s.clone();
            is[axis] = 1 + r.nextInt(3);
            Tensor idx = index(r, s[axis], is);
            return new Instance(in(normal(r, s), normal(r, is)), x -> x[0].scatterAdd(axis, idx, x[1]).square());
        });
        // Convolution and pooling (ops.Conv): cases live beside that family's own tests
        ConvOpsTest.addCases(ALL);
        // Fused ops (ops.FusedOps): cases live beside their comparison with the composed forms
        FusedOpsTest.addCases(ALL);
        FusedOpsTest.addLinearCase(ALL);
        AttentionOpsTest.addCases(ALL);   // ops.Attention
        MeanSquareTest.addCases(ALL);     // ops.MeanSquare
        MseTest.addCases(ALL);            // ops.Mse
        FusedDropoutTest.addCases(ALL);   // ops.FusedDropout
        // Dense linear algebra (ops.Decompositions)
        DecompositionOpsTest.addCases(ALL);
    }
}
