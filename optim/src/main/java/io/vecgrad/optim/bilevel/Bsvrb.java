package io.vecgrad.optim.bilevel;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * BSVRB (P43; Hu, Qiu, Guo, Zhang and Yang, "Blockwise Stochastic Variance-Reduced Methods with
 * Parallel Speedup for Multi-Block Bilevel Optimization", ICML 2023) for
 * {@code min_x (1/m) Σ_i f_i(x, y_i*(x))}, {@code y_i*(x) = argmin_y g_i(x, y)}, each g_i strongly
 * convex. Each iteration samples I of the m blocks (without replacement) and one mini-batch per
 * sampled block, evaluated at the current and the previous iterate (MSVR/STORM differences).
 *
 * <p>Rules [verified: code, github.com/quanqihu/BSVRB_ICML2023 {@code Hyperparameter_Optimization/HO/main.py}]
 * unless marked:
 * <ul>
 *   <li>{@code s_i ← MSVR(∇_y g_i)} ({@link Msvr}, α = 0.9, γ = 1);
 *   <li>v1 (Hessian tracking, small dim y): {@code H_i ← Π(MSVR(H_yy g_i))} formed densely
 *       (dim y HVPs), where Π projects onto {@code {H ⪰ μI}} by clipping the eigenvalues of the
 *       symmetric part [reconstructed: the paper's projection; the code's Frobenius rescaling
 *       scales small matrices up and is not followed]; {@code G_i = ∇_x f_i − J_i H_i⁻¹ ∇_y f_i}
 *       with the dense {@code J_i = H_xy g_i} and, as in the code, the H_i held at the start of the
 *       iteration; lower step {@code y_i ← y_i − τ s_i} on every block with a tracked s_i (as the
 *       code does: unsampled blocks keep moving along their stale s_i, so v1 needs I close to m or
 *       a small τ);
 *   <li>v2 (HVP tracking): {@code u_i ← MSVR(H_yy g_i v_i − ∇_y f_i)},
 *       {@code v_i ← Π_{‖v‖≤V}(v_i − τ_v dc_i u_i)}, {@code y_i ← y_i − τ dc_i s_i} on the sampled
 *       blocks, {@code dc_i} = 1 + iterations since block i was last sampled (the code's delay
 *       compensation); {@code G_i = ∇_x f_i − H_xy g_i v_i} (one mixed product);
 *   <li>STORM on the outer gradient {@code z ← (1−β)(z − Ḡ(x_{t−1})) + Ḡ(x_t)}, Ḡ the mean of
 *       G_i over the sampled blocks, the previous-point term with every block's (y, v, H) as they
 *       were at the start of the previous iteration (the code's {@code w_0, v_0, H_0});
 *       {@code x ← x − η z}.
 * </ul>
 * Defaults (HO experiment) [verified: code]: I = 10, η = 1e-3, τ = 0.5 (v1) / 1 (v2), τ_v = 1,
 * α = 0.9, γ = 1, β = 0.9, V = 10; μ = 1e-5 (the lower-level ridge, the curvature bound that the
 * projection keeps). Unsampled blocks keep (s_i, u_i, v_i, H_i) unchanged. Same seed → same bits.
 */
public final class Bsvrb {
    /** Which tracking: v1 keeps dense Hessians, v2 keeps adjoint vectors. */
    public enum Variant { V1_HESSIAN, V2_HVP }

    /** m blocks, each with an upper f_i and a lower g_i evaluated on a mini-batch drawn by the stream. */
    public interface Problem {
        int blocks();

        Bilevel.Objective upper(int block, Rng batch);

        Bilevel.Objective lower(int block, Rng batch);
    }

    public record Config(Variant variant, int blocksPerIteration, double outerLr, double tau, double tauV,
                         double alpha, double gamma, double beta, double vBound, double mu, long seed) {
        /** The HO defaults of the given variant. */
        public static Config defaults(Variant v) {
            return new Config(v, 10, 1e-3, v == Variant.V1_HESSIAN ? 0.5 : 1.0, 1.0, 0.9, 1.0, 0.9, 10, 1e-5, 0);
        }

        public Config with(int blocksPerIteration, double outerLr, double tau, double tauV) {
            return new Config(variant, blocksPerIteration, outerLr, tau, tauV, alpha, gamma, beta, vBound, mu, seed);
        }

        public Config withMsvr(double a, double g) {
            return new Config(variant, blocksPerIteration, outerLr, tau, tauV, a, g, beta, vBound, mu, seed);
        }

        public Config withSeed(long s) {
            return new Config(variant, blocksPerIteration, outerLr, tau, tauV, alpha, gamma, beta, vBound, mu, s);
        }
    }

    private final Problem problem;
    private final Config cfg;
    private final int m;
    private Tensor x, xPrev, z;
    private final Tensor[] y, s, u, v, h;
    private Tensor[] yPrev, vPrev, hPrev;                 // block states at the start of the previous iteration
    private final int[] delay;
    private int t;
    private long gradients, hvps;
    private Tensor lastGradient;

    public Bsvrb(Problem problem, Config cfg, Tensor x0, Tensor[] y0) {
        if (y0.length != problem.blocks()) throw new IllegalArgumentException("Bsvrb: " + y0.length + " initial y for " + problem.blocks() + " blocks");
        if (cfg.blocksPerIteration() < 1 || cfg.blocksPerIteration() > problem.blocks()) {
            throw new IllegalArgumentException("Bsvrb: need 1 ≤ I ≤ m = " + problem.blocks() + ", got I = " + cfg.blocksPerIteration());
        }
        this.problem = problem;
        this.cfg = cfg;
        this.m = problem.blocks();
        this.x = x0.copy();
        this.xPrev = x;
        this.y = y0.clone();
        this.yPrev = y0.clone();
        this.hPrev = new Tensor[problem.blocks()];
        this.s = new Tensor[m];
        this.u = new Tensor[m];
        this.v = new Tensor[m];
        this.vPrev = new Tensor[m];
        this.h = new Tensor[m];
        this.delay = new int[m];
        for (int i = 0; i < m; i++) {
            v[i] = Tensor.zeros(y0[i].dtype(), y0[i].shape());
            vPrev[i] = v[i];
            delay[i] = 1;
        }
    }

    /** Starts the v2 adjoints v_i from the given vectors (default 0). */
    public Bsvrb startAdjoints(Tensor[] v0) {
        for (int i = 0; i < m; i++) {
            v[i] = v0[i];
            vPrev[i] = v0[i];
        }
        return this;
    }

    public Tensor x() { return x; }
    public Tensor y(int i) { return y[i]; }
    public Tensor v(int i) { return v[i]; }
    public Tensor u(int i) { return u[i]; }
    public Tensor s(int i) { return s[i]; }
    public Tensor hessian(int i) { return h[i]; }
    public Tensor lastGradient() { return lastGradient; }
    public long gradients() { return gradients; }
    public long hvps() { return hvps; }

    /** Runs {@code iterations} steps; the listener gets Ḡ's norm and the counts (objectives are not evaluated: NaN). */
    public BilevelSolver.Result run(int iterations, BilevelListener listener) {
        List<BilevelSolver.Step> history = new ArrayList<>();
        for (int k = 0; k < iterations; k++) {
            int[] sampled = step();
            BilevelSolver.Step rec = new BilevelSolver.Step(t - 1, Double.NaN, Double.NaN, Bilevel.norm(lastGradient), sampled.length > 0, gradients, hvps, x);
            history.add(rec);
            listener.onStep(rec);
        }
        return new BilevelSolver.Result(x, y[0], history);
    }

    /** One iteration; returns the sampled blocks. */
    public int[] step() {
        Rng rng = new Rng(cfg.seed()).split(t);
        int[] sampled = sample(rng.split("blocks"));
        Tensor gNow = null, gPrev = null;
        Tensor[] yStart = y.clone(), vStart = v.clone(), hStart = h.clone();
        boolean[] isSampled = new boolean[m];
        for (int i : sampled) {
            isSampled[i] = true;
            Rng b = rng.split(i);
            Bilevel.Objective gi = problem.lower(i, b.split("g")), fi = problem.upper(i, b.split("f"));
            Linearization now = Linearization.gradientOf(gi, x, y[i]);
            Linearization prev = Linearization.gradientOf(gi, xPrev, yPrev[i]);
            s[i] = Msvr.update(s[i], now.value(), prev.value(), cfg.alpha(), cfg.gamma());
            Tensor[] dfNow = Bilevel.partials(fi, x, y[i]), dfPrev = Bilevel.partials(fi, xPrev, yPrev[i]);
            gradients += 4;
            Tensor[] blockG = cfg.variant() == Variant.V2_HVP ? hvpTracking(i, now, prev, dfNow, dfPrev) : hessianTracking(i, now, prev, dfNow, dfPrev);
            gNow = gNow == null ? blockG[0] : gNow.add(blockG[0]);
            gPrev = gPrev == null ? blockG[1] : gPrev.add(blockG[1]);
        }
        gNow = gNow.div(sampled.length);
        gPrev = gPrev.div(sampled.length);
        z = z == null ? gNow : z.sub(gPrev).mul(1 - cfg.beta()).add(gNow);
        lastGradient = gNow;
        // lower-level steps
        for (int i = 0; i < m; i++) {
            boolean move = cfg.variant() == Variant.V2_HVP ? isSampled[i] : s[i] != null;
            if (move) y[i] = y[i].sub(s[i].mul(cfg.tau() * (cfg.variant() == Variant.V2_HVP ? delay[i] : 1)));
        }
        for (int i = 0; i < m; i++) delay[i] = isSampled[i] ? 1 : delay[i] + 1;
        yPrev = yStart;
        vPrev = vStart;
        hPrev = hStart;
        xPrev = x;
        x = x.sub(z.mul(cfg.outerLr()));
        t++;
        return sampled;
    }

    /** v2: MSVR on the residual {@code H v − ∇_y f}, projected v-step; returns {G_i(now), G_i(prev)}. */
    private Tensor[] hvpTracking(int i, Linearization now, Linearization prev, Tensor[] dfNow, Tensor[] dfPrev) {
        Tensor[] pNow = now.vjpXY(v[i]), pPrev = prev.vjpXY(vPrev[i]);
        hvps += 2;
        u[i] = Msvr.update(u[i], pNow[1].sub(dfNow[1]), pPrev[1].sub(dfPrev[1]), cfg.alpha(), cfg.gamma());
        Tensor[] g = {dfNow[0].sub(pNow[0]), dfPrev[0].sub(pPrev[0])};
        Tensor next = v[i].sub(u[i].mul(cfg.tauV() * delay[i]));
        double n = Bilevel.norm(next);
        v[i] = n <= cfg.vBound() ? next : next.mul(cfg.vBound() / n);
        return g;
    }

    /** v1: MSVR on the dense Hessian, projected onto {H ⪰ μI}; returns {G_i(now), G_i(prev)}. */
    private Tensor[] hessianTracking(int i, Linearization now, Linearization prev, Tensor[] dfNow, Tensor[] dfPrev) {
        Tensor[] dNow = dense(now), dPrev = dense(prev);       // {H_yy, J = H_xy} as matrices
        // as the code: G(now) uses H at the start of this iteration, G(prev) H at the start of the previous one
        Tensor before = h[i] == null ? projectPsd(dNow[0], cfg.mu()) : h[i];
        Tensor older = hPrev[i] == null ? before : hPrev[i];
        h[i] = projectPsd(Msvr.update(h[i], dNow[0], dPrev[0], cfg.alpha(), cfg.gamma()), cfg.mu());
        return new Tensor[] {blockGradient(dfNow, dNow[1], before), blockGradient(dfPrev, dPrev[1], older)};
    }

    /** {@code ∇_x f − J H⁻¹ ∇_y f} with J as a (dim x × dim y) matrix. */
    static Tensor blockGradient(Tensor[] df, Tensor jac, Tensor hess) {
        int n = hess.shape()[0];
        Tensor w = Linalg.solve(hess, df[1].to(DType.FLOAT64).reshape(n));
        return df[0].sub(jac.matmul(w).to(df[0].dtype()).reshape(df[0].shape()));
    }

    /** {H_yy (n×n), H_xy (dim x × n)} column by column: n second-order passes. */
    private Tensor[] dense(Linearization lin) {
        Tensor y0 = lin.value();
        int n = y0.numel(), dx = x.numel();
        double[] hm = new double[n * n], jm = new double[dx * n];
        for (int k = 0; k < n; k++) {
            double[] e = new double[n];
            e[k] = 1;
            Tensor[] col = lin.vjpXY(Tensor.of(e, n).to(y0.dtype()).reshape(y0.shape()));
            double[] hc = col[1].to(DType.FLOAT64).reshape(n).toDoubleArray(), jc = col[0].to(DType.FLOAT64).reshape(dx).toDoubleArray();
            for (int r = 0; r < n; r++) hm[r * n + k] = hc[r];
            for (int r = 0; r < dx; r++) jm[r * n + k] = jc[r];
        }
        hvps += n;
        return new Tensor[] {Tensor.of(hm, n, n), Tensor.of(jm, dx, n)};
    }

    /** The nearest (Frobenius) symmetric matrix with eigenvalues ≥ μ: symmetrize, clip the spectrum. */
    public static Tensor projectPsd(Tensor a, double mu) {
        Tensor sym = a.add(a.mT()).mul(0.5);
        Linalg.Eigh e = Linalg.eigh(sym);
        Tensor vals = e.values().maximum(mu);
        return e.vectors().mul(vals.reshape(1, vals.numel())).matmul(e.vectors().mT());
    }

    private int[] sample(Rng rng) {
        Tensor perm = rng.permutation(m);
        int[] out = new int[cfg.blocksPerIteration()];
        for (int k = 0; k < out.length; k++) out[k] = (int) perm.get(k);
        java.util.Arrays.sort(out);
        return out;
    }
}
