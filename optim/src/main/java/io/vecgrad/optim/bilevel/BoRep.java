package io.vecgrad.optim.bilevel;

import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * BO-REP (P64; Hao, Gong and Liu, "Bilevel Optimization under Unbounded Smoothness", ICLR 2024):
 * normalized momentum on the upper level, initialization refinement and periodic lower-level
 * updates, with a SOBA-style tracked adjoint z. For stochastic {@code min_x f(x, y*(x))},
 * {@code y*(x) = argmin_y g(x, y)}, g strongly convex in y, f possibly relaxed-smooth in x.
 *
 * <p>Iteration t (spec confidence per rule; code = github.com/MingruiLiu-ML-Lab/
 * Bilevel-Optimization-under-Unbounded-Smoothness, {@code data_cleaning/bo_rep.py},
 * {@code meta_learning/bo_rep.py}):
 * <ol>
 *   <li>Periodic lower-level update [verified: code]: if {@code t mod I == 0}, N SGD steps
 *       {@code y ← Π_{B(R)}(y − γ ∇_y G(x, y; ζ))}; the projection onto the ball of radius R is
 *       from the paper text (the code takes plain steps; R = +∞ here by default).
 *   <li>z-step [verified: code]: {@code z ← z − ν (H_yy G(x,y;ζ) z − ∇_y F(x,y;ξ))}.
 *   <li>Hypergradient [verified: code]: {@code h = ∇_x F(x,y;ξ) − H_xy G(x,y;ζ') z} with the z
 *       just updated, as both reference scripts do (the spec's pseudo-code uses the z before the
 *       update; the difference is one ν-step).
 *   <li>Momentum [verified: code] {@code m ← β m + (1−β) h} and normalized step
 *       {@code x ← x − η m/‖m‖} [verified: paper text]; the code rescales the learning rate by
 *       {@code 1/(‖m‖ + 1e-10)}, we divide by ‖m‖ exactly (no step when m = 0), so every step
 *       has length η.
 *   <li>Initialization refinement before t = 0 [reconstructed: the schedule is not in the
 *       released code]: {@code refineEpochs} epochs of {@code refineSteps} SGD steps on
 *       {@code g(x_0, ·)} with the step size multiplied by 0.2 after each epoch (the code's
 *       StepLR factor). 0 epochs disables it.
 *   <li>z starts at the given z0 (the code draws it Xavier-uniform; 0 by default here).
 * </ol>
 * Cost per iteration: 1 gradient of F, 1 HVP (z-step), 1 mixed product (h), plus N lower-level
 * gradients every I iterations. Memory: x, y, z, m. Same seed → same bits.
 *
 * <pre>{@code
 * BoRep.Config cfg = BoRep.Config.hyperCleaning();
 * BilevelSolver.Result r = new BoRep(cfg).run(fBatches, gBatches, x0, y0, 500, step -> {});
 * }</pre>
 */
public final class BoRep {
    /**
     * @param outerLr η; @param innerLr γ; @param nu ν (z step); @param beta β (momentum);
     * @param interval I; @param innerSteps N; @param radius R of the lower-level ball (+∞: none);
     * @param refineEpochs epochs of the initial refinement; @param refineSteps SGD steps per epoch;
     * @param seed the sampling stream
     */
    public record Config(double outerLr, double innerLr, double nu, double beta, int interval, int innerSteps,
                         double radius, int refineEpochs, int refineSteps, long seed) {
        public Config {
            if (!(outerLr > 0 && innerLr > 0 && nu > 0) || beta < 0 || beta >= 1 || interval < 1 || innerSteps < 0 || refineEpochs < 0 || refineSteps < 0) {
                throw new IllegalArgumentException("BoRep.Config: need η, γ, ν > 0, 0 ≤ β < 1, I ≥ 1, N ≥ 0, got " + this);
            }
        }

        /** The hyper-cleaning defaults [verified: code]: β 0.9, ν 1e-2, I 2, N 10, γ 5e-2, η 5e-2. */
        public static Config hyperCleaning() {
            return new Config(5e-2, 5e-2, 1e-2, 0.9, 2, 10, Double.POSITIVE_INFINITY, 3, 100, 0);
        }

        /** The hyper-representation (meta-learning) defaults [verified: code]: β 0.9, ν 1e-2, I 2, N 3, γ 1e-3, η 1e-2. */
        public static Config metaLearning() {
            return new Config(1e-2, 1e-3, 1e-2, 0.9, 2, 3, Double.POSITIVE_INFINITY, 3, 100, 0);
        }

        public Config withOuterLr(double v) { return new Config(v, innerLr, nu, beta, interval, innerSteps, radius, refineEpochs, refineSteps, seed); }
        public Config withInnerLr(double v) { return new Config(outerLr, v, nu, beta, interval, innerSteps, radius, refineEpochs, refineSteps, seed); }
        public Config withNu(double v) { return new Config(outerLr, innerLr, v, beta, interval, innerSteps, radius, refineEpochs, refineSteps, seed); }
        public Config withRefinement(int epochs, int steps) { return new Config(outerLr, innerLr, nu, beta, interval, innerSteps, radius, epochs, steps, seed); }
        public Config withSeed(long v) { return new Config(outerLr, innerLr, nu, beta, interval, innerSteps, radius, refineEpochs, refineSteps, v); }
    }

    /** The iterate: x, y, tracked adjoint z, momentum m, iteration t and cumulative oracle counts. */
    public record State(Tensor x, Tensor y, Tensor z, Tensor m, int t, long gradients, long hvps) {}

    private final Config cfg;

    public BoRep(Config cfg) {
        this.cfg = cfg;
    }

    public Config config() {
        return cfg;
    }

    /** Refinement (if configured), then {@code iterations} BO-REP steps; one listener call per step. */
    public BilevelSolver.Result run(Bilevel.Sampler f, Bilevel.Sampler g, Tensor x0, Tensor y0, int iterations, BilevelListener listener) {
        Rng rng = new Rng(cfg.seed());
        State s = refine(g, x0, y0, Tensor.zeros(y0.dtype(), y0.shape()), rng.split("refine"));
        List<BilevelSolver.Step> history = new ArrayList<>();
        for (int t = 0; t < iterations; t++) {
            Tensor hOut[] = new Tensor[1];
            State next = step(s, f, g, rng.split(t), hOut);
            Bilevel.Objective fb = f.sample(rng.split("log").split(t)), gb = g.sample(rng.split("log").split(t));
            BilevelSolver.Step rec = new BilevelSolver.Step(t, BilevelSolver.value(fb, s.x(), next.y()), BilevelSolver.value(gb, s.x(), next.y()),
                    Bilevel.norm(hOut[0]), t % cfg.interval() == 0, next.gradients(), next.hvps(), s.x());
            history.add(rec);
            listener.onStep(rec);
            s = next;
        }
        return new BilevelSolver.Result(s.x(), s.y(), history);
    }

    /** Step 0: the initial state after refinement of y on {@code g(x0, ·)}, with z = z0 and m = 0. */
    public State refine(Bilevel.Sampler g, Tensor x0, Tensor y0, Tensor z0, Rng rng) {
        Tensor y = y0;
        double lr = cfg.innerLr();
        long grads = 0;
        for (int e = 0; e < cfg.refineEpochs(); e++, lr *= 0.2) {
            for (int k = 0; k < cfg.refineSteps(); k++) {
                y = project(y.sub(Bilevel.partials(g.sample(rng.split(e).split(k)), x0, y)[1].mul(lr)));
                grads++;
            }
        }
        return new State(x0.copy(), y, z0.copy(), Tensor.zeros(x0.dtype(), x0.shape()), 0, grads, 0);
    }

    /**
     * One BO-REP iteration from s with the stream rng; {@code hOut[0]} (if given) receives the
     * hypergradient estimate h_t.
     */
    public State step(State s, Bilevel.Sampler f, Bilevel.Sampler g, Rng rng, Tensor[] hOut) {
        Tensor x = s.x(), y = s.y();
        long grads = s.gradients(), hvps = s.hvps();
        if (s.t() % cfg.interval() == 0) {
            Rng inner = rng.split("inner");
            for (int k = 0; k < cfg.innerSteps(); k++) {
                y = project(y.sub(Bilevel.partials(g.sample(inner.split(k)), x, y)[1].mul(cfg.innerLr())));
                grads++;
            }
        }
        Bilevel.Objective fb = f.sample(rng.split("xi"));
        Tensor[] df = Bilevel.partials(fb, x, y);
        Tensor z = zStep(g.sample(rng.split("zeta")), x, y, s.z(), df[1], cfg.nu());
        Tensor h = df[0].sub(Bilevel.mixedVjp(g.sample(rng.split("zeta'")), x, y, z));
        grads += 1;
        hvps += 2;
        Tensor m = s.m().mul(cfg.beta()).add(h.mul(1 - cfg.beta()));
        double mn = Bilevel.norm(m);
        Tensor xNext = mn > 0 ? x.sub(m.mul(cfg.outerLr() / mn)) : x;
        if (hOut != null) hOut[0] = h;
        return new State(xNext, y, z, m, s.t() + 1, grads, hvps);
    }

    /** The SOBA z-step {@code z − ν (H_yy g · z − ∇_y f)} (one HVP). */
    public static Tensor zStep(Bilevel.Objective g, Tensor x, Tensor y, Tensor z, Tensor gradYf, double nu) {
        return z.sub(Bilevel.hvpY(g, x, y, z).sub(gradYf).mul(nu));
    }

    private Tensor project(Tensor y) {
        if (cfg.radius() == Double.POSITIVE_INFINITY) return y;
        double n = Bilevel.norm(y);
        return n <= cfg.radius() ? y : y.mul(cfg.radius() / n);
    }
}
