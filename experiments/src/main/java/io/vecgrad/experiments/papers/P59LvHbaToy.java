package io.vecgrad.experiments.papers;

import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.optim.bilevel.Bilevel;
import io.vecgrad.optim.bilevel.LvHba;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
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
 * It runs the library's {@link LvHba} with {@link LvHba.Config#toyCode()} (λ clipped to [−u, u]
 * as the script does); {@code P59LvHbaToyTest} checks it against a line-by-line transcription of
 * the script on double arrays.
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

    /** Final state of a run: relative error of x, its minimum over the run, |g(x, y)|, λ, z and the curve. */
    public record Run(double relError, double minRelError, double violation, double lambda, double z, double[] curve) {}

    /** The toy as an {@link LvHba.Problem} at dimension n (y = (y1, y2) ∈ R^{2n}). */
    public static LvHba.Problem problem(int n) {
        Bilevel.Objective upper = (x, y) -> x.sub(y.slice(0, n, 2 * n)).square().sum().mul(0.5)
                .add(y.slice(0, 0, n).sub(1).square().sum().mul(0.5));
        Bilevel.Objective lower = (x, y) -> {
            Variable y1 = y.slice(0, 0, n);
            return y1.square().sum().mul(0.5).sub(x.dot(y1)).add(y.slice(0, n, 2 * n).sum());
        };
        LvHba.Constraints g = (x, y) -> x.sum().add(y.sum()).reshape(1);
        return new LvHba.Problem(upper, lower, g, t -> t, P59LvHbaToy::projectOntoHyperplane);
    }

    /** The code's projection onto {@code 1ᵀx + 1ᵀy = 0}: {@code w − mean(w)}, then {@code w − (1ᵀw)·1}. */
    static Tensor[] projectOntoHyperplane(Tensor x, Tensor y) {
        Tensor w = Tensor.concat(0, x, y);
        w = w.sub(w.sum().item() / w.numel());
        w = w.sub(w.sum().item());
        int n = x.numel();
        return new Tensor[] {w.slice(0, 0, n).copy(), w.slice(0, n, w.numel()).copy()};
    }

    /**
     * The script's {@code fun(iterations)} at dimension n through {@link LvHba} with
     * {@link LvHba.Config#toyCode()}; {@code curve[k]} = relative error after step k+1.
     */
    public static Run run(int n, int iterations) {
        LvHba lv = new LvHba(problem(n), LvHba.Config.toyCode());
        // the code's start x = y = 10·1, θ = 1, each projected its way: x = −20·1, y = θ = 10·1
        LvHba.State s = lv.init(Tensor.full(DType.FLOAT64, -20, n), Tensor.full(DType.FLOAT64, 10, 2 * n), 1);
        double[] curve = new double[iterations];
        double min = Double.POSITIVE_INFINITY, xOptNorm = 0.3 * Math.sqrt(n);
        for (int k = 0; k < iterations; k++) {
            s = lv.step(s, null);
            curve[k] = Math.sqrt(s.x().add(0.3).square().sum().item()) / xOptNorm;
            min = Math.min(min, curve[k]);
        }
        double rel = iterations == 0 ? Double.NaN : curve[iterations - 1];
        double violation = Math.abs(s.x().sum().item() + s.y().sum().item());
        return new Run(rel, min, violation, s.lambda().item(), s.z().item(), curve);
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws IOException {
        boolean quick = ctx.quick();
        int n = quick ? 10 : p.getInt("n");
        int iterations = quick ? 200 : p.getInt("iterations");
        Outcome o = new Outcome();
        o.line("LLC toy (authors' Toy-example/LLC/LV-HBA.py), code defaults: alpha 0.008, beta 0.02, eta 0.01, gamma1 = gamma2 = 10, u = 1000, c_k = 0.025 (k+1)^0.3, lambda0 = 1, z0 = -1");
        Run main = run(n, iterations);
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
                Run r = run(d, len);
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
