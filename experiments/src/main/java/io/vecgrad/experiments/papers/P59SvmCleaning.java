package io.vecgrad.experiments.papers;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.datasets.io.Csv;
import io.vecgrad.datasets.real.SklearnData;
import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.optim.bilevel.Bilevel;
import io.vecgrad.optim.bilevel.LvHba;
import io.vecgrad.optim.newton.Bfgs;
import io.vecgrad.optim.newton.Objective;
import io.vecgrad.optim.newton.OptimizeResult;
import io.vecgrad.optim.newton.SolverOptions;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;
import io.vecgrad.tensor.random.Rng;
import java.io.IOException;
import java.util.List;

/**
 * P59's real task scaled down: data hyper-cleaning of a linear SVM with LV-HBA, after the
 * authors' {@code Hyperparameter optimization/Data Clean/LV-HBA/LV-HBA.py}
 * (github.com/SUSTech-Optimization/LV-HBA), on scikit-learn's breast-cancer data instead of
 * gisette (which is not shipped here). Upper variable x = C ∈ R^n (one log-weight per training
 * example); lower variable y = (w, b, ξ):
 * <ul>
 *   <li>lower {@code f = ½‖w‖² + ½ Σ e^{C_i} ξ_i²} s.t. the coupled constraints
 *       {@code g_i = 1 − ξ_i − t_i (a_iᵀw + b) ≤ 0} (t_i the possibly corrupted ±1 label);</li>
 *   <li>upper {@code F = Σ_val LeakyReLU(2σ(−5 t_v (a_vᵀw + b)/‖w‖) − 1)} (slope 0.01), the
 *       code's smoothed validation error count;</li>
 *   <li>(x, y) is projected onto {@code C = {g ≤ 0}} after each step (the code calls a QP solver
 *       with loose tolerances; here the exact projection, see {@link #project}).</li>
 * </ul>
 * Settings as the code: α = 0.01, η = 0.01, γ₁ = γ₂ = 10 (the code multiplies by 0.1), the upper
 * gradient scaled by {@code 1/c_k = 1/√(k+1)}, λ₀ = z₀ = 1, start w = 1, b = 0, ξ = 1,
 * C ~ U(−6, −5), 40 % of the training labels flipped. Deviations: the inner step η is set by
 * {@link #saddleStep} because the script's 0.01 diverges on this data (changed after the first
 * full attempt stopped with NaN; no result had been produced); and, each a reading of the paper
 * over the script: the script never moves C (its {@code C.data.add(d1, ...)} is not in place) and never
 * moves z; here both follow the paper's step (β = 0.1), and λ stays ≥ 0. Split per seed: 250
 * train, 100 validation, 219 test, features standardised with training statistics.
 *
 * <p>Claim and threshold (fixed before the full run): over 5 seeds, LV-HBA's final test accuracy
 * beats the same SVM trained on the corrupted labels with uniform weights (C_i = −5.5, the middle
 * of the initial range, solved exactly) by at least 1 point on average, and is at least as good
 * in 4 of the 5 seeds. Reported, not judged: the SVM on the clean labels, the SVM on the validation
 * set alone, and how well the learned weights rank the flipped examples (AUC of −C).
 */
public final class P59SvmCleaning extends PaperExperiment {
    static final int TRAIN = 250, VAL = 100;

    public P59SvmCleaning() {
        super("p59-lv-hba-svm-cleaning", List.of("P59"),
                "P59 LV-HBA on linear-SVM data hyper-cleaning (breast cancer, 40% flipped labels), the authors' Data Clean setting scaled down",
                Experiments.params("seeds", 5, "iterations", 1000, "corruption", 0.4));
    }

    @Override
    public String claim() {
        return "LV-HBA's hyper-cleaned linear SVM reaches a higher test accuracy than the SVM trained on the corrupted labels with uniform weights";
    }

    @Override
    public String threshold() {
        return "5 seeds, 1000 iterations: mean test accuracy(LV-HBA) >= mean test accuracy(uniform SVM) + 0.01, and >= it in at least 4 of 5 seeds";
    }

    /** One seed's data: ±1 labels, corrupted training labels and which of them were flipped. */
    record Data(Tensor aTr, Tensor tTr, Tensor tTrClean, boolean[] flipped, Tensor aVal, Tensor tVal, Tensor aTe, Tensor tTe) {}

    static Data load(long seed, double corruption) throws IOException {
        Csv.Table t = SklearnData.breastCancer();
        Tensor a = t.features().to(DType.FLOAT64), labels = t.labels().to(DType.FLOAT64).mul(2).sub(1);
        int n = a.size(0);
        Rng rng = new Rng(seed);
        Tensor perm = rng.split("split").permutation(n);
        a = a.indexSelect(0, perm);
        labels = labels.indexSelect(0, perm);
        Tensor tr = a.slice(0, 0, TRAIN);
        Tensor z = a.sub(tr.mean(new int[] {0}, true)).div(tr.std(new int[] {0}, true, 0).add(1e-12));
        Tensor clean = labels.slice(0, 0, TRAIN).copy();
        double[] noisy = clean.toDoubleArray();
        boolean[] flipped = new boolean[TRAIN];
        Rng flips = rng.split("corruption");
        for (int i = 0; i < TRAIN; i++) {
            flipped[i] = flips.nextDouble() < corruption;
            if (flipped[i]) noisy[i] = -noisy[i];
        }
        return new Data(z.slice(0, 0, TRAIN).copy(), Tensor.of(noisy, TRAIN), clean, flipped,
                z.slice(0, TRAIN, TRAIN + VAL).copy(), labels.slice(0, TRAIN, TRAIN + VAL).copy(),
                z.slice(0, TRAIN + VAL, n).copy(), labels.slice(0, TRAIN + VAL, n).copy());
    }

    /** The bilevel problem of one seed; y = (w ∈ R^d, b, ξ ∈ R^n). */
    static LvHba.Problem problem(Data s) {
        int d = s.aTr().size(1), n = TRAIN;
        Bilevel.Objective upper = (c, y) -> {
            Variable w = y.slice(0, 0, d), b = y.slice(0, d, d + 1);
            Variable margin = Variable.constant(s.aVal()).matmul(w).add(b).mul(Variable.constant(s.tVal())).div(w.square().sum().sqrt());
            Variable e = margin.mul(-5).sigmoid().mul(2).sub(1);
            return e.relu().sub(e.neg().relu().mul(0.01)).sum();
        };
        Bilevel.Objective lower = (c, y) -> {
            Variable w = y.slice(0, 0, d), xi = y.slice(0, d + 1, d + 1 + n);
            return w.square().sum().mul(0.5).add(c.exp().mul(xi.square()).sum().mul(0.5));
        };
        LvHba.Constraints g = (c, y) -> {
            Variable w = y.slice(0, 0, d), b = y.slice(0, d, d + 1), xi = y.slice(0, d + 1, d + 1 + n);
            return xi.rsub(1).sub(Variable.constant(s.aTr()).matmul(w).add(b).mul(Variable.constant(s.tTr())));
        };
        Tensor nMat = margins(s);   // built once: the projection runs every iteration
        return new LvHba.Problem(upper, lower, g, v -> v, (c, y) -> new Tensor[] {c, project(nMat, y)});
    }

    /**
     * The Euclidean projection of y = (w, b, ξ) onto {@code {ξ_i + t_i (a_iᵀw + b) ≥ 1}}. For fixed
     * v = (w, b) the best ξ is {@code max(ξ⁰_i, 1 − N_i v)} with {@code N_i = t_i (a_i, 1)}, so v
     * minimises the piecewise quadratic {@code ½‖v − v⁰‖² + ½ Σ max(0, 1 − N_i v − ξ⁰_i)²}: a
     * semismooth Newton method with Armijo backtracking solves it (exact up to round-off once the
     * active set settles; {@link io.vecgrad.optim.prox.Halfspaces} computes the same projection by
     * Hildreth's sweeps, far more slowly on these correlated rows).
     */
    static Tensor project(Data s, Tensor y) {
        return project(margins(s), y);
    }

    /** The rows {@code N_i = t_i (a_i, 1)}: {@code N (w, b)} are the training margins. */
    static Tensor margins(Data s) {
        int n = s.aTr().size(0);
        return Tensor.concat(1, s.aTr(), Tensor.ones(DType.FLOAT64, n, 1)).mul(s.tTr().reshape(n, 1));
    }

    /** {@link #project(Data, Tensor)} with the margin rows given. */
    static Tensor project(Tensor nMat, Tensor y) {
        int n = nMat.size(0), d = nMat.size(1) - 1;
        Tensor v0 = y.slice(0, 0, d + 1).copy(), xi0 = y.slice(0, d + 1, d + 1 + n).copy();
        Tensor v = v0;
        for (int it = 0; it < 100; it++) {
            Tensor r = nMat.matmul(v).rsub(1).sub(xi0);
            Tensor active = r.gt(0).to(DType.FLOAT64);
            Tensor grad = v.sub(v0).sub(nMat.transpose(0, 1).matmul(r.maximum(0)));
            if (Math.sqrt(grad.square().sum().item()) <= 1e-10 * (1 + Math.sqrt(v0.square().sum().item()))) return withSlacks(nMat, xi0, v);
            Tensor na = nMat.mul(active.reshape(n, 1));
            Tensor h = na.transpose(0, 1).matmul(na).add(Tensor.eye(DType.FLOAT64, d + 1));
            Tensor step = Linalg.solve(h, grad.reshape(d + 1, 1)).reshape(d + 1).neg();
            double phi = svmPhi(nMat, v0, xi0, v), slope = grad.mul(step).sum().item(), t = 1;
            while (svmPhi(nMat, v0, xi0, v.add(step.mul(t))) > phi + 1e-4 * t * slope && t > 1e-12) t *= 0.5;
            v = v.add(step.mul(t));
            // a full step that keeps the active set lands on the minimiser of this quadratic piece
            if (t == 1 && java.util.Arrays.equals(nMat.matmul(v).rsub(1).sub(xi0).gt(0).to(DType.FLOAT64).toDoubleArray(), active.toDoubleArray())) {
                return withSlacks(nMat, xi0, v);
            }
        }
        throw new IllegalStateException("p59-lv-hba-svm-cleaning: projection onto the SVM constraints not converged in 100 Newton steps");
    }

    private static Tensor withSlacks(Tensor nMat, Tensor xi0, Tensor v) {
        return Tensor.concat(0, v, xi0.maximum(nMat.matmul(v).rsub(1)));
    }

    private static double svmPhi(Tensor nMat, Tensor v0, Tensor xi0, Tensor v) {
        Tensor r = nMat.matmul(v).rsub(1).sub(xi0).maximum(0);
        return 0.5 * v.sub(v0).square().sum().item() + 0.5 * r.square().sum().item();
    }

    /** The code's settings (see the class comment). */
    static LvHba.Config config(Data s) {
        return new LvHba.Config(0.01, 0.1, saddleStep(s, 10, 10), 10, 10, 1e6, 1, 0.5, 1, 1);
    }

    /**
     * The inner step η from the stability condition of simultaneous gradient descent–ascent,
     * {@code η < 2μ/L²}, on the proximal Lagrangian: μ = min(1/γ₁, 1/γ₂) (the prox terms make it
     * strongly convex–concave), L = 1 + max(1/γ₁, 1/γ₂) + ‖J_g‖₂ (f's Hessian in θ has norm
     * max(1, e^C) = 1 while C < 0; J_g is the constraint Jacobian {@code −[t_i(a_i, 1) | e_i]}).
     * Half the bound is taken. The script's η = 0.01 makes θ and λ grow geometrically here (NaN
     * within about 100 iterations), since ‖J_g‖₂ ≈ 90 on 250 standardised examples.
     */
    static double saddleStep(Data s, double gamma1, double gamma2) {
        int d = s.aTr().size(1);
        Tensor nMat = margins(s);
        Tensor gram = nMat.transpose(0, 1).matmul(nMat), v = Tensor.ones(DType.FLOAT64, d + 1);
        double sigma2 = 0;
        for (int k = 0; k < 200; k++) {
            Tensor next = gram.matmul(v);
            sigma2 = Math.sqrt(next.square().sum().item() / v.square().sum().item());
            v = next.div(Math.sqrt(next.square().sum().item()));
        }
        double mu = Math.min(1 / gamma1, 1 / gamma2), lip = 1 + Math.max(1 / gamma1, 1 / gamma2) + Math.sqrt(sigma2 + 1);
        return mu / (lip * lip);
    }

    /** Test accuracy of sign(a w + b). */
    static double accuracy(Tensor a, Tensor t, Tensor w, double b) {
        return a.matmul(w).add(b).mul(t).gt(0).to(DType.FLOAT64).mean().item();
    }

    /**
     * The L2-SVM {@code min ½‖w‖² + ½ e^c Σ max(0, 1 − t_i(a_iᵀw + b))²} (the lower problem with
     * uniform weights, ξ eliminated) by BFGS; returns (w, b).
     */
    static double[] uniformSvm(Tensor a, Tensor t, double c) {
        int d = a.size(1);
        Objective obj = Objective.of(v -> {
            Variable w = v.slice(0, 0, d), b = v.slice(0, d, d + 1);
            Variable hinge = Variable.constant(a).matmul(w).add(b).mul(Variable.constant(t)).rsub(1).relu();
            return w.square().sum().mul(0.5).add(hinge.square().sum().mul(0.5 * Math.exp(c)));
        });
        OptimizeResult r = Bfgs.minimize(obj, new double[d + 1], SolverOptions.defaults());
        return r.x();
    }

    static double auc(double[] score, boolean[] positive) {
        long pairs = 0, wins2 = 0;
        for (int i = 0; i < score.length; i++) {
            if (!positive[i]) continue;
            for (int j = 0; j < score.length; j++) {
                if (positive[j]) continue;
                pairs++;
                wins2 += score[i] > score[j] ? 2 : score[i] == score[j] ? 1 : 0;
            }
        }
        return pairs == 0 ? Double.NaN : wins2 / (2.0 * pairs);
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws IOException {
        boolean quick = ctx.quick();
        int seeds = quick ? 1 : p.getInt("seeds"), iterations = quick ? 30 : p.getInt("iterations");
        double corruption = p.getDouble("corruption");
        Outcome o = new Outcome().line(String.format("breast cancer, %d train (%.0f%% labels flipped) / %d val / %d test, %d LV-HBA iterations, %d seeds",
                TRAIN, 100 * corruption, VAL, 569 - TRAIN - VAL, iterations, seeds));
        double[] lv = new double[seeds], uniform = new double[seeds];
        int atLeast = 0;
        for (int k = 0; k < seeds; k++) {
            long seed = ctx.seed() + k;
            Data s = load(seed, corruption);
            int d = s.aTr().size(1);
            LvHba solver = new LvHba(problem(s), config(s));
            if (k == 0) o.line(String.format("inner step eta = %.3g (GDA stability bound, see saddleStep)", config(s).eta()));
            Tensor c0 = new Rng(seed).split("C").uniform(DType.FLOAT64, -6, -5, TRAIN);
            Tensor y0 = Tensor.concat(0, Tensor.ones(DType.FLOAT64, d), Tensor.zeros(DType.FLOAT64, 1), Tensor.ones(DType.FLOAT64, TRAIN));
            LvHba.State st = solver.init(c0, y0, TRAIN);
            for (int it = 0; it < iterations; it++) {
                st = solver.step(st, null);
                if ((it + 1) % 50 == 0 || it + 1 == iterations) {
                    o.row("p59-svm-curve", "seed,iteration,val_accuracy,test_accuracy", seed, it + 1,
                            accuracy(s.aVal(), s.tVal(), st.y().slice(0, 0, d), st.y().get(d)), accuracy(s.aTe(), s.tTe(), st.y().slice(0, 0, d), st.y().get(d)));
                }
            }
            lv[k] = accuracy(s.aTe(), s.tTe(), st.y().slice(0, 0, d), st.y().get(d));
            double[] u = uniformSvm(s.aTr(), s.tTr(), -5.5), cl = uniformSvm(s.aTr(), s.tTrClean(), -5.5), va = uniformSvm(s.aVal(), s.tVal(), -5.5);
            uniform[k] = accuracy(s.aTe(), s.tTe(), Tensor.of(java.util.Arrays.copyOf(u, d), d), u[d]);
            double clean = accuracy(s.aTe(), s.tTe(), Tensor.of(java.util.Arrays.copyOf(cl, d), d), cl[d]);
            double valOnly = accuracy(s.aTe(), s.tTe(), Tensor.of(java.util.Arrays.copyOf(va, d), d), va[d]);
            double auc = auc(st.x().neg().toDoubleArray(), s.flipped());
            if (lv[k] >= uniform[k]) atLeast++;
            o.row("p59-svm-seeds", "seed,lv_hba,uniform_svm,clean_svm,val_only_svm,flip_auc", seed, lv[k], uniform[k], clean, valOnly, auc);
            o.line(String.format("seed %d: test accuracy LV-HBA %.4f, uniform SVM (corrupted) %.4f; reported: clean-label SVM %.4f, validation-only SVM %.4f, AUC of -C for flipped labels %.3f",
                    seed, lv[k], uniform[k], clean, valOnly, auc));
        }
        SeedStats a = SeedStats.of(lv), b = SeedStats.of(uniform);
        o.figure("test_accuracy_lv_hba", a.mean()).figure("test_accuracy_uniform_svm", b.mean());
        o.line("mean test accuracy: LV-HBA " + a.format(100, 2) + " %, uniform SVM " + b.format(100, 2) + " %");
        o.check(String.format("mean test accuracy LV-HBA %.4f >= uniform SVM %.4f + 0.01", a.mean(), b.mean()), a.mean() >= b.mean() + 0.01);
        int need = Math.min(4, seeds);
        o.check(String.format("LV-HBA >= uniform SVM in %d of %d seeds (need %d)", atLeast, seeds, need), atLeast >= need);
        return o.toResult(ctx.dir());
    }
}
