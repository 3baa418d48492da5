package io.vecgrad.experiments.papers;

import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import java.io.IOException;
import java.util.List;

/**
 * P59 LV-HBA (Yao, Yu, Zeng and Zhang, ICLR 2024): the authors' toy with lower-level coupled
 * constraints (LLC), exactly as in github.com/SUSTech-Optimization/LV-HBA
 * {@code Toy-example/LLC/LV-HBA.py}. With {@code x ∈ R^n}, {@code y = (y1, y2) ∈ R^{2n}}, 1 = ones:
 * <ul>
 *   <li>upper {@code F(x, y) = ½‖x − y2‖² + ½‖y1 − 1‖²} (the code's {@code F_x = x − B y},
 *       {@code F_y = Aᵀ(Ay − 1) − Bᵀ(x − By)});</li>
 *   <li>lower {@code f(x, y) = ½‖y1‖² − xᵀy1 + 1ᵀy2} (the code's {@code f_x = −Ay},
 *       {@code f_y = AᵀAy − Aᵀx + Bᵀ1});</li>
 *   <li>one coupled constraint {@code g(x, y) = 1ᵀx + 1ᵀy}; the code clips its multiplier λ and
 *       the proximal centre z to [−u, u], so g acts as an equality (its solution multiplier is
 *       λ* = −1), and projects (x, y) onto {@code 1ᵀx + 1ᵀy = 0} after each step. θ is not
 *       projected. Known solution {@code x* = −0.3·1}, {@code y1* = 0.7·1}, {@code y2* = −0.4·1}.</li>
 * </ul>
 * Iteration and defaults as the code: α = 0.008, β = 0.02, η = 0.01, γ1 = γ2 = 10, u = 1000,
 * {@code c_k = 0.025 (k+1)^0.3}, λ₀ = 1, z₀ = −1, 1500 iterations ({@code fun(1500)}); the
 * initialisation x = y = 10·1, θ = 1 projected the code's way (x = −20·1, y = 10·1, θ = 10·1).
 * The loop is a line-by-line transcription of the script on double arrays (the library's
 * {@code optim.bilevel.LvHba} clips λ to [0, U], the paper's λ ≥ 0, and so cannot represent this
 * toy, whose multiplier is negative).
 *
 * <p>Claim and threshold (fixed before the full run): at the paper's dimension n = 100, with the
 * code's defaults and its 1500 iterations, {@code ‖x − x*‖/‖x*‖ ≤ 1e-2} and the final iterate is
 * feasible, {@code |1ᵀx + 1ᵀy| ≤ 1e-6}. Reported, not judged: the same at n ∈ {1, 5, 10, 20, 50}
 * and the error after 10⁵ iterations at n = 10 and n = 100.
 */
public final class P59LvHbaToy extends PaperExperiment {
    public P59LvHbaToy() {
        super("p59-lv-hba-toy", List.of("P59"),
                "P59 LV-HBA on the authors' LLC toy (lower-level coupled constraint, x* = -0.3), the code's defaults and 1500 iterations",
                Experiments.params("n", 100, "iterations", 1500));
    }

    @Override
    public String claim() {
        return "LV-HBA with the code's defaults converges to the known solution x* = -0.3*1 of the LLC toy, with a feasible final iterate";
    }

    @Override
    public String threshold() {
        return "n = 100, 1500 iterations, the code's defaults and initialisation: ||x - x*||/||x*|| <= 1e-2 and |1'x + 1'y| <= 1e-6 at the last iterate";
    }

    /** The code's hyper-parameters. */
    public record Config(double alpha, double beta, double eta, double gamma1, double gamma2, double u, double c0, double power,
                         double lambda0, double z0) {
        public static Config code() {
            return new Config(0.008, 0.02, 0.01, 10, 10, 1000, 0.025, 0.3, 1, -1);
        }
    }

    /** Final state of a run: relative error of x, its minimum over the run, |g(x, y)|, λ, z and the curve. */
    public record Run(double relError, double minRelError, double violation, double lambda, double z, double[] curve) {}

    /** The script's {@code fun(iterations)} at dimension n; {@code curve[k]} = relative error after step k+1. */
    public static Run run(int n, int iterations, Config c) {
        double[] x = new double[n], y = new double[2 * n], th = new double[2 * n];
        java.util.Arrays.fill(x, 10);
        java.util.Arrays.fill(y, 10);
        java.util.Arrays.fill(th, 1);
        double sx = sum(x), sy = sum(y);
        for (int i = 0; i < n; i++) x[i] -= (sx + sy) / n;            // proj1(x, sum(y))
        sx = sum(x);
        double shiftY = (sum(y) + sx) / (2 * n);
        for (int i = 0; i < 2 * n; i++) y[i] -= shiftY;                // proj1(y, sum(x))
        double shiftT = (sum(th) + sx) / (2 * n);
        for (int i = 0; i < 2 * n; i++) th[i] -= shiftT;               // proj1(theta, sum(x))
        double lambda = c.lambda0(), z = c.z0();
        double[] curve = new double[iterations];
        double min = Double.POSITIVE_INFINITY;
        double xOptNorm = 0.3 * Math.sqrt(n);
        double[] d1 = new double[n], d2 = new double[2 * n], w = new double[3 * n];
        for (int k = 0; k < iterations; k++) {
            double ck = c.c0() * Math.pow(k + 1, c.power());
            // d4_0 = f_y(x, θ) + λ g_y + (θ − y)/γ1; d4_1 = −g(x, θ) + (λ − z)/γ2 (old θ, old λ)
            double gTheta = sum(x) + sum(th);
            double d41 = -gTheta + (lambda - z) / c.gamma2();
            for (int i = 0; i < 2 * n; i++) {
                double fy = i < n ? th[i] - x[i] : 1;
                th[i] -= c.eta() * (fy + lambda + (th[i] - y[i]) / c.gamma1());
            }
            lambda = clip(lambda - c.eta() * d41, c.u());
            // d1 = F_x/ck + f_x(x, y) − f_x(x, θ) − λ g_x; d2 = F_y/ck + f_y(x, y) − (y − θ)/γ1
            for (int i = 0; i < n; i++) d1[i] = (x[i] - y[n + i]) / ck - y[i] + th[i] - lambda;
            for (int i = 0; i < n; i++) d2[i] = (y[i] - 1) / ck + (y[i] - x[i]) - (y[i] - th[i]) / c.gamma1();
            for (int i = 0; i < n; i++) d2[n + i] = -(x[i] - y[n + i]) / ck + 1 - (y[n + i] - th[n + i]) / c.gamma1();
            for (int i = 0; i < n; i++) w[i] = x[i] - c.alpha() * d1[i];
            for (int i = 0; i < 2 * n; i++) w[n + i] = y[i] - c.alpha() * d2[i];
            double mean = sum(w) / w.length;
            for (int i = 0; i < w.length; i++) w[i] -= mean;              // w − sum(w)/len(w)
            double s = sum(w);
            for (int i = 0; i < w.length; i++) w[i] -= s;                 // w − (e3ᵀw) e3
            System.arraycopy(w, 0, x, 0, n);
            System.arraycopy(w, n, y, 0, 2 * n);
            z = clip(z + c.beta() * (lambda - z) / c.gamma2(), c.u());     // z − β d3, d3 = −(λ − z)/γ2
            double err = 0;
            for (int i = 0; i < n; i++) err += (x[i] + 0.3) * (x[i] + 0.3);
            curve[k] = Math.sqrt(err) / xOptNorm;
            min = Math.min(min, curve[k]);
        }
        double rel = iterations == 0 ? Double.NaN : curve[iterations - 1];
        return new Run(rel, min, Math.abs(sum(x) + sum(y)), lambda, z, curve);
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double v : a) s += v;
        return s;
    }

    private static double clip(double v, double u) {
        return v < -u ? -u : Math.min(v, u);
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws IOException {
        boolean quick = ctx.quick();
        int n = quick ? 10 : p.getInt("n");
        int iterations = quick ? 200 : p.getInt("iterations");
        Outcome o = new Outcome();
        Config c = Config.code();
        o.line("LLC toy (authors' Toy-example/LLC/LV-HBA.py), code defaults: alpha 0.008, beta 0.02, eta 0.01, gamma1 = gamma2 = 10, u = 1000, c_k = 0.025 (k+1)^0.3, lambda0 = 1, z0 = -1");
        Run main = run(n, iterations, c);
        o.line(String.format("n = %d, %d iterations: ||x - x*||/||x*|| = %.4g (min over the run %.4g), |1'x + 1'y| = %.3g, lambda = %.4g, z = %.4g",
                n, iterations, main.relError(), main.minRelError(), main.violation(), main.lambda(), main.z()));
        o.figure("rel_error", main.relError());
        o.figure("min_rel_error", main.minRelError());
        o.figure("violation", main.violation());
        o.figure("lambda", main.lambda());
        o.figure("z", main.z());
        for (int k = 0; k < iterations; k++) {
            if (k % 10 == 9 || k == iterations - 1) o.row("p59-curve", "iteration,rel_error", k + 1, main.curve()[k]);
        }
        int[] dims = quick ? new int[] {1, 5} : new int[] {1, 5, 10, 20, 50, 100};
        int[] lengths = quick ? new int[] {iterations} : new int[] {iterations, 100_000};
        for (int d : dims) {
            for (int len : lengths) {
                if (len > iterations && d != 10 && d != 100) continue;
                Run r = run(d, len, c);
                o.row("p59-sweep", "n,iterations,rel_error,min_rel_error,violation,lambda,z", d, len, r.relError(), r.minRelError(),
                        r.violation(), r.lambda(), r.z());
                o.line(String.format("  reported: n = %d, %d iterations: rel error %.4g (min %.4g), |g| %.3g, lambda %.4g, z %.4g",
                        d, len, r.relError(), r.minRelError(), r.violation(), r.lambda(), r.z()));
            }
        }
        o.check(String.format("||x - x*||/||x*|| = %.4g <= 1e-2 (n = %d, %d iterations)", main.relError(), n, iterations), main.relError() <= 1e-2);
        o.check(String.format("|1'x + 1'y| = %.3g <= 1e-6", main.violation()), main.violation() <= 1e-6);
        return o.toResult(ctx.dir());
    }
}
