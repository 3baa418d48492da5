package io.vecgrad.experiments.papers;

import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.optim.first.Adam;
import io.vecgrad.optim.first.PowerGradient;
import io.vecgrad.optim.first.Sgd;
import java.util.ArrayList;
import java.util.List;

/**
 * P29 power gradient (Baiesi, "Power gradient descent", arXiv:1906.04787): the abstract reports
 * significantly better results for NAG and AMSGrad when each gradient component is replaced by
 * {@code sign(g)|g|^H} — the comparison made here, power-transformed vs plain, same network.
 *
 * <p><b>Setting.</b> Fashion-MNIST (the paper is believed to use MNIST-scale networks; the spec
 * marks its experiments [reconstructed]): first 4,096 training images train, next 1,000 validate,
 * first 2,000 test images test; {@code Classifier.mlp(784, 64)}, batch 64, 10 epochs, seeds 1, 2, 3,
 * each method's setting picked from its grid by seed-1 validation accuracy ({@link GridComparison}).
 * NAG: PyTorch SGD, momentum 0.9, Nesterov, lr {0.01, 0.03, 0.1}; pNAG: the same lrs × H {0.5, 0.7};
 * AMSGrad lr {3e-4, 1e-3, 3e-3}; pAMSGrad: the same lrs × H {0.5, 0.7}.
 *
 * <p><b>Thresholds</b> (fixed before running): for each base X ∈ {NAG, AMSGrad}, pX's mean final
 * test accuracy ≥ X's − 2·sqrt(se² + se²). Whether pX is better beyond that margin (the paper's
 * "significantly better") is reported, together with the training losses.
 *
 * <pre>{@code
 * Outcome o = P29PowerGradient.run(GridComparison.Budget.defaults());
 * }</pre>
 */
public final class P29PowerGradient extends PaperExperiment {
    public P29PowerGradient() {
        super("p29-power-gradient", List.of("P29"), "P29 power-transformed NAG and AMSGrad vs plain NAG and AMSGrad, Fashion-MNIST MLP (grids picked on validation), 3 seeds",
                Experiments.params("seeds", 3, "epochs", 10));
    }

    @Override
    public String claim() {
        return "Replacing each gradient component by sign(g)|g|^H does not hurt, and per the paper improves, NAG and AMSGrad";
    }

    @Override
    public String threshold() {
        return "for X in {NAG, AMSGrad}: mean test accuracy of pX >= X's - 2*sqrt(se^2 + se^2) over the seeds";
    }

    /** Runs the default configuration with {@code seeds} and the other parameters, or the tiny one when {@code ctx.quick()}. The
     * context seed is not used: the seeds are 1…{@code seeds}, part of the experiment's definition. */
    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws java.io.IOException {
        return run(ctx.quick() ? GridComparison.Budget.quick() : GridComparison.Budget.defaults().withRuns(p.getInt("seeds"), p.getInt("epochs"))).toResult(ctx.dir());
    }

    public static Outcome run(GridComparison.Budget c) {
        Outcome o = new Outcome();
        o.line(c.describe("P29"));
        double[] nagLr = {0.01, 0.03, 0.1}, amsLr = {3e-4, 1e-3, 3e-3}, hs = {0.5, 0.7};
        List<GridComparison.Result> r = GridComparison.run(c.setting(),
                List.of(new GridComparison.Method("nag", GridComparison.grid("lr", nagLr, lr -> Sgd.sgd(lr, 0.9, 0, 0, true))),
                        new GridComparison.Method("pnag", powered(nagLr, hs, true)),
                        new GridComparison.Method("amsgrad", GridComparison.grid("lr", amsLr, Adam::amsgrad)),
                        new GridComparison.Method("pamsgrad", powered(amsLr, hs, false))),
                o, "p29-curves");
        for (int k = 0; k < 2; k++) {
            GridComparison.Result base = r.get(2 * k), pow = r.get(2 * k + 1);
            double m = SeedStats.margin(base.testAccuracy(), pow.testAccuracy());
            double dp = pow.testAccuracy().mean() - base.testAccuracy().mean();
            o.check(String.format("%s %.2f %% vs %s %.2f %% test accuracy: needs %s >= %s - %.2f points (%s)", pow.name(), 100 * pow.testAccuracy().mean(),
                    base.name(), 100 * base.testAccuracy().mean(), pow.name(), base.name(), 100 * m,
                    dp > m ? "better beyond the margin" : dp < -m ? "worse beyond the margin" : "no difference beyond the margin"),
                    dp >= -m);
        }
        return o;
    }

    private static List<GridComparison.Candidate> powered(double[] lrs, double[] hs, boolean nag) {
        List<GridComparison.Candidate> g = new ArrayList<>();
        for (double h : hs) {
            for (double lr : lrs) {
                g.add(new GridComparison.Candidate("lr=" + lr + ";H=" + h, () -> make(nag, lr, h)));
            }
        }
        return g;
    }

    private static GradientTransformation make(boolean nag, double lr, double h) {
        return nag ? PowerGradient.pNag(lr, 0.9, h) : PowerGradient.pAmsgrad(lr, h);
    }
}
