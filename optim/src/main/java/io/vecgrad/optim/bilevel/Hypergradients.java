package io.vecgrad.optim.bilevel;

import io.vecgrad.autodiff.Autodiff;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.iterative.SolveOptions;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The hypergradient estimators of the spec ("Shared: hypergradient machinery"), all behind
 * {@link HypergradientEstimator}. With {@code n = dim y}:
 *
 * <table>
 *   <caption>cost per estimate</caption>
 *   <tr><th>estimator</th><th>gradients</th><th>HVPs / VJPs</th><th>memory</th></tr>
 *   <tr><td>{@link #aid(AdjointSolver)} / {@link #aidCg}</td><td>1 (∇f) + 1 (∇_y g graph)</td><td>CG iterations + 1 (H_xy w)</td><td>O(n) + one graph of ∇_y g</td></tr>
 *   <tr><td>{@link #aidNeumann}</td><td>2</td><td>K + 1 (residual) + 1 (H_xy w)</td><td>O(n) + one graph</td></tr>
 *   <tr><td>{@link #fixedPoint}</td><td>1</td><td>K + 1 VJPs of T + 1 (∂_x T)ᵀ w</td><td>O(n) + one graph of T</td></tr>
 *   <tr><td>{@link #itdReverse}</td><td>K + 1</td><td>K' (each gives H_xy a and H_yy a in one pass)</td><td>O(K'·n) iterates</td></tr>
 *   <tr><td>{@link #itdForward}</td><td>K + 1</td><td>K·dim(x) JVPs</td><td>O(dim x · n) tangents</td></tr>
 *   <tr><td>{@link StochasticNeumann}</td><td>1</td><td>Q mini-batch HVPs (q ~ U{0..Q} with random truncation) + 1</td><td>O(n)</td></tr>
 *   <tr><td>{@link SobaTracking}</td><td>1 + 1 graph</td><td>1 (H_xy z and H_yy z from one backward)</td><td>O(n) state z</td></tr>
 *   <tr><td>{@link #darts}</td><td>4 (ξ &gt; 0) or 1 (ξ = 0)</td><td>0 (finite differences)</td><td>O(n)</td></tr>
 * </table>
 *
 * AID estimators assume y is the inner minimizer; their {@link Hypergradient#converged()} flags
 * an adjoint solve that missed its tolerance ({@link Hypergradient#orThrow()} turns it into an
 * exception).
 */
public final class Hypergradients {
    private Hypergradients() {}

    /**
     * Implicit differentiation: {@code ∇Φ = ∇_x f − H_xy w} with {@code H_yy w = ∇_y f} solved
     * by the given adjoint solver. {@code aid(AdjointSolver.dense())} is the exact AID for small y.
     */
    public static HypergradientEstimator aid(AdjointSolver solver) {
        return (f, g, x, y) -> {
            Tensor[] df = Bilevel.partials(f, x, y);
            Linearization lin = Linearization.gradientOf(g, x, y);
            AdjointSolver.Result r = solver.solve(lin::vjpY, df[1]);
            Tensor grad = df[0].sub(lin.vjpX(r.w()));
            return new Hypergradient(grad, y, 2, lin.products(), r.converged(), r.residual(), "aid-" + solver.name());
        };
    }

    /** AID-CG: CG on HVPs (Betty {@code type="cg"}; {@code cg_iterations} ↔ {@code maxIter}). */
    public static HypergradientEstimator aidCg(SolveOptions options) {
        return aid(AdjointSolver.cg(options));
    }

    /**
     * AID-Neumann (deterministic): {@code H⁻¹ ≈ α Σ_{k=0}^{K} (I − αH)^k}, valid for 0 &lt; α &lt; 2/L
     * (Betty {@code type="neumann"}, {@code neumann_iterations} = K, {@code neumann_alpha} = α).
     * Converged when the adjoint residual is ≤ tol·‖∇_y f‖ (pass +∞ for Betty's fixed-K behaviour).
     */
    public static HypergradientEstimator aidNeumann(int terms, double alpha, double tol) {
        return aid(AdjointSolver.neumann(terms, alpha, tol));
    }

    /**
     * Fixed-point AID for an inner solution characterised by {@code y = T(y, x)} (for example
     * one step of the inner optimizer): {@code ∇Φ = ∇_x f + (∂_x T)ᵀ w},
     * {@code w ← (∂_y T)ᵀ w + ∇_y f} iterated K times (one VJP of T each). T must be a
     * contraction in y near y. Converged when {@code ‖(I − ∂_y T)ᵀ w − ∇_y f‖ ≤ tol·‖∇_y f‖}.
     */
    public static HypergradientEstimator fixedPoint(ImplicitDiff.Residual t, int iterations, double tol) {
        AdjointSolver neumann = AdjointSolver.neumann(iterations, 1.0, tol);
        ImplicitDiff.Residual fres = (y, x) -> y.sub(t.apply(y, x));
        return (f, g, x, y) -> {
            Tensor[] df = Bilevel.partials(f, x, y);
            Linearization lin = Linearization.of(fres, y, x);
            AdjointSolver.Result r = neumann.solve(lin::vjpY, df[1]);
            Tensor grad = df[0].sub(lin.vjpX(r.w()));           // −(∂_x F)ᵀ w = (∂_x T)ᵀ w
            return new Hypergradient(grad, y, 1, lin.products(), r.converged(), r.residual(), "fixed-point(K=" + iterations + ")");
        };
    }

    /**
     * Fixed-point AID with the gradient-descent map {@code T(y, x) = y − α ∇_y g(x, y)}, whose
     * fixed points are the inner stationary points; a contraction for 0 &lt; α &lt; 2/L.
     */
    public static HypergradientEstimator fixedPointGradientStep(Bilevel.Objective g, double alpha, int iterations, double tol) {
        return fixedPoint((y, x) -> y.sub(Autodiff.gradients(g.apply(x, y), y)[0].mul(alpha)), iterations, tol);
    }

    /**
     * ITD, reverse mode: unroll {@code y_{k+1} = y_k − α ∇_y g(x, y_k)} for k = 0..K−1 from the
     * given y_0, then back-propagate through the last {@code truncation} steps:
     * {@code a = ∇_y f(x, y_K)}, {@code gx = ∇_x f(x, y_K)}; for k = K−1 down to K−K':
     * {@code gx −= α H_xy g(x,y_k)·a}, {@code a −= α H_yy g(x,y_k)·a}. With K' = K this is the
     * exact gradient of {@code Φ_K(x) = f(x, y_K(x))} (what reverse-over-reverse AD of the
     * unrolled loop computes). Cost: K + 1 gradients, K' second-order passes; memory: the last
     * K' iterates (O(K'·dim y)).
     */
    public static HypergradientEstimator itdReverse(int steps, double alpha, int truncation) {
        if (steps < 0 || truncation < 0 || truncation > steps) {
            throw new IllegalArgumentException("itdReverse: need 0 ≤ truncation ≤ steps, got K=" + steps + ", K'=" + truncation);
        }
        return (f, g, x, y0) -> {
            Deque<Tensor> kept = new ArrayDeque<>();
            Tensor y = y0;
            for (int k = 0; k < steps; k++) {
                if (k >= steps - truncation) kept.push(y);
                y = y.sub(Bilevel.partials(g, x, y)[1].mul(alpha));
            }
            Tensor[] df = Bilevel.partials(f, x, y);
            Tensor gx = df[0], a = df[1];
            int hvps = 0;
            while (!kept.isEmpty()) {
                Tensor[] mixed = Linearization.gradientOf(g, x, kept.pop()).vjpXY(a);
                hvps++;
                gx = gx.sub(mixed[0].mul(alpha));
                a = a.sub(mixed[1].mul(alpha));
            }
            return new Hypergradient(gx, y, steps + 1, hvps, true, Double.NaN, "itd-reverse(K=" + steps + ", α=" + alpha + ", K'=" + truncation + ")");
        };
    }

    /**
     * ITD, forward mode: the same unrolled map {@code Φ_K} as {@link #itdReverse} with K' = K,
     * differentiated forward. For each coordinate j of x the tangent {@code z_j = ∂y_k/∂x_j}
     * follows {@code z_j ← z_j − α (H_yy g(x,y_k) z_j + H_yx g(x,y_k) e_j)} from {@code z_j = 0},
     * each step one JVP of {@code (x, y) ↦ ∇_y g} in the direction {@code (e_j, z_j)}; then
     * {@code ∂Φ_K/∂x_j = ∂_x f(x, y_K)_j + ⟨∇_y f(x, y_K), z_j⟩}. Equal to reverse-mode ITD up to
     * rounding. Cost: K + 1 gradients and K·dim(x) JVPs (each a forward and two backward passes,
     * autodiff's double-VJP JVP); memory O(dim x · dim y) for the tangents and nothing per step,
     * so it suits few hyper-parameters and long unrolls.
     */
    public static HypergradientEstimator itdForward(int steps, double alpha) {
        if (steps < 0) throw new IllegalArgumentException("itdForward: need K ≥ 0, got " + steps);
        return (f, g, x, y0) -> {
            int m = x.numel();
            Tensor[] tangents = new Tensor[m];
            Tensor[] directions = new Tensor[m];
            for (int j = 0; j < m; j++) {
                tangents[j] = Tensor.zeros(y0.dtype(), y0.shape());
                double[] e = new double[m];
                e[j] = 1;
                directions[j] = Tensor.of(e, m).to(x.dtype()).reshape(x.shape());
            }
            Tensor y = y0;
            int jvps = 0;
            for (int k = 0; k < steps; k++) {
                Tensor yk = y;
                for (int j = 0; j < m; j++) {
                    Tensor dx = directions[j], dy = tangents[j];
                    // d/ds ∇_y g(x + s·e_j, y_k + s·z_j) at s = 0 = H_yx e_j + H_yy z_j
                    Tensor jv = Autodiff.jvp(s -> {
                        io.vecgrad.autodiff.Variable xs = Variable.constant(x).add(s.mul(Variable.constant(dx)));
                        io.vecgrad.autodiff.Variable ys = Variable.constant(yk).add(s.mul(Variable.constant(dy)));
                        return Autodiff.gradients(g.apply(xs, ys), ys)[0];
                    }, Tensor.scalar(x.dtype(), 0.0), Tensor.scalar(x.dtype(), 1.0))[1];
                    jvps++;
                    tangents[j] = dy.sub(jv.mul(alpha));
                }
                y = y.sub(Bilevel.partials(g, x, y)[1].mul(alpha));
            }
            Tensor[] df = Bilevel.partials(f, x, y);
            double[] grad = df[0].to(DType.FLOAT64).reshape(m).toDoubleArray();
            for (int j = 0; j < m; j++) grad[j] += Bilevel.dot(df[1], tangents[j]);
            Tensor gx = Tensor.of(grad, m).to(x.dtype()).reshape(x.shape());
            return new Hypergradient(gx, y, steps + 1, jvps, true, Double.NaN, "itd-forward(K=" + steps + ", α=" + alpha + ")");
        };
    }

    /**
     * DARTS's finite-difference approximation (Betty {@code type="darts"}): one virtual inner
     * step {@code y' = y − ξ ∇_y g(x, y)}, {@code v = ∇_y f(x, y')}, and
     * {@code ∇Φ ≈ ∇_x f(x, y') − ξ [∇_x g(x, y + εv) − ∇_x g(x, y − εv)] / (2ε)} with
     * {@code ε = epsilonScale / ‖v‖} (Betty's {@code darts_alpha = 0.01}). It approximates the
     * one-step ITD gradient with no second-order products (exact when ∇_x g is linear in y);
     * ξ = 0 gives the first-order {@code ∇_x f(x, y)}. Cost: 4 gradients (1 when ξ = 0); memory O(dim y).
     */
    public static HypergradientEstimator darts(double xi, double epsilonScale) {
        return (f, g, x, y) -> {
            if (xi == 0) {
                return new Hypergradient(Bilevel.partials(f, x, y)[0], y, 1, 0, true, Double.NaN, "darts(ξ=0)");
            }
            Tensor yp = y.sub(Bilevel.partials(g, x, y)[1].mul(xi));
            Tensor[] df = Bilevel.partials(f, x, yp);
            Tensor v = df[1];
            double vn = v.normL2(null, false).item();
            if (vn == 0) return new Hypergradient(df[0], yp, 2, 0, true, Double.NaN, "darts(ξ=" + xi + ")");
            double eps = epsilonScale / vn;
            Tensor gp = Bilevel.partials(g, x, y.add(v.mul(eps)))[0];
            Tensor gm = Bilevel.partials(g, x, y.sub(v.mul(eps)))[0];
            Tensor grad = df[0].sub(gp.sub(gm).mul(xi / (2 * eps)));
            return new Hypergradient(grad, yp, 4, 0, true, Double.NaN, "darts(ξ=" + xi + ", ε=" + epsilonScale + "/‖v‖)");
        };
    }
}
