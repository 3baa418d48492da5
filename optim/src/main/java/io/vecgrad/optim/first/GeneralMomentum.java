package io.vecgrad.optim.first;

import io.vecgrad.optim.LeafTransform;
import io.vecgrad.optim.State;
import io.vecgrad.tensor.Tensor;
import java.util.Map;
import java.util.function.LongToDoubleFunction;

/**
 * P01 general stochastic momentum algorithm (Barakat, Bianchi, Hachem and Schechtman,
 * "Stochastic optimization with momentum: convergence, fluctuations, and traps avoidance",
 * EJS 2021, arXiv:2012.04002): a noisy Euler discretisation of
 * {@code v' = p·S − q·v, m' = h·∇F − r·m, x' = −m/(ε + sqrt v)}. With n the 0-based step
 * index and G the gradient:
 *
 * <pre>
 * v_{n+1} = v_n + γ_{n+1}·(p_n·G² − q_n·v_n)
 * m_{n+1} = m_n + γ_{n+1}·(h_n·G  − r_n·m_n)
 * x_{n+1} = x_n − γ_{n+1}·m_{n+1}/(ε + sqrt(v_{n+1}))
 * </pre>
 *
 * The spec marks the discrete iteration [reconstructed]; this code follows it with the
 * Adam-consistent choice of using {@code m_{n+1}, v_{n+1}} in the x-update. Instances:
 * {@link #adam} (exact Adam with bias correction: {@code h_n = r_n = a/(1−β1^{n+1})},
 * {@code p_n = q_n = b/(1−β2^{n+1})}, a = (1−β1)/γ, b = (1−β2)/γ), {@link #heavyBall}
 * (p = q = 0, ε = 1; equals PyTorch SGD-momentum with lr = γ²h, μ = 1 − γr), {@link #nesterov}
 * (S-NAG: h = 1, r_n = α/(γ(n + α)), i.e. momentum n/(n+α), asymptotically the Su–Boyd–Candès
 * α/t; the extrapolated gradient point is left to the caller) and {@link #rmsprop}. The
 * transformation returns the full signed update (γ included). State: {@code m}, {@code v}.
 *
 * <pre>{@code
 * Optimizer.of(params, GeneralMomentum.adam(1e-3, 0.9, 0.999, 1e-8));
 * }</pre>
 */
public final class GeneralMomentum extends LeafTransform {
    private final LongToDoubleFunction gamma, h, r, p, q;
    private final double eps;

    /** Coefficient callbacks take the 0-based step index n; {@code gamma} gives γ_{n+1}. */
    public GeneralMomentum(LongToDoubleFunction gamma, LongToDoubleFunction h, LongToDoubleFunction r,
                           LongToDoubleFunction p, LongToDoubleFunction q, double eps) {
        super("m", "v");
        this.gamma = gamma;
        this.h = h;
        this.r = r;
        this.p = p;
        this.q = q;
        this.eps = eps;
    }

    /** Adam (bias-corrected) with learning rate γ. */
    public static GeneralMomentum adam(double gamma, double b1, double b2, double eps) {
        double a = (1 - b1) / gamma, b = (1 - b2) / gamma;
        LongToDoubleFunction hr = n -> a / (1 - Math.pow(b1, n + 1));
        LongToDoubleFunction pq = n -> b / (1 - Math.pow(b2, n + 1));
        return new GeneralMomentum(n -> gamma, hr, hr, pq, pq, eps);
    }

    /** Stochastic heavy ball with constant h, r. */
    public static GeneralMomentum heavyBall(double gamma, double h, double r) {
        return new GeneralMomentum(n -> gamma, n -> h, n -> r, n -> 0, n -> 0, 1);
    }

    /** Stochastic Nesterov (S-NAG) with friction α (3 classically). */
    public static GeneralMomentum nesterov(double gamma, double alpha) {
        return new GeneralMomentum(n -> gamma, n -> 1, n -> alpha / (gamma * (n + alpha)), n -> 0, n -> 0, 1);
    }

    /** RMSprop without momentum: p = q = b, h = r = 1/γ (β2 = 1 − bγ). */
    public static GeneralMomentum rmsprop(double gamma, double beta2, double eps) {
        double b = (1 - beta2) / gamma;
        return new GeneralMomentum(n -> gamma, n -> 1 / gamma, n -> 1 / gamma, n -> b, n -> b, eps);
    }

    @Override
    protected Tensor[] leaf(Tensor g, Tensor x, Tensor[] s, Step step) {
        long n = step.t() - 1;
        double gm = gamma.applyAsDouble(n);
        Tensor v = s[1].add(g.mul(g).mul(p.applyAsDouble(n)).sub(s[1].mul(q.applyAsDouble(n))).mul(gm));
        Tensor m = s[0].add(g.mul(h.applyAsDouble(n)).sub(s[0].mul(r.applyAsDouble(n))).mul(gm));
        Tensor u = m.mul(-gm).div(v.sqrt().add(eps));
        return new Tensor[] {u, m, v};
    }

    @Override
    public Map<String, Double> hyperParams(State state) {
        return Map.of("lr", gamma.applyAsDouble(state.count()), "eps", eps);
    }
}
