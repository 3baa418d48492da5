package io.vecgrad.experiments.papers;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.optim.bilevel.Bilevel;
import io.vecgrad.optim.bilevel.BilevelListener;
import io.vecgrad.optim.bilevel.BilevelSolver;
import io.vecgrad.optim.bilevel.BoRep;
import io.vecgrad.optim.bilevel.HypergradientEstimator;
import io.vecgrad.optim.bilevel.Hypergradients;
import io.vecgrad.optim.bilevel.ImplicitDiff;
import io.vecgrad.optim.bilevel.InnerSolvers;
import io.vecgrad.optim.first.Adam;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.iterative.SolveOptions;
import io.vecgrad.tensor.random.Rng;
import java.io.IOException;
import java.util.List;

/**
 * Hyper-data cleaning (Franceschi et al. 2017; the canonical bilevel benchmark, also P64's data
 * cleaning task) on Fashion-MNIST: the first {@code train} training images with a fraction
 * {@code noise} of labels replaced by a uniformly drawn other class, the next {@code val} images
 * as a clean validation set, the first 2,000 test images as the test set. Lower level: softmax
 * regression (785 × 10, float64) on the per-example weighted loss
 * {@code g(λ, W) = mean_i σ(λ_i) CE_i(W) + ½·1e-3‖W‖²}; upper level: the validation
 * cross-entropy {@code f(λ, W)}. λ starts at 0 (weights ½).
 *
 * <p>Methods, all with warm-started inner solves and the same iteration budget unless said:
 * <ul>
 *   <li>unweighted: the lower problem with all weights 1 (the corrupted training set as is);
 *   <li>AID-CG: Adam (lr 0.1) on λ, inner L-BFGS (≤ 30 iterations to ‖∇‖ ≤ 1e-5), 20 CG
 *       iterations (rtol 1e-6) on HVPs;
 *   <li>ITD: the same, the hypergradient by reverse-mode unrolling of K = 20 gradient steps of
 *       size 1/L (L = ½ max‖x_i‖² + 1e-3 bounds the inner curvature) from the inner solution;
 *   <li>BO-REP (P64): its hyper-cleaning defaults (β 0.9, ν 1e-2, I 2, N 10) with full-batch
 *       oracles and three scaled settings, fixed before running: γ = 1/L (the code's 5e-2 was
 *       tuned for an RNN and exceeds 2/L here), η = 0.5 (its 5e-2 is a normalized step over 1,000
 *       weights), 4× the iterations (each iteration is cheaper).
 * </ul>
 * After the last outer step every method's W is re-solved at its λ (L-BFGS, ‖∇‖ ≤ 1e-6) and
 * tested. Gradient evaluations and HVPs are counted per method.
 *
 * <p><b>Threshold</b> (fixed before running): AID-CG's test accuracy is at least 2 points above
 * the unweighted model's. ITD and BO-REP are reported against the same baseline, not thresholded.
 */
public final class BilevelHyperCleaning extends PaperExperiment {
    public BilevelHyperCleaning() {
        super("bilevel-hyper-cleaning", List.of("P64", "baseline"), "Hyper-data cleaning on Fashion-MNIST: per-example weights learned on a clean validation set (AID-CG, ITD, BO-REP)",
                Experiments.params("train", 1000, "val", 500, "noise", 0.4, "iterations", 40, "seed", 1));
    }

    @Override
    public String claim() {
        return "Per-example weights learned by bilevel optimization on a clean validation set give a test accuracy clearly above training on the corrupted set without weights";
    }

    @Override
    public String threshold() {
        return "test accuracy(AID-CG weights) >= test accuracy(unweighted) + 2 points";
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws IOException {
        Config c = ctx.quick() ? new Config(120, 60, 0.4, 2, p.getInt("seed"), 200)
                : new Config(p.getInt("train"), p.getInt("val"), p.getDouble("noise"), p.getInt("iterations"), p.getInt("seed"), 2000);
        return run(c).toResult(ctx.dir());
    }

    public record Config(int train, int val, double noise, int iterations, long seed, int test) {}

    record Data(Tensor xTr, Tensor yTr, Tensor yTrClean, Tensor xVal, Tensor yVal, Tensor xTe, Tensor yTe) {}

    static Tensor withBias(Tensor x) {
        Tensor flat = x.reshape(x.size(0), -1).to(DType.FLOAT64);
        return Tensor.concat(1, flat, Tensor.ones(DType.FLOAT64, flat.size(0), 1));
    }

    static Data load(Config c) {
        ImageData d = ImageData.fashion(c.train() + c.val(), c.test());
        Tensor x = withBias(d.train().x()), y = d.train().y();
        long[] labels = new long[c.train()];
        Rng rng = new Rng(c.seed()).split("corrupt");
        for (int i = 0; i < c.train(); i++) {
            long l = (long) y.get(i);
            if (rng.split(i).nextDouble() < c.noise()) l = (l + 1 + rng.split(i).split("class").nextInt(9)) % 10;
            labels[i] = l;
        }
        Tensor noisy = Tensor.of(labels, c.train());
        return new Data(x.slice(0, 0, c.train()), noisy.oneHot(10, DType.FLOAT64), y.slice(0, 0, c.train()),
                x.slice(0, c.train(), c.train() + c.val()), y.slice(0, c.train(), c.train() + c.val()).oneHot(10, DType.FLOAT64),
                withBias(d.test().x()), d.test().y());
    }

    /** Per-example cross-entropy of softmax(XW) against one-hot labels. */
    static Variable perExampleCe(Tensor x, Tensor oneHot, Variable w) {
        return Variable.constant(x).matmul(w).logSoftmax(1).mul(Variable.constant(oneHot)).sum(1).neg();
    }

    static double accuracy(Tensor x, Tensor labels, Tensor w) {
        Tensor pred = x.matmul(w).argmax(1, false);
        return pred.to(DType.FLOAT64).eq(labels.to(DType.FLOAT64)).to(DType.FLOAT64).mean().item();
    }

    public static Outcome run(Config c) {
        Data d = load(c);
        double reg = 1e-3;
        Bilevel.Objective g = (lam, w) -> perExampleCe(d.xTr(), d.yTr(), w).mul(lam.sigmoid()).mean().add(w.square().sum().mul(0.5 * reg));
        Bilevel.Objective f = (lam, w) -> perExampleCe(d.xVal(), d.yVal(), w).mean();
        double maxSq = d.xTr().square().sum(1).max().item();
        double lip = 0.5 * maxSq + reg;
        Tensor w0 = Tensor.zeros(DType.FLOAT64, d.xTr().size(1), 10);
        ImplicitDiff.InnerSolver polish = InnerSolvers.lbfgs(g, 1e-6, 300);
        Outcome o = new Outcome().line(String.format("Fashion-MNIST: %d train (%.0f %% labels corrupted), %d clean validation, %d test; softmax regression, L2 1e-3; seed %d",
                c.train(), 100 * c.noise(), c.val(), c.test(), c.seed()));

        // unweighted baseline: all weights 1 (λ = +∞ in the weighted objective)
        Bilevel.Objective plain = (lam, w) -> perExampleCe(d.xTr(), d.yTr(), w).mean().add(w.square().sum().mul(0.5 * reg));
        long t0 = System.nanoTime();
        Tensor wPlain = InnerSolvers.lbfgs(plain, 1e-6, 300).solve(Tensor.zeros(DType.FLOAT64, 1), w0).y();
        double accPlain = accuracy(d.xTe(), d.yTe(), wPlain);
        o.row("methods", "method,test_accuracy,gradients,hvps,seconds", "unweighted", accPlain, 0, 0, (System.nanoTime() - t0) / 1e9);
        Tensor lam0 = Tensor.zeros(DType.FLOAT64, c.train());

        double accAid = outerLoop(o, "aid-cg", c, f, g, lam0, w0, polish, d,
                Hypergradients.aidCg(SolveOptions.defaults().rtol(1e-6).maxIter(20)), c.iterations());
        double accItd = outerLoop(o, "itd-k20", c, f, g, lam0, w0, polish, d,
                Hypergradients.itdReverse(20, 1 / lip, 20), c.iterations());
        // BO-REP with full-batch oracles
        t0 = System.nanoTime();
        BoRep.Config bc = BoRep.Config.hyperCleaning().withInnerLr(1 / lip).withOuterLr(0.5).withRefinement(1, 30).withSeed(c.seed());
        long start = System.nanoTime();
        BilevelSolver.Result br = new BoRep(bc).run(Bilevel.Sampler.exact(f), Bilevel.Sampler.exact(g), lam0, w0, 4 * c.iterations(),
                logger(o, "bo-rep", start));
        double accBo = finish(o, "bo-rep", br, polish, d, start);

        o.figure("test_accuracy_unweighted", accPlain).figure("test_accuracy_aid_cg", accAid).figure("test_accuracy_itd", accItd).figure("test_accuracy_bo_rep", accBo);
        o.line(String.format("test accuracy: unweighted %.2f %%, AID-CG %.2f %%, ITD %.2f %%, BO-REP %.2f %%", 100 * accPlain, 100 * accAid, 100 * accItd, 100 * accBo));
        o.check(String.format("AID-CG %.2f %% >= unweighted %.2f %% + 2 points", 100 * accAid, 100 * accPlain), accAid >= accPlain + 0.02);
        return o;
    }

    private static double outerLoop(Outcome o, String name, Config c, Bilevel.Objective f, Bilevel.Objective g, Tensor lam0, Tensor w0,
                                    ImplicitDiff.InnerSolver polish, Data d, HypergradientEstimator est, int iterations) {
        long start = System.nanoTime();
        BilevelSolver.Result r = BilevelSolver.builder()
                .outer(Adam.adam(0.1))
                .inner(InnerSolvers.lbfgs(g, 1e-5, 30))
                .estimator(est)
                .iterations(iterations)
                .allowInexact()
                .listener(logger(o, name, start))
                .build()
                .run(f, g, lam0, w0);
        return finish(o, name, r, polish, d, start);
    }

    private static BilevelListener logger(Outcome o, String name, long start) {
        return st -> o.row("curves", "method,iteration,val_loss,train_objective,hypergrad_norm,gradients,hvps,seconds",
                name, st.iteration(), st.upper(), st.lower(), st.hypergradNorm(), st.gradients(), st.hvps(), (System.nanoTime() - start) / 1e9);
    }

    private static double finish(Outcome o, String name, BilevelSolver.Result r, ImplicitDiff.InnerSolver polish, Data d, long start) {
        Tensor w = polish.solve(r.x(), r.y()).y();
        double acc = accuracy(d.xTe(), d.yTe(), w);
        // how well the weights separate corrupted from clean examples
        Tensor weights = r.x().sigmoid();
        Tensor clean = d.yTr().argmax(1, false).to(DType.FLOAT64).eq(d.yTrClean().to(DType.FLOAT64)).to(DType.FLOAT64);
        double meanClean = weights.mul(clean).sum().item() / Math.max(1, clean.sum().item());
        double meanDirty = weights.mul(clean.neg().add(1)).sum().item() / Math.max(1, d.yTr().size(0) - clean.sum().item());
        o.row("methods", "method,test_accuracy,gradients,hvps,seconds", name, acc, r.last().gradients(), r.last().hvps(), (System.nanoTime() - start) / 1e9);
        o.line(String.format("%s: test accuracy %.2f %%, mean weight clean %.3f vs corrupted %.3f, %d gradients, %d HVPs", name, 100 * acc, meanClean, meanDirty,
                r.last().gradients(), r.last().hvps()));
        return acc;
    }
}
