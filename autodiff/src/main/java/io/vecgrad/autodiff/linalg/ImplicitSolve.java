package io.vecgrad.autodiff.linalg;

import io.vecgrad.autodiff.Autodiff;
import io.vecgrad.autodiff.CustomVjp;
import io.vecgrad.autodiff.NoGrad;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.iterative.ConjugateGradient;
import io.vecgrad.tensor.linalg.iterative.LinearOperator;
import io.vecgrad.tensor.linalg.iterative.SolveOptions;
import io.vecgrad.tensor.linalg.iterative.SolveResult;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code x = A(θ)⁻¹ b} solved by conjugate gradient, as a differentiable op ({@code cg_solve})
 * whose backward uses the implicit function theorem instead of unrolling the iterations (the
 * JAXopt / {@code jax.scipy.sparse.linalg.cg} rule):
 *
 * <pre>
 *   λ   = A(θ)⁻ᵀ ḡ          one more CG solve (A symmetric, so with A itself)
 *   b̄   = λ
 *   θ̄   = −∂/∂θ ⟨λ, A(θ)·x⟩  one VJP of the matrix-vector product at the solution
 * </pre>
 *
 * The backward is written with the same differentiable ops (λ is itself a {@code cg_solve}),
 * so second derivatives work. Memory does not grow with the number of CG iterations, unlike
 * differentiating an unrolled CG on the tape.
 *
 * <p>The operator is given as a differentiable function {@code (θ, v) ↦ A(θ)·v}, linear in v,
 * symmetric positive definite for each θ (a Hessian of a strongly convex objective, a damped
 * Gauss–Newton matrix, {@code MᵀM + λI}, ...). The parameters θ are passed explicitly so the
 * op can return their cotangents; do not capture variables that need gradients inside the
 * function. Gradients are exact only up to the CG tolerance of both solves; a solve that does
 * not converge throws {@link IllegalStateException} with the solver's result.
 *
 * <pre>{@code
 * // A(θ) = θθᵀ + I, x = A(θ)⁻¹ b, differentiable in θ and b
 * ImplicitSolve.Operator a = (p, v) -> p[0].matmul(p[0].mT().matmul(v)).add(v);
 * Variable x = ImplicitSolve.cgSolve(a, b, SolveOptions.defaults().rtol(1e-12), theta);
 * x.sum().backward();                      // theta.grad(), b.grad() via one adjoint CG solve
 * }</pre>
 */
public final class ImplicitSolve {
    private ImplicitSolve() {}

    /** Op names of this family (listed in {@code OpRegistry}). */
    public static final List<String> OPS = List.of("cg_solve");

    /** A differentiable matrix-vector product {@code (θ, v) ↦ A(θ)·v}, linear in v. */
    @FunctionalInterface
    public interface Operator {
        Variable apply(Variable[] params, Variable v);
    }

    /** Identities that pass gradients except inside the partial-derivative pass that created them. */
    private static final ThreadLocal<Set<Object>> BLOCKED = ThreadLocal.withInitial(HashSet::new);

    /** {@link #cgSolve(Operator, Variable, SolveOptions, Variable...)} with rtol 1e-10 and maxIter 10·n. */
    public static Variable cgSolve(Operator a, Variable b, Variable... params) {
        return cgSolve(a, b, SolveOptions.defaults().rtol(1e-10), params);
    }

    /**
     * @param a      the operator, SPD in v for the given θ
     * @param b      the right-hand side (any shape; the operator receives and returns that shape)
     * @param o      CG options (rtol, atol, maxIter, preconditioner over the flattened vector); used for the adjoint solve too
     * @param params θ: the variables the operator depends on
     */
    public static Variable cgSolve(Operator a, Variable b, SolveOptions o, Variable... params) {
        if (!b.dtype().isFloating()) throw new IllegalArgumentException("cg_solve: right-hand side must be float32/float64, got " + b.dtype());
        if (o.x0() != null) throw new IllegalArgumentException("cg_solve: a starting guess x0 is not supported (the adjoint solve would reuse it)");
        Variable[] inputs = new Variable[params.length + 1];
        inputs[0] = b;
        System.arraycopy(params, 0, inputs, 1, params.length);
        return CustomVjp.apply("cg_solve", in -> solveValues(a, in, o), (g, ins, out) -> vjp(a, o, g, ins, out), inputs);
    }

    /** The forward: CG on the operator with θ frozen to its current values. */
    private static Tensor solveValues(Operator a, Tensor[] in, SolveOptions o) {
        Tensor b = in[0];
        int[] shape = b.shape();
        int n = b.numel();
        DType dt = b.dtype();
        Variable[] frozen = new Variable[in.length - 1];
        for (int i = 0; i < frozen.length; i++) frozen[i] = Variable.constant(in[i + 1]);
        LinearOperator op = LinearOperator.symmetric(n, dt, v -> {
            try (NoGrad scope = NoGrad.enter()) {
                Tensor y = a.apply(frozen, Variable.constant(v.reshape(shape))).value();
                if (!Arrays.equals(y.shape(), shape)) {
                    throw new IllegalArgumentException("cg_solve: operator returned shape " + Arrays.toString(y.shape()) + " for a vector of shape " + Arrays.toString(shape));
                }
                return y.reshape(n).to(dt);
            }
        });
        SolveResult r = ConjugateGradient.solve(op, b.reshape(n), o);
        if (!r.converged()) throw new IllegalStateException("cg_solve: CG did not converge for a system of size " + n + ": " + r);
        return r.solution().reshape(shape);
    }

    private static Variable[] vjp(Operator a, SolveOptions o, Variable g, Variable[] ins, Variable out) {
        Variable[] params = Arrays.copyOfRange(ins, 1, ins.length);
        Variable lambda = cgSolve(a, g, o, params);                 // adjoint solve, differentiable in g and θ
        Variable[] grads = new Variable[ins.length];
        grads[0] = lambda;
        boolean anyParam = false;
        for (Variable p : params) anyParam |= p.requiresGrad();
        if (anyParam) {
            Variable[] pg = partialOfProduct(a, params, lambda, out);
            for (int i = 0; i < params.length; i++) grads[i + 1] = pg[i] == null ? null : pg[i].neg();
        }
        return grads;
    }

    /**
     * ∂/∂θ ⟨λ, A(θ)·x⟩ with λ and x held fixed: a nested backward pass through one recorded
     * product. λ, x and θ enter through identities that stop that pass (so it yields partial,
     * not total, derivatives) but pass gradients in later passes, so the result stays
     * differentiable in λ, x and θ under create-graph.
     */
    private static Variable[] partialOfProduct(Operator a, Variable[] params, Variable lambda, Variable x) {
        boolean createGraph = NoGrad.isGradEnabled();
        if (!createGraph) {
            try (NoGrad scope = NoGrad.enableGrad()) {
                Variable[] p = new Variable[params.length];
                for (int i = 0; i < p.length; i++) p[i] = params[i].requiresGrad() ? Variable.parameter(params[i].value()) : Variable.constant(params[i].value());
                Variable s = a.apply(p, Variable.constant(x.value())).mul(Variable.constant(lambda.value())).sum();
                return Autodiff.gradients(s, Variable.constant(Tensor.ones(s.dtype(), s.shape())), false, p);
            }
        }
        Object token = new Object();
        Variable lb = stop(lambda, token), xb = stop(x, token);
        Variable[] p = new Variable[params.length];
        for (int i = 0; i < p.length; i++) p[i] = stop(params[i], token);
        Variable s = a.apply(p, xb).mul(lb).sum();
        Set<Object> blocked = BLOCKED.get();
        blocked.add(token);
        try {
            return s.requiresGrad() ? Autodiff.gradients(s, Variable.constant(Tensor.ones(s.dtype(), s.shape())), true, p) : new Variable[p.length];
        } finally {
            blocked.remove(token);
        }
    }

    private static Variable stop(Variable v, Object token) {
        if (!v.requiresGrad()) return v;
        return CustomVjp.apply("cg_solve_partial", in -> in[0], (g, ins, out) -> new Variable[] {BLOCKED.get().contains(token) ? null : g}, v);
    }
}
