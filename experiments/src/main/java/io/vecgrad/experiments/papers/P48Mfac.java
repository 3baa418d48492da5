package io.vecgrad.experiments.papers;

import io.vecgrad.datasets.Batch;
import io.vecgrad.datasets.DataLoader;
import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.first.Adam;
import io.vecgrad.optim.first.Sgd;
import io.vecgrad.optim.mfac.DynamicIhvp;
import io.vecgrad.optim.mfac.Mfac;
import io.vecgrad.optim.mfac.StaticIhvp;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * P48 M-FAC (Frantar, Kurtic and Alistarh, NeurIPS 2021; code IST-DASLab/M-FAC), two parts scaled
 * to two cores.
 *
 * <p><b>1. IHVP accuracy on a small model.</b> An MLP 64→16→10 on the 8×8 digits (d = 1,210
 * parameters) at initialisation; m = 32 mini-batch gradients (batch 32) fill the window; the
 * static and the dynamic algorithm's products {@code F̂⁻¹x} (damp 1e-5, the code's default) are
 * compared with a dense LU solve of {@code λI + GᵀG/m} for a random x and for the last gradient,
 * and the dynamic window after 2m insertions with a fresh static build from the last m gradients.
 * Criterion (fixed before running): every relative error ≤ 1e-8 (float64).
 *
 * <p><b>2. M-FAC-SGD vs SGD and Adam</b> on the digits MLP 64→64→10 (d = 4,810), batch 32,
 * default 10 epochs, seeds 1…3 (initial weights and batch order shared by the optimizers). Each
 * optimizer runs its reference setting, fixed in advance: SGD lr 0.1 (the code's SGD baseline),
 * Adam lr 1e-3, M-FAC lr 1e-3 and damp 1e-5 (the code's defaults) with a window of m = 64
 * gradients (the README's 512, scaled to the 450 steps of this run), no momentum or weight decay.
 * Criterion (fixed before running): M-FAC's mean final test accuracy ≥ SGD's − margin and
 * ≥ Adam's − margin, margin = 2·sqrt(se_M² + se_other²) over the seeds. A run whose update turns
 * non-finite counts as diverged (chance accuracy 0.1).
 *
 * <pre>{@code
 * Outcome o = P48Mfac.run(P48Mfac.Config.quick());
 * }</pre>
 */
public final class P48Mfac extends PaperExperiment {
    public P48Mfac() {
        super("p48-mfac", List.of("P48"), "P48 M-FAC: IHVP accuracy against a dense inverse on a small model, and M-FAC-SGD vs SGD and Adam on a digits MLP",
                Experiments.params("seeds", 3, "epochs", 10, "window", 64));
    }

    @Override
    public String claim() {
        return "M-FAC's matrix-free IHVP equals the dense damped empirical-Fisher inverse, and the M-FAC optimizer trains at least as well as SGD and Adam";
    }

    @Override
    public String threshold() {
        return "(1) static, dynamic and windowed IHVP relative errors <= 1e-8 vs a dense solve (d = 1210, m = 32, damp 1e-5);"
                + " (2) mean test accuracy of M-FAC >= SGD's - margin and >= Adam's - margin, margin = 2*sqrt(se_M^2 + se_other^2) over the seeds";
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws java.io.IOException {
        return run(ctx.quick() ? Config.quick() : new Config(p.getInt("seeds"), p.getInt("epochs"), p.getInt("window"), 16, 32)).toResult(ctx.dir());
    }

    /** Seeds and epochs of part 2, its window, and part 1's hidden width and number of gradients. */
    public record Config(int seeds, int epochs, int window, int hidden1, int m1) {
        public static Config defaults() {
            return new Config(3, 10, 64, 16, 32);
        }

        public static Config quick() {
            return new Config(1, 1, 8, 4, 8);
        }
    }

    static double[] flatten(Params g) {
        double[] out = new double[(int) g.numel()];
        int off = 0;
        for (Tensor t : g.asMap().values()) {
            double[] v = t.to(DType.FLOAT64).contiguous().toDoubleArray();
            System.arraycopy(v, 0, out, off, v.length);
            off += v.length;
        }
        return out;
    }

    static double relErr(double[] a, double[] b) {
        double num = 0, den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - b[i]) * (a[i] - b[i]);
            den += b[i] * b[i];
        }
        return Math.sqrt(num / den);
    }

    static double[] denseSolve(double[][] g, double damp, double[] x) {
        int d = x.length, m = g.length;
        double[] f = new double[d * d];
        for (int a = 0; a < d; a++) f[a * d + a] = damp;
        for (double[] gi : g) {
            for (int a = 0; a < d; a++) {
                double s = gi[a] / m;
                if (s != 0) for (int b = 0; b < d; b++) f[a * d + b] += s * gi[b];
            }
        }
        return Linalg.solve(Tensor.of(f, d, d), Tensor.of(x.clone(), d)).toDoubleArray();
    }

    public static Outcome run(Config c) {
        Outcome o = new Outcome();
        ImageData data = ImageData.digits();
        double damp = 1e-5;
        // Part 1: gradients of a small MLP at initialisation.
        Classifier small = new Classifier(Classifier.mlp(64, c.hidden1(), new Rng(1)), Sgd.gradientDescent(0.0));
        int m = c.m1();
        List<double[]> grads = new ArrayList<>();
        try (DataLoader loader = DataLoader.of(data.train()).batchSize(32).seed(1).build(); DataLoader.Epoch batches = loader.epoch(0)) {
            for (Batch b : batches) {
                if (grads.size() == 2 * m) break;
                grads.add(flatten(small.lossAndGrad(b).grads()));
            }
        }
        int d = grads.get(0).length;
        double[][] firstM = grads.subList(0, m).toArray(new double[0][]), lastM = grads.subList(grads.size() - m, grads.size()).toArray(new double[0][]);
        double[] x = new Rng(2).normal(DType.FLOAT64, 0, 1, d).toDoubleArray();
        StaticIhvp st = StaticIhvp.of(firstM, damp);
        DynamicIhvp dyn = new DynamicIhvp(m, d, damp);
        for (double[] g : firstM) dyn.update(g);
        double[] gLast = firstM[m - 1];
        double eStaticX = relErr(st.mul(x), denseSolve(firstM, damp, x));
        double eDynX = relErr(dyn.mul(x), denseSolve(firstM, damp, x));
        double eStaticG = relErr(st.mul(gLast), denseSolve(firstM, damp, gLast));
        double eDynG = relErr(dyn.mul(gLast), denseSolve(firstM, damp, gLast));
        for (int i = m; i < grads.size(); i++) dyn.update(grads.get(i));
        double eWindow = relErr(dyn.mul(x), StaticIhvp.of(lastM, damp).mul(x));
        double eWindowDense = relErr(dyn.mul(x), denseSolve(lastM, damp, x));
        double worst = Math.max(Math.max(Math.max(eStaticX, eDynX), Math.max(eStaticG, eDynG)), Math.max(eWindow, eWindowDense));
        o.line(String.format("Part 1: MLP 64-%d-10 on digits, d = %d, m = %d gradients (batch 32), damp %.0e", c.hidden1(), d, m, damp));
        o.row("p48-ihvp", "quantity,relative_error", "static random x", eStaticX);
        o.row("p48-ihvp", "quantity,relative_error", "dynamic random x", eDynX);
        o.row("p48-ihvp", "quantity,relative_error", "static last gradient", eStaticG);
        o.row("p48-ihvp", "quantity,relative_error", "dynamic last gradient", eDynG);
        o.row("p48-ihvp", "quantity,relative_error", "window after 2m vs static of last m", eWindow);
        o.row("p48-ihvp", "quantity,relative_error", "window after 2m vs dense of last m", eWindowDense);
        o.figure("ihvp_worst_relative_error", worst);
        o.check(String.format("IHVP vs dense: static %.2e / %.2e, dynamic %.2e / %.2e (random x / gradient), window %.2e (static) %.2e (dense); needs <= 1e-8",
                eStaticX, eStaticG, eDynX, eDynG, eWindow, eWindowDense), worst <= 1e-8);

        // Part 2: training.
        o.line(String.format("Part 2: MLP 64-64-10 on digits, %d train / %d test, batch 32, %d epochs, seeds 1..%d; SGD lr 0.1, Adam lr 1e-3, M-FAC lr 1e-3 damp 1e-5 m = %d",
                data.train().size(), data.test().size(), c.epochs(), c.seeds(), c.window()));
        String[] names = {"sgd", "adam", "mfac"};
        double[][] acc = new double[3][c.seeds()], loss = new double[3][c.seeds()];
        for (int s = 0; s < c.seeds(); s++) {
            long seed = s + 1;
            for (int k = 0; k < 3; k++) {
                GradientTransformation tx = switch (k) {
                    case 0 -> Sgd.gradientDescent(0.1);
                    case 1 -> Adam.adam(1e-3);
                    default -> Mfac.of(Schedule.constant(1e-3), c.window(), damp, 0, 0);
                };
                Classifier cl = new Classifier(Classifier.mlp(64, 64, new Rng(seed)), tx);
                try {
                    List<Classifier.Point> curve = cl.fit(data.train(), data.test(), 32, c.epochs(), seed);
                    for (Classifier.Point p : curve) {
                        o.row("p48-training", "optimizer,seed,epoch,step,train_loss,test_loss,test_accuracy", names[k], seed, p.epoch(), p.step(),
                                p.trainLoss(), p.evalLoss(), p.evalAccuracy());
                    }
                    Classifier.Point last = curve.get(curve.size() - 1);
                    boolean finite = Double.isFinite(last.trainLoss());
                    acc[k][s] = finite ? last.evalAccuracy() : 0.1;
                    loss[k][s] = last.trainLoss();
                } catch (ArithmeticException e) {
                    o.line("    " + names[k] + " seed " + seed + " diverged: " + e.getMessage());
                    acc[k][s] = 0.1;
                    loss[k][s] = Double.NaN;
                }
            }
        }
        SeedStats sgd = SeedStats.of(acc[0]), adam = SeedStats.of(acc[1]), mfac = SeedStats.of(acc[2]);
        double mS = SeedStats.margin(mfac, sgd), mA = SeedStats.margin(mfac, adam);
        o.line(String.format("    final train loss: SGD %s, Adam %s, M-FAC %s", SeedStats.of(loss[0]).format(1, 4), SeedStats.of(loss[1]).format(1, 4),
                SeedStats.of(loss[2]).format(1, 4)));
        o.figure("test_accuracy_sgd", sgd.mean());
        o.figure("test_accuracy_adam", adam.mean());
        o.figure("test_accuracy_mfac", mfac.mean());
        o.check(String.format("test accuracy M-FAC %s %% vs SGD %s %% (margin %.2f) and Adam %s %% (margin %.2f); needs M-FAC >= each - margin",
                mfac.format(100, 2), sgd.format(100, 2), 100 * mS, adam.format(100, 2), 100 * mA),
                mfac.mean() >= sgd.mean() - mS && mfac.mean() >= adam.mean() - mA);
        return o;
    }
}
