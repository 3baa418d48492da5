package io.vecgrad.optim.first;

import io.vecgrad.optim.Blocks;
import io.vecgrad.optim.Chain;
import io.vecgrad.optim.ElementwiseTransform;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.State;
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
 * As a chain ({@link io.vecgrad.optim.Blocks}): {@code chain(scaleByGeneralMomentum(γ, h, r, p, q, ε), scaleByLearningRate(γ))}; stages in brackets are
 * left out when unused. The fused path runs the chain in one pass per parameter.
 *
 * <pre>{@code
 * Optimizer.of(params, GeneralMomentum.adam(1e-3, 0.9, 0.999, 1e-8));
 * }</pre>
 */
public final class GeneralMomentum extends Chain {
    /** Coefficient callbacks take the 0-based step index n; {@code gamma} gives γ_{n+1}. */
    public GeneralMomentum(LongToDoubleFunction gamma, LongToDoubleFunction h, LongToDoubleFunction r,
                           LongToDoubleFunction p, LongToDoubleFunction q, double eps) {
        super(scaleByGeneralMomentum(gamma, h, r, p, q, eps), Blocks.scaleByLearningRate(gamma::applyAsDouble));
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

    /** The Euler step of (m, v) and the direction {@code m/(ε + sqrt v)}; follow with the rate γ. */
    public static ElementwiseTransform scaleByGeneralMomentum(LongToDoubleFunction gamma, LongToDoubleFunction h, LongToDoubleFunction r,
                                                              LongToDoubleFunction p, LongToDoubleFunction q, double eps) {
        return new ElementwiseTransform("m", "v") {
            @Override
            protected Rule rule(long t, State previous, Params input) {
                long n = t - 1;
                double gm = gamma.applyAsDouble(n), pn = p.applyAsDouble(n), qn = q.applyAsDouble(n);
                double hn = h.applyAsDouble(n), rn = r.applyAsDouble(n);
                return (g, x, s, i) -> {
                    double v0 = s[1].get(i), m0 = s[0].get(i);
                    double v = s[1].round(v0 + (g * g * pn - v0 * qn) * gm);
                    double m = s[0].round(m0 + (g * hn - m0 * rn) * gm);
                    s[0].set(i, m);
                    s[1].set(i, v);
                    return m / (Math.sqrt(v) + eps);
                };
            }

            @Override
            public Map<String, Double> hyperParams(State state) {
                return Map.of("eps", eps);
            }
        };
    }
}
