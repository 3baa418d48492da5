package io.vecgrad.experiments.papers;

import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.optim.first.AdaBelief;
import io.vecgrad.optim.first.Adam;
import io.vecgrad.optim.first.Sgd;
import java.util.List;

/**
 * P56 AdaBelief (Zhuang et al., NeurIPS 2020, arXiv:2010.07468): "fast convergence as in adaptive
 * methods, good generalization as in SGD" (abstract).
 *
 * <p><b>Setting.</b> Fashion-MNIST: first 4,096 training images train, the next 1,000 validate (grid
 * picks), first 2,000 test images test; {@code Classifier.mlp(784, 64)}, batch 64, 10 epochs, seeds
 * 1, 2, 3 ({@link GridComparison}). AdaBelief with the official 0.2.1 defaults (rectify, decoupled
 * decay with λ = 0) and ε = 1e-8, the authors' advice for image classifiers; Adam (β 0.9/0.999,
 * ε 1e-8); SGD with momentum 0.9. Grids: AdaBelief and Adam lr {3e-4, 1e-3, 3e-3} (the paper uses
 * 1e-3 for both), SGD lr {0.01, 0.03, 0.1} (the paper: 0.1).
 *
 * <p><b>Thresholds</b> (fixed before running; margins are 2·sqrt(se² + se²) over seeds):
 * (a) as fast as Adam in training: AdaBelief's mean training loss over epochs ≤ Adam's + margin;
 * (b) generalizes like SGD: AdaBelief's final test accuracy ≥ SGD-momentum's − margin.
 *
 * <pre>{@code
 * Outcome o = P56AdaBelief.run(GridComparison.Budget.defaults());
 * }</pre>
 */
public final class P56AdaBelief extends PaperExperiment {
    public P56AdaBelief() {
        super("p56-adabelief", List.of("P56"), "P56 AdaBelief vs Adam (training speed) and SGD-momentum (generalisation), Fashion-MNIST MLP (grids picked on validation), 3 seeds",
                Experiments.params("seeds", 3, "epochs", 10));
    }

    @Override
    public String claim() {
        return "AdaBelief trains as fast as Adam and generalises like SGD";
    }

    @Override
    public String threshold() {
        return "mean over epochs of AdaBelief's training loss <= Adam's + margin, and AdaBelief's mean test accuracy >= SGD-momentum's - margin; margin = 2*sqrt(se^2 + se^2) over the seeds";
    }

    /** Runs the default configuration with {@code seeds} and the other parameters, or the tiny one when {@code ctx.quick()}. The
     * context seed is not used: the seeds are 1…{@code seeds}, part of the experiment's definition. */
    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws java.io.IOException {
        return run(ctx.quick() ? GridComparison.Budget.quick() : GridComparison.Budget.defaults().withRuns(p.getInt("seeds"), p.getInt("epochs"))).toResult(ctx.dir());
    }

    public static Outcome run(GridComparison.Budget c) {
        Outcome o = new Outcome();
        o.line(c.describe("P56"));
        double[] adaptive = {3e-4, 1e-3, 3e-3};
        List<GridComparison.Result> r = GridComparison.run(c.setting(),
                List.of(new GridComparison.Method("adabelief", GridComparison.grid("lr", adaptive, lr -> AdaBelief.builder().lr(lr).eps(1e-8).build())),
                        new GridComparison.Method("adam", GridComparison.grid("lr", adaptive, Adam::adam)),
                        new GridComparison.Method("sgd-m", GridComparison.grid("lr", new double[] {0.01, 0.03, 0.1}, lr -> Sgd.sgd(lr, 0.9, 0, 0, false)))),
                o, "p56-curves");
        GridComparison.Result belief = r.get(0), adam = r.get(1), sgd = r.get(2);
        double mTrain = SeedStats.margin(belief.meanTrainLoss(), adam.meanTrainLoss());
        o.check(String.format("training speed: AdaBelief mean train loss %.4f <= Adam's %.4f + %.4f", belief.meanTrainLoss().mean(),
                adam.meanTrainLoss().mean(), mTrain), belief.meanTrainLoss().mean() <= adam.meanTrainLoss().mean() + mTrain);
        double mTest = SeedStats.margin(belief.testAccuracy(), sgd.testAccuracy());
        o.check(String.format("generalization: AdaBelief test accuracy %.2f %% >= SGD-momentum's %.2f %% - %.2f points", 100 * belief.testAccuracy().mean(),
                100 * sgd.testAccuracy().mean(), 100 * mTest), belief.testAccuracy().mean() >= sgd.testAccuracy().mean() - mTest);
        return o;
    }
}
