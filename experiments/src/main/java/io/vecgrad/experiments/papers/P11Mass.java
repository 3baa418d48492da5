package io.vecgrad.experiments.papers;

import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import java.util.List;
import java.util.Map;
import io.vecgrad.datasets.synthetic.OverparameterizedLinear;
import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.first.Mass;
import io.vecgrad.optim.first.Sgd;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.SymmetricEigen;
import io.vecgrad.tensor.random.Rng;
import java.util.Arrays;

/**
 * P11 (Liu, Belkin, ICLR 2020) in the paper's own setting: noiseless over-parameterized linear
 * regression (n ≤ d, {@link OverparameterizedLinear}, no bias), square loss
 * {@code f(w) = (1/2n)·Σ (x_iᵀw − y_i)²}, mini-batch SGD with a small batch m (default 1) drawn
 * with replacement, and every hyper-parameter taken from the theory (first-order.md § P11):
 * {@code L1 = max‖x_i‖²}, {@code L = λmax(H)}, {@code μ} = smallest non-zero eigenvalue of
 * {@code H = XᵀX/n} (computed exactly from the n×n Gram matrix), {@code κ̃} = the smallest c with
 * {@code E[(xᵀH⁺x)·xxᵀ] ≼ cH}, which equals n here because every {@code x_iᵀH⁺x_i = n} when X has
 * full row rank; then {@code L1(m), κ_m, κ̃_m} (these mini-batch formulas are [reconstructed] in the
 * spec), {@code η1 = 1/L1(m)}, {@code α = 1/sqrt(κ_m κ̃_m)},
 * {@code γ = (1−α)/(1+α)}, {@code η2 = η1(1 − 1/κ̃_m)/(1+α)}. SGD uses η1; Nesterov SGD uses the same
 * η1 and γ (η2 = 0, PyTorch's nesterov=true); MaSS uses (η1, η2, γ).
 *
 * <p>Thresholds, fixed before running: (a) acceleration — the median over seeds of MaSS's final
 * loss (relative to the initial loss) is below SGD's and below Nesterov's (a diverged run counts as
 * +∞); (b) divergence — at that same step size η1, Nesterov diverges (non-finite, or final loss above
 * the initial loss) in a majority of seeds while SGD and MaSS converge (final loss below 1e-3 of the
 * initial loss) in every seed. The paper (Section 3) proves that Nesterov SGD may diverge at step
 * sizes where SGD converges, using a low-dimensional Gaussian example; this experiment checks the
 * same statement on the regression problem itself, with Nesterov given MaSS's own η1 and γ. Five
 * seeds (data and batch order both change) and medians, because single stochastic runs are noisy.
 */
public final class P11Mass extends PaperExperiment {
    private static final double CONVERGED = 1e-3;

    public P11Mass(String id, List<String> papers, String description, Map<String, ?> defaults) {
        super(id, papers, description, defaults);
    }

    @Override
    public String threshold() {
        return "(a) median final/initial loss of MaSS below both SGD and Nesterov; (b) Nesterov diverges in a majority of seeds while SGD and MaSS reach < 1e-3 of the initial loss in every seed";
    }

    @Override
    public String claim() {
        return "P11: over-parameterized linear regression, batch m, theory hyper-parameters (eta1 = 1/L1(m),"
                + " alpha = 1/sqrt(kappa_m kappa~_m)); (a) median final loss of MaSS < SGD and < Nesterov (same eta1,"
                + " gamma); (b) at that eta1 Nesterov diverges in most seeds while SGD and MaSS reach < 1e-3 of the"
                + " initial loss in every seed";
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws Exception {
        boolean quick = ctx.quick();
        int n = quick ? p.getInt("n") / 2 : p.getInt("n");
        int d = quick ? p.getInt("d") / 2 : p.getInt("d");
        int m = p.getInt("batch");
        int steps = quick ? p.getInt("steps") * 3 / 10 : p.getInt("steps");
        int seeds = quick ? 3 : p.getInt("seeds");
        double[][] rel = new double[3][seeds];
        double gamma = 0;
        double eta1 = 0;
        double kappaM = 0;
        for (int s = 0; s < seeds; s++) {
            long seed = ctx.seed() * 1000 + s;
            OverparameterizedLinear data = OverparameterizedLinear.generate(n, d, p.getDouble("decay"), seed);
            Problem pr = new Problem(data.x().toDoubleArray(), data.y().toDoubleArray(), n, d);
            Theory th = Theory.of(pr, m);
            gamma = th.gamma;
            eta1 = th.eta1;
            kappaM = th.kappaM;
            GradientTransformation[] opts = {Sgd.gradientDescent(th.eta1), Sgd.sgd(th.eta1, th.gamma, 0, 0, true),
                    Mass.of(th.eta1, th.eta2, th.gamma)};
            for (int k = 0; k < 3; k++) {
                Rng rng = new Rng(seed).split("p11-batches");
                rel[k][s] = pr.train(opts[k], m, steps, rng) / pr.loss(new double[d]);
            }
        }
        double sgd = median(rel[0]);
        double nes = median(rel[1]);
        double mass = median(rel[2]);
        long nesDiverged = Arrays.stream(rel[1]).filter(v -> !(v <= 1)).count();
        boolean othersConverge = Arrays.stream(rel[0]).allMatch(v -> v < CONVERGED)
                && Arrays.stream(rel[2]).allMatch(v -> v < CONVERGED);
        boolean faster = mass < sgd && mass < nes;
        boolean diverges = nesDiverged * 2 > seeds && othersConverge;
        String text = String.format("n=%d, d=%d, m=%d, %d steps, %d seeds (last: eta1=1/L1(m)=%.4g, kappa_m=%.4g,"
                        + " kappa~_m=n/m+(m-1)/m, gamma=%.4f): median final loss / initial: SGD %s, Nesterov %s, MaSS %s;"
                        + " Nesterov diverged in %d/%d seeds; SGD and MaSS below %.0e in every seed: %s", n, d, m, steps,
                seeds, eta1, kappaM, gamma, Runs.sci(sgd), Runs.sci(nes), Runs.sci(mass), nesDiverged, seeds,
                CONVERGED, othersConverge);
        return new ExperimentResult(text, faster && diverges, Map.of("sgd_median_relative_loss", sgd,
                "nesterov_median_relative_loss", nes, "mass_median_relative_loss", mass,
                "nesterov_diverged_seeds", (double) nesDiverged, "seeds", (double) seeds), List.of());
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int h = s.length / 2;
        return s.length % 2 == 1 ? s[h] : (s[h - 1] + s[h]) / 2;
    }

    /** Least squares without bias, gradients in plain arrays so only the optimizer is under test. */
    private record Problem(double[] x, double[] y, int n, int d) {
        double loss(double[] w) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double r = residual(w, i);
                sum += r * r;
            }
            return sum / (2 * n);
        }

        double residual(double[] w, int i) {
            double r = -y[i];
            for (int j = 0; j < d; j++) r += x[i * d + j] * w[j];
            return r;
        }

        /** Final training loss after {@code steps} mini-batch steps from w = 0; +∞ once it blows up. */
        double train(GradientTransformation transform, int m, int steps, Rng rng) {
            Tensor w = Tensor.zeros(DType.FLOAT64, d);
            Optimizer opt = Optimizer.of(io.vecgrad.optim.Params.of("w", w), transform);
            double[] g = new double[d];
            for (int t = 0; t < steps; t++) {
                double[] wv = w.toDoubleArray();
                Arrays.fill(g, 0);
                for (int b = 0; b < m; b++) {
                    int i = rng.nextInt(n);
                    double r = residual(wv, i) / m;
                    for (int j = 0; j < d; j++) g[j] += r * x[i * d + j];
                }
                opt.step(io.vecgrad.optim.Params.of("w", Tensor.wrap(g.clone(), d)));
                if (t % 100 == 0 && !(Math.abs(wv[0]) < 1e100 && Double.isFinite(loss(wv)))) return Double.POSITIVE_INFINITY;
            }
            double l = loss(w.toDoubleArray());
            return Double.isFinite(l) ? l : Double.POSITIVE_INFINITY;
        }
    }

    /** The paper's constants for batch size m (first-order.md § P11, "Hyper-parameters from the theory"). */
    private record Theory(double eta1, double eta2, double gamma, double kappaM) {
        static Theory of(Problem pr, int m) {
            int n = pr.n;
            int d = pr.d;
            double l1 = 0;
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < d; j++) s += pr.x[i * d + j] * pr.x[i * d + j];
                l1 = Math.max(l1, s);
            }
            // The non-zero eigenvalues of H = XᵀX/n are those of the Gram matrix XXᵀ/n.
            double[][] gram = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < n; k++) {
                    double s = 0;
                    for (int j = 0; j < d; j++) s += pr.x[i * d + j] * pr.x[k * d + j];
                    gram[i][k] = s / n;
                }
            }
            double[] ev = SymmetricEigen.values(gram);
            double big = ev[ev.length - 1];
            double mu = Arrays.stream(ev).filter(v -> v > 1e-12 * big).min().orElseThrow();
            if (ev[0] <= 1e-12 * big) throw new IllegalStateException("p11-mass: X is not of full row rank, kappa~ != n");
            double kTilde = n;
            double l1m = l1 / m + (m - 1.0) / m * big;
            double kappaM = l1m / mu;
            double kTildeM = kTilde / m + (m - 1.0) / m;
            double alpha = 1 / Math.sqrt(kappaM * kTildeM);
            double eta1 = 1 / l1m;
            return new Theory(eta1, eta1 * (1 - 1 / kTildeM) / (1 + alpha), (1 - alpha) / (1 + alpha), kappaM);
        }
    }
}
