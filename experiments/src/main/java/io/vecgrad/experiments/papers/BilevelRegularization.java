package io.vecgrad.experiments.papers;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.datasets.io.Csv;
import io.vecgrad.datasets.real.SklearnData;
import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.optim.bilevel.Bilevel;
import io.vecgrad.optim.bilevel.BilevelSolver;
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
 * Regularization tuning by implicit differentiation: L2-regularised logistic regression on
 * scikit-learn's breast-cancer data (569 × 30, features standardised with training statistics;
 * a seeded split into 300 train, 134 validation, 135 test), inner problem
 * {@code min_w mean BCE_train(w) + ½ e^x ‖w‖²} solved by Newton–CG to ‖∇‖ ≤ 1e-10 and warm
 * started, outer problem {@code min_x BCE_val(w*(x))} with AID-CG hypergradients and Adam
 * (lr 0.1) from x = log λ = 0 for 150 iterations. Compared with a grid search over log λ in
 * {−12, −11.75, …, 2} (57 values).
 *
 * <p><b>Threshold</b> (fixed before running): the hypergradient run ends with a validation loss
 * at most 1e-4 above the grid's best and a log λ within 0.5 (two grid steps) of the grid's argmin.
 */
public final class BilevelRegularization extends PaperExperiment {
    public BilevelRegularization() {
        super("bilevel-regularization", List.of("baseline"), "Hypergradient descent on log λ of L2 logistic regression (breast cancer) vs grid search",
                Experiments.params("iterations", 150, "seed", 1));
    }

    @Override
    public String claim() {
        return "Hypergradient descent on log λ (implicit differentiation, AID-CG) converges to the λ a grid search picks by validation loss";
    }

    @Override
    public String threshold() {
        return "val loss(λ_hyper) <= min over the grid + 1e-4 and |log λ_hyper - log λ_grid| <= 0.5";
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws IOException {
        return run(ctx.quick() ? 20 : p.getInt("iterations"), p.getInt("seed"), ctx.quick()).toResult(ctx.dir());
    }

    /** The split data: train/val/test features (with a bias column) and 0/1 labels, float64. */
    record Split(Tensor xTr, Tensor yTr, Tensor xVal, Tensor yVal, Tensor xTe, Tensor yTe) {}

    static Split load(long seed) throws IOException {
        Csv.Table t = SklearnData.breastCancer();
        Tensor x = t.features().to(DType.FLOAT64), y = t.labels().to(DType.FLOAT64);
        int n = x.size(0);
        Tensor perm = new Rng(seed).split("split").permutation(n);
        Tensor xs = x.indexSelect(0, perm), ys = y.indexSelect(0, perm);
        Tensor tr = xs.slice(0, 0, 300);
        Tensor mean = tr.mean(new int[] {0}, true), std = tr.std(new int[] {0}, true, 0).add(1e-12);
        Tensor z = xs.sub(mean).div(std);
        z = Tensor.concat(1, z, Tensor.ones(DType.FLOAT64, n, 1));
        return new Split(z.slice(0, 0, 300), ys.slice(0, 0, 300), z.slice(0, 300, 434), ys.slice(0, 300, 434), z.slice(0, 434, n), ys.slice(0, 434, n));
    }

    static Variable bce(Tensor x, Tensor y, Variable w) {
        Variable z = Variable.constant(x).matmul(w);
        return z.softplus().sub(z.mul(Variable.constant(y))).mean();
    }

    static double accuracy(Tensor x, Tensor y, Tensor w) {
        return x.matmul(w).gt(0).to(DType.FLOAT64).eq(y).to(DType.FLOAT64).mean().item();
    }

    public static Outcome run(int iterations, long seed, boolean quick) throws IOException {
        Split s = load(seed);
        int d = s.xTr().size(1);
        Bilevel.Objective g = (logLam, w) -> bce(s.xTr(), s.yTr(), w).add(w.square().sum().mul(logLam.exp()).mul(0.5));
        Bilevel.Objective f = (logLam, w) -> bce(s.xVal(), s.yVal(), w);
        ImplicitDiff.InnerSolver newton = InnerSolvers.newton(g, 1e-10, 100);
        Outcome o = new Outcome().line("breast cancer: 300 train / 134 val / 135 test, 30 standardised features + bias, split seed " + seed);
        // grid search
        double bestLoss = Double.POSITIVE_INFINITY, bestLog = Double.NaN;
        Tensor w = Tensor.zeros(DType.FLOAT64, d);
        int points = quick ? 15 : 57;
        double step = quick ? 1.0 : 0.25;
        for (int k = 0; k < points; k++) {
            double lg = -12 + step * k;
            ImplicitDiff.InnerSolution sol = newton.solve(Tensor.scalar(DType.FLOAT64, lg), w);
            w = sol.y();
            double val = f.apply(Variable.constant(Tensor.scalar(DType.FLOAT64, lg)), Variable.constant(w)).item();
            o.row("grid", "log_lambda,val_loss,converged", lg, val, sol.converged());
            if (val < bestLoss) {
                bestLoss = val;
                bestLog = lg;
            }
        }
        // hypergradient descent
        BilevelSolver.Result r = BilevelSolver.builder()
                .outer(Adam.adam(0.1))
                .inner(newton)
                .estimator(Hypergradients.aidCg(SolveOptions.defaults().rtol(1e-10)))
                .iterations(iterations)
                .listener(st -> o.row("hyper", "iteration,log_lambda,val_loss,train_objective,hypergrad_norm,gradients,hvps",
                        st.iteration(), st.x().item(), st.upper(), st.lower(), st.hypergradNorm(), st.gradients(), st.hvps()))
                .build()
                .run(f, g, Tensor.scalar(DType.FLOAT64, 0.0), Tensor.zeros(DType.FLOAT64, d));
        double xh = r.x().item();
        Tensor wh = newton.solve(r.x(), r.y()).y();
        double valH = f.apply(Variable.constant(r.x()), Variable.constant(wh)).item();
        o.figure("log_lambda_hyper", xh).figure("log_lambda_grid", bestLog).figure("val_loss_hyper", valH).figure("val_loss_grid", bestLoss)
                .figure("test_accuracy_hyper", accuracy(s.xTe(), s.yTe(), wh)).figure("hvps", r.last().hvps());
        o.line(String.format("grid: log λ = %.2f, val loss %.6f; hypergradient (%d Adam steps, %d HVPs): log λ = %.3f, val loss %.6f, test accuracy %.3f",
                bestLog, bestLoss, iterations, r.last().hvps(), xh, valH, accuracy(s.xTe(), s.yTe(), wh)));
        o.check(String.format("val loss %.6f <= grid best %.6f + 1e-4", valH, bestLoss), valH <= bestLoss + 1e-4);
        o.check(String.format("|log λ_hyper − log λ_grid| = %.3f <= 0.5", Math.abs(xh - bestLog)), Math.abs(xh - bestLog) <= 0.5);
        return o;
    }
}
