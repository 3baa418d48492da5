package io.vecgrad.optim.newton;

import io.vecgrad.autodiff.Autodiff;
import io.vecgrad.autodiff.NoGrad;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.autodiff.linalg.CurvatureOperators;
import io.vecgrad.autodiff.linalg.ParameterVector;
import io.vecgrad.nn.Functional;
import io.vecgrad.nn.Module;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.iterative.LinearOperator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Curvature matrices of a loss as {@link LinearOperator}s over the flattened parameter vector
 * (names in map order, see {@link ParameterVector}), for CG, Lanczos, SLQ and trace estimation;
 * none is ever formed.
 *
 * <ul>
 *   <li>{@link #hessian}: {@code ∇²L(θ)} (autodiff's {@link CurvatureOperators#hessian}, one
 *       backward pass per product).</li>
 *   <li>{@link #gaussNewton}: the generalized Gauss–Newton matrix {@code G = Jᵀ·∇²ℓ(z)·J} of a loss
 *       {@code L(θ) = ℓ(z(θ))} with network outputs {@code z(θ)} (Schraudolph 2002; Martens 2010).
 *       Each product is a JVP (by the double-VJP trick through a recorded pullback), a Hessian
 *       product of ℓ in output space, and a VJP: three backward passes, no new forward. G is
 *       positive semi-definite whenever ℓ is convex in z (squared error, softmax cross-entropy),
 *       unlike the Hessian.</li>
 *   <li>{@link #empiricalFisher}: {@code F = (1/N) Σᵢ ∇ℓᵢ∇ℓᵢᵀ} from N per-example losses; the N
 *       per-example gradients are computed once (N backward passes) and kept, so a product costs
 *       O(N·P). Meant for small N (a mini-batch).</li>
 * </ul>
 * Damping (Levenberg–Marquardt / Tikhonov) is {@code op.shifted(λ)} ({@code G + λI}); see
 * {@link #damped}.
 *
 * <pre>{@code
 * Map<String, Tensor> theta = Curvature.parameters(net);
 * LinearOperator ggn = Curvature.gaussNewton(net, xBatch, z -> Losses.crossEntropy(z, yBatch));
 * SolveResult step = ConjugateGradient.solve(Curvature.damped(ggn, 1e-3), minusGrad, SolveOptions.defaults());
 * }</pre>
 *
 * <p>Each operator holds the recorded graph of its point; build a new one after the parameters change.
 */
public final class Curvature {
    private Curvature() {}

    /** ∇²L at {@code params}. */
    public static LinearOperator hessian(Function<Map<String, Variable>, Variable> loss, Map<String, Tensor> params) {
        return CurvatureOperators.hessian(loss, params);
    }

    /** {@code op + λ·I}, λ ≥ 0. */
    public static LinearOperator damped(LinearOperator op, double lambda) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) throw new IllegalArgumentException("Curvature.damped: lambda must be finite and >= 0, got " + lambda);
        return lambda == 0 ? op : op.shifted(lambda);
    }

    /**
     * The generalized Gauss–Newton matrix of {@code loss(outputs(θ))}.
     *
     * @param outputs the network outputs z (any shape) as a function of the named parameters
     * @param loss    the scalar loss of the outputs
     */
    public static LinearOperator gaussNewton(Function<Map<String, Variable>, Variable> outputs, Function<Variable, Variable> loss,
                                             Map<String, Tensor> params) {
        ParameterVector layout = ParameterVector.of(params);
        Variable[] xs;
        Variable z, u, gl, zc;
        Variable[] pulled;
        try (NoGrad scope = NoGrad.enableGrad()) {
            Map<String, Variable> vars = new LinkedHashMap<>();
            for (Map.Entry<String, Tensor> e : params.entrySet()) vars.put(e.getKey(), Variable.parameter(e.getKey(), e.getValue()));
            xs = vars.values().toArray(new Variable[0]);
            z = outputs.apply(vars);
            u = Variable.parameter(Tensor.zeros(z.value().dtype(), z.shape()));
            pulled = z.requiresGrad() ? Autodiff.gradients(new Variable[] {z}, new Variable[] {u}, true, xs) : null;
            zc = Variable.parameter(z.value());
            Variable l = loss.apply(zc);
            if (l.numel() != 1) throw new IllegalArgumentException("Curvature.gaussNewton: the loss must be a scalar, got shape " + java.util.Arrays.toString(l.shape()));
            gl = l.requiresGrad() ? Autodiff.gradients(l, zc)[0] : null;
        }
        Variable[] wrt = xs;
        Variable out = z, seedVar = u, outputGrad = gl, outputVar = zc;
        Variable[] jtU = pulled;
        return LinearOperator.symmetric(layout.size(), layout.dtype(), v -> {
            if (jtU == null || outputGrad == null || !outputGrad.requiresGrad()) return Tensor.zeros(layout.dtype(), layout.size());
            Map<String, Tensor> vm = layout.unflatten(v.to(layout.dtype()));
            Tensor jv;
            try (NoGrad scope = NoGrad.enableGrad()) {
                Variable s = null;
                int i = 0;
                for (Tensor vi : vm.values()) {
                    Variable part = jtU[i++];
                    if (!part.requiresGrad()) continue;
                    Variable term = part.mul(Variable.constant(vi.to(part.dtype()))).sum();
                    s = s == null ? term : s.add(term);
                }
                if (s == null) return Tensor.zeros(layout.dtype(), layout.size());
                jv = Autodiff.gradients(s, Variable.constant(Tensor.ones(s.value().dtype())), false, seedVar)[0].value();
            }
            Tensor hjv = Autodiff.gradients(outputGrad, Variable.constant(jv.to(outputGrad.dtype())), false, outputVar)[0].value();
            Variable[] g = Autodiff.gradients(new Variable[] {out}, new Variable[] {Variable.constant(hjv.to(out.dtype()))}, false, wrt);
            Map<String, Tensor> back = new LinkedHashMap<>();
            int i = 0;
            for (String name : vm.keySet()) back.put(name, g[i++].value());
            return layout.flatten(back);
        });
    }

    /** {@link #gaussNewton} of an {@code nn} module on one input batch, over all its trainable parameters. */
    public static LinearOperator gaussNewton(Module net, Tensor input, Function<Variable, Variable> loss) {
        Variable x = Variable.constant(input);
        return gaussNewton(vars -> Functional.call(net, vars, x), loss, parameters(net));
    }

    /** The Hessian of {@code loss(net(input))} with respect to the module's trainable parameters. */
    public static LinearOperator hessian(Module net, Tensor input, Function<Variable, Variable> loss) {
        Variable x = Variable.constant(input);
        return hessian(vars -> loss.apply(Functional.call(net, vars, x)), parameters(net));
    }

    /**
     * The empirical Fisher {@code (1/N) Σᵢ ∇ℓᵢ∇ℓᵢᵀ}.
     *
     * @param perExampleLosses the N per-example losses as a 1-D variable of length N
     */
    public static LinearOperator empiricalFisher(Function<Map<String, Variable>, Variable> perExampleLosses, Map<String, Tensor> params) {
        ParameterVector layout = ParameterVector.of(params);
        int p = layout.size();
        double[][] grads;
        try (NoGrad scope = NoGrad.enableGrad()) {
            Map<String, Variable> vars = new LinkedHashMap<>();
            for (Map.Entry<String, Tensor> e : params.entrySet()) vars.put(e.getKey(), Variable.parameter(e.getKey(), e.getValue()));
            Variable[] xs = vars.values().toArray(new Variable[0]);
            Variable l = perExampleLosses.apply(vars);
            if (l.dim() != 1) throw new IllegalArgumentException("Curvature.empiricalFisher: need a 1-D vector of per-example losses, got shape " + java.util.Arrays.toString(l.shape()));
            int n = l.size(0);
            grads = new double[n][];
            for (int i = 0; i < n; i++) {
                Tensor seed = Tensor.zeros(l.value().dtype(), n);
                seed.setAt(1, i);
                Variable[] g = Autodiff.gradients(l, Variable.constant(seed), false, xs);
                Map<String, Tensor> gm = new LinkedHashMap<>();
                int k = 0;
                for (String name : vars.keySet()) gm.put(name, g[k++].value());
                grads[i] = layout.flatten(gm).toDoubleArray();
            }
        }
        int n = grads.length;
        return LinearOperator.symmetric(p, layout.dtype(), v -> {
            double[] vv = v.toDoubleArray();
            double[] out = new double[p];
            for (double[] gi : grads) Run.axpy(Run.dot(gi, vv) / n, gi, out);
            return Tensor.of(out).to(layout.dtype());
        });
    }

    /** The module's trainable parameters as tensors (the point the operators are taken at). */
    public static Map<String, Tensor> parameters(Module net) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Variable> e : net.trainableParameters().entrySet()) out.put(e.getKey(), e.getValue().value());
        return out;
    }
}
