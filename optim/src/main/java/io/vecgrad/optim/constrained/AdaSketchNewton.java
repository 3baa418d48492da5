package io.vecgrad.optim.constrained;

import io.vecgrad.optim.constrained.ConstrainedResult.Iterate;
import io.vecgrad.optim.constrained.ConstrainedResult.Reason;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * AdaSketch-Newton (P36; Hong, Na, Mahoney and Kolar, "Constrained Optimization via Exact
 * Augmented Lagrangian and Randomized Iterative Sketching", ICML 2023; reference Julia code
 * IlgeeHong/AdaSketch-Newton, {@code CUTEst/AdaSketchNewtonGV/AdaSketchNewtonGV.jl} and
 * {@code …RK.jl}) for {@code min f(x) s.t. c(x) = 0}, and, with {@link KktSolve#EXACT}, the plain
 * SQP baseline with exact KKT solves ({@link #sqp}). Iteration k:
 *
 * <ol>
 *   <li>evaluate f, ∇f, c, G, H = ∇²_xx L; stop when ‖∇L‖ = ‖(∇_x L, c)‖ ≤ tolerance; stop with
 *       {@link Reason#SINGULAR_JACOBIAN} when ξ_G = λ_min(GGᵀ) &lt; the LICQ threshold (1e-2);
 *   <li>Hessian modification: with Z an orthonormal null-space basis of G (complete QR of Gᵀ),
 *       if λ_min(ZᵀHZ) &lt; threshold then B = H + (ξ_B + ‖H‖_F)·I, else B = H;
 *   <li>ψ = 20·max(‖B‖_F², 1)/(min(ξ_G, 1)·min(ξ_B, 1)), Υ = max(‖G‖_F, ‖H‖_F, 1),
 *       δ_trial = (½ − β)η2/((1 + η1 + η2)Υ²ψ²), δ ← max(min(δ, δ_trial), 1e-6) (Frobenius norms,
 *       as Julia's {@code norm} of a matrix);
 *   <li>solve K z = b, K = [[B, Gᵀ], [G, 0]], b = −∇L, by sketching from z = 0 while
 *       ψ‖K‖_F‖Kz − b‖ &gt; θδ‖b‖ (at most {@code maxSketchSteps} steps), see {@link Sketching};
 *   <li>descent test: if ∇L_ηᵀz &gt; −(η2/2)‖b‖², set η1 ← ν²η1, η2 ← η2/ν, recompute δ_trial,
 *       δ ← max(min(δ/ν⁴, δ_trial), 1e-6) and continue sketching from the current z; accept z
 *       anyway once η1 &gt; 1e8 or η2 &lt; 1e-8;
 *   <li>Armijo: α = 1, halve while L_η(x + αΔx, λ + αΔλ) &gt; L_η(x, λ) + αβ∇L_ηᵀz;
 *   <li>x ← x + αΔx, λ ← λ + αΔλ.
 * </ol>
 *
 * Penalties η1, η2 and δ carry over between iterations, as in the code. Deviations: the merit
 * gradient uses ∇²_xx L in its η2 term (the paper; the code uses ∇²f, see {@link MeritFunction});
 * the first sketch step uses the residual {@code Kz − b = −b} (the code starts from {@code r = b},
 * the opposite sign, so its first projection targets the wrong hyperplane); non-finite trial
 * merits are treated as failed Armijo tests; line searches are capped and failures reported.
 * The exact solve uses LU with partial pivoting and reports {@link Reason#SINGULAR_KKT} when
 * min|U_ii| ≤ N·ε·max|U_ii|.
 *
 * <pre>{@code
 * ConstrainedResult sketched = AdaSketchNewton.solve(problem, AdaSketchOptions.defaults().withSolve(KktSolve.KACZMARZ));
 * ConstrainedResult exact = AdaSketchNewton.sqp(problem, AdaSketchOptions.defaults());
 * System.out.println(sketched.kktFlops() + " vs " + exact.kktFlops());
 * }</pre>
 */
public final class AdaSketchNewton {
    private static final double DELTA_FLOOR = 1e-6;

    /** What a test may observe of each accepted direction (package-private hook). */
    interface Observer {
        void accepted(int k, double[] x, double[] lambda, double[] z, double eta1, double eta2, double meritSlope, double kkt,
                      boolean accurate, boolean safeguard, double alpha);
    }

    private AdaSketchNewton() {}

    /** Solves the problem with the options' KKT solver. */
    public static ConstrainedResult solve(EqualityProblem p, AdaSketchOptions o) {
        return run(p, o, null);
    }

    /** The exact-SQP baseline: the same method with LU solves of the KKT system. */
    public static ConstrainedResult sqp(EqualityProblem p, AdaSketchOptions o) {
        return run(p, o.withSolve(KktSolve.EXACT), null);
    }

    static ConstrainedResult run(EqualityProblem p, AdaSketchOptions o, Observer obs) {
        int n = p.n(), m = p.m(), nn = n + m;
        double[] x = p.x0(), lambda = p.lambda0();
        double eta1 = o.eta1(), eta2 = o.eta2(), delta = o.delta();
        long flops = 0, sketchSteps = 0, evals = 0;
        List<Iterate> hist = new ArrayList<>();
        Rng rng = new Rng(o.seed()).split("adasketch-newton");
        for (int k = 0; ; k++) {
            double f = p.f(x);
            double[] gf = p.gradient(x), c = p.constraints(x), g = p.jacobian(x), h = p.hessianOfLagrangian(x, lambda);
            evals++;
            double[] gl = MeritFunction.lagrangianGradient(gf, g, lambda, n, m);
            double kkt = Math.sqrt(MeritFunction.dot(gl, gl) + MeritFunction.dot(c, c));
            double cn = Math.sqrt(MeritFunction.dot(c, c));
            Iterate rec = new Iterate(k, f, cn, kkt, Double.NaN, eta1, eta2, delta, flops, sketchSteps);
            String where = p.name() + " at iteration " + k;
            if (!Double.isFinite(f) || !finite(gf) || !finite(c) || !finite(g) || !finite(h) || !finite(x) || !finite(lambda)) {
                hist.add(rec);
                return done(x, lambda, k, kkt, flops, sketchSteps, evals, Reason.NON_FINITE,
                        "non-finite " + which(f, gf, c, g, h) + " " + where, hist);
            }
            if (kkt <= o.tolerance()) {
                hist.add(rec);
                return done(x, lambda, k, kkt, flops, sketchSteps, evals, Reason.CONVERGED, "KKT residual " + kkt + " <= " + o.tolerance() + " " + where, hist);
            }
            if (k >= o.maxIterations()) {
                hist.add(rec);
                return done(x, lambda, k, kkt, flops, sketchSteps, evals, Reason.MAX_ITERATIONS, "KKT residual " + kkt + " after " + k + " iterations", hist);
            }
            double xiG = minEig(mulABt(g, g, m, n), m);
            if (!(xiG >= o.licqThreshold())) {
                hist.add(rec);
                return done(x, lambda, k, kkt, flops, sketchSteps, evals, Reason.SINGULAR_JACOBIAN,
                        "constraint Jacobian violates LICQ: lambda_min(G G^T) = " + xiG + " < " + o.licqThreshold() + " " + where
                                + " (dependent or inconsistent constraints)", hist);
            }
            double hNorm = frob(h);
            double shift = needsModification(g, h, n, m, o.reducedHessianThreshold()) ? o.xiB() + hNorm : 0;
            double[] b0 = h.clone();
            for (int j = 0; j < n; j++) b0[j * n + j] += shift;
            double bNorm = frob(b0);
            double psi = 20 * Math.max(bNorm * bNorm, 1) / (Math.min(xiG, 1) * Math.min(o.xiB(), 1));
            double ups = Math.max(Math.max(frob(g), hNorm), 1);
            delta = Math.max(Math.min(delta, deltaTrial(o, eta1, eta2, ups, psi)), DELTA_FLOOR);
            double[] kk = kktMatrix(b0, g, n, m);
            double[] b = new double[nn];
            for (int j = 0; j < n; j++) b[j] = -gl[j];
            for (int i = 0; i < m; i++) b[n + i] = -c[i];
            double bn = Math.sqrt(MeritFunction.dot(b, b));
            double kNorm = frob(kk);
            double[] z = new double[nn];
            double[] r;
            Sketching sk = null;
            if (o.solve() == KktSolve.EXACT) {
                try {
                    z = exactSolve(kk, b, nn);
                } catch (SingularKkt e) {
                    hist.add(rec);
                    return done(x, lambda, k, kkt, flops, sketchSteps, evals, Reason.SINGULAR_KKT, "KKT matrix singular " + where + ": " + e.getMessage(), hist);
                }
                flops += 2L * nn * nn * nn / 3 + 2L * nn * nn;
                r = residual(kk, z, b, nn);
            } else {
                sk = new Sketching(kk, nn, o.solve() == KktSolve.GAUSSIAN ? Sketching.Kind.GAUSSIAN : Sketching.Kind.KACZMARZ, rng.split(k));
                r = new double[nn];
                for (int i = 0; i < nn; i++) r[i] = -b[i];
            }
            double[] gm;
            double slope;
            boolean safeguard = false, accurate;
            while (true) {
                if (sk != null) {
                    long t = 0;
                    while (psi * kNorm * norm(r) > o.theta() * delta * bn && t < o.maxSketchSteps()) {
                        sk.step(z, r, b);
                        t++;
                    }
                }
                accurate = psi * kNorm * norm(r) <= o.theta() * delta * bn;
                gm = MeritFunction.gradient(gl, c, g, h, n, m, eta1, eta2);
                slope = MeritFunction.dot(gm, z);
                if (eta1 > 1e8 || eta2 < 1e-8) {
                    safeguard = true;
                    break;
                }
                if (slope > -(eta2 / 2) * bn * bn) {
                    eta1 *= o.nu() * o.nu();
                    eta2 /= o.nu();
                    double dt = deltaTrial(o, eta1, eta2, ups, psi);
                    delta = Math.max(Math.min(delta / Math.pow(o.nu(), 4), dt), DELTA_FLOOR);
                } else {
                    break;
                }
            }
            if (sk != null) {
                flops += sk.flops();
                sketchSteps += sk.steps();
            }
            double merit = MeritFunction.value(f, c, gl, lambda, eta1, eta2);
            double alpha = 1;
            int halvings = 0;
            double[] xt = new double[n], lt = new double[m];
            while (true) {
                for (int j = 0; j < n; j++) xt[j] = x[j] + alpha * z[j];
                for (int i = 0; i < m; i++) lt[i] = lambda[i] + alpha * z[n + i];
                double trial = MeritFunction.value(p, xt, lt, eta1, eta2);
                evals++;
                if (Double.isFinite(trial) && trial <= merit + alpha * o.beta() * slope) break;
                if (++halvings > o.maxHalvings()) {
                    hist.add(rec);
                    return done(x, lambda, k, kkt, flops, sketchSteps, evals, Reason.LINE_SEARCH_FAILED,
                            "no Armijo step after " + o.maxHalvings() + " halvings " + where + " (directional derivative " + slope + ")", hist);
                }
                alpha /= 2;
            }
            if (obs != null) obs.accepted(k, x.clone(), lambda.clone(), z.clone(), eta1, eta2, slope, kkt, accurate, safeguard, alpha);
            hist.add(new Iterate(k, f, cn, kkt, alpha, eta1, eta2, delta, flops, sketchSteps));
            x = xt.clone();
            lambda = lt.clone();
        }
    }

    private static double deltaTrial(AdaSketchOptions o, double eta1, double eta2, double ups, double psi) {
        return (0.5 - o.beta()) * eta2 / ((1 + eta1 + eta2) * ups * ups * psi * psi);
    }

    /** λ_min(ZᵀHZ) &lt; threshold, Z the last n − m columns of the complete Q of Gᵀ (false when m ≥ n). */
    static boolean needsModification(double[] g, double[] h, int n, int m, double threshold) {
        if (m >= n) return false;
        double[] gt = new double[n * m];
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) gt[j * m + i] = g[i * n + j];
        double[] q = Linalg.qr(Tensor.of(gt, n, m), true).q().contiguous().toDoubleArray();
        int r = n - m;
        double[] hz = new double[n * r];
        for (int a = 0; a < n; a++) {
            for (int col = 0; col < r; col++) {
                double s = 0;
                for (int k = 0; k < n; k++) s += h[a * n + k] * q[k * n + m + col];
                hz[a * r + col] = s;
            }
        }
        double[] red = new double[r * r];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < r; j++) {
                double s = 0;
                for (int a = 0; a < n; a++) s += q[a * n + m + i] * hz[a * r + j];
                red[i * r + j] = s;
            }
        }
        for (int i = 0; i < r; i++) for (int j = 0; j < i; j++) red[i * r + j] = red[j * r + i] = 0.5 * (red[i * r + j] + red[j * r + i]);
        return minEig(red, r) < threshold;
    }

    static double[] kktMatrix(double[] bm, double[] g, int n, int m) {
        int nn = n + m;
        double[] k = new double[nn * nn];
        for (int i = 0; i < n; i++) System.arraycopy(bm, i * n, k, i * nn, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                k[(n + i) * nn + j] = g[i * n + j];
                k[j * nn + n + i] = g[i * n + j];
            }
        }
        return k;
    }

    private static final class SingularKkt extends Exception {
        SingularKkt(String m) {
            super(m);
        }
    }

    private static double[] exactSolve(double[] k, double[] b, int nn) throws SingularKkt {
        Linalg.LuFactors lu = Linalg.lu(Tensor.of(k.clone(), nn, nn));
        double[] u = lu.lu().contiguous().toDoubleArray();
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (int i = 0; i < nn; i++) {
            double d = Math.abs(u[i * nn + i]);
            lo = Math.min(lo, d);
            hi = Math.max(hi, d);
        }
        if (!(lo > nn * Math.ulp(1.0) * hi)) throw new SingularKkt("min |U_ii| = " + lo + ", max |U_ii| = " + hi + " (N = " + nn + ")");
        return Linalg.solve(Tensor.of(k.clone(), nn, nn), Tensor.of(b.clone(), nn)).contiguous().toDoubleArray();
    }

    static double[] residual(double[] k, double[] z, double[] b, int nn) {
        double[] r = new double[nn];
        for (int i = 0; i < nn; i++) {
            double s = -b[i];
            for (int j = 0; j < nn; j++) s += k[i * nn + j] * z[j];
            r[i] = s;
        }
        return r;
    }

    private static double[] mulABt(double[] a, double[] b, int rows, int cols) {
        double[] out = new double[rows * rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < rows; j++) {
                double s = 0;
                for (int k = 0; k < cols; k++) s += a[i * cols + k] * b[j * cols + k];
                out[i * rows + j] = s;
            }
        }
        return out;
    }

    static double minEig(double[] sym, int n) {
        if (!finite(sym)) return Double.NaN;
        return Linalg.eigvalsh(Tensor.of(sym.clone(), n, n)).toDoubleArray()[0];
    }

    static double frob(double[] a) {
        return norm(a);
    }

    static double norm(double[] a) {
        return Math.sqrt(MeritFunction.dot(a, a));
    }

    private static boolean finite(double[] a) {
        for (double v : a) if (!Double.isFinite(v)) return false;
        return true;
    }

    private static String which(double f, double[] gf, double[] c, double[] g, double[] h) {
        if (!Double.isFinite(f)) return "objective f = " + f;
        if (!finite(gf)) return "gradient";
        if (!finite(c)) return "constraint values";
        if (!finite(g)) return "constraint Jacobian";
        if (!finite(h)) return "Hessian of the Lagrangian";
        return "iterate";
    }

    private static ConstrainedResult done(double[] x, double[] lambda, int k, double kkt, long flops, long steps, long evals, Reason reason,
                                          String message, List<Iterate> hist) {
        return new ConstrainedResult(x.clone(), lambda.clone(), k, kkt, flops, steps, evals, reason, message, hist);
    }
}
