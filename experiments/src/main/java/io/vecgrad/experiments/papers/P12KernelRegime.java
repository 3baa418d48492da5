package io.vecgrad.experiments.papers;

import io.vecgrad.datasets.synthetic.SphereData;
import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.optim.problems.twolayer.KernelRiskPrediction;
import io.vecgrad.optim.problems.twolayer.WideReluNet;
import io.vecgrad.train.report.CurvePlots;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * P12 (Su, Yang, "On learning over-parameterized neural networks: a functional approximation
 * perspective", NeurIPS 2019): GD on a two-layer ReLU net {@code (1/√m) Σ a_r σ(w_rᵀx)} with inputs
 * uniform on the sphere follows the dynamics of the integral operator of
 * {@code K(x, x') = xᵀx'(π − arccos xᵀx')/(2π)}: prediction errors evolve as powers of
 * {@code I − η L_K}; the approximation improves as the width m grows.
 *
 * <p><b>Setting</b> (scaled to 2 cores): {@code SphereData} with d = 5, n = 200, target
 * {@code Σ_{p=1..3} (u_p·x)^p}, noiseless; {@link WideReluNet} widths m ∈ {100, 400, 1600, 6400}, W
 * only trained, full-batch GD with η = 1/λ_max(K/n) (closed-form Gram), T = 300 steps; prediction
 * {@link KernelRiskPrediction#risk} from the same initial errors {@code f_0(X) − y}; seeds 1, 2, 3
 * (data and initialization). Deviation of a run: {@code dev = max_t |R_GD(t) − R_pred(t)| / R(0)}.
 *
 * <p><b>Thresholds</b> (fixed before running), on the mean deviation over seeds: (1) it decreases
 * strictly as m grows through the four widths; (2) at m = 6400 it is ≤ 0.05; (3) it shrinks at least
 * 4-fold from m = 100 to m = 6400 (the lazy-training theory predicts ~1/√m, i.e. 8-fold).
 *
 * <pre>{@code
 * Outcome o = P12KernelRegime.run(200, new int[] {100, 400, 1600, 6400}, 300, 3, runDir);
 * }</pre>
 */
public final class P12KernelRegime extends PaperExperiment {
    static final int D = 5, DEGREE = 3;

    public P12KernelRegime() {
        super("p12-kernel-regime", List.of("P12"),
                "P12 GD on two-layer ReLU nets with sphere data and a polynomial target follows the integral-operator (kernel) prediction, closer as width grows",
                Experiments.params("n", 200, "steps", 300, "seeds", 3));
    }

    @Override
    public String claim() {
        return "The empirical risk of GD on a wide two-layer ReLU net (sphere inputs, polynomial target) follows the integral-operator prediction "
                + "(I - eta K/n)^t, and the deviation shrinks as the width grows";
    }

    @Override
    public String threshold() {
        return "mean over seeds of max_t |R_GD - R_pred|/R(0): strictly decreasing over m = 100, 400, 1600, 6400; <= 0.05 at m = 6400; "
                + "at least 4x smaller at m = 6400 than at m = 100";
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws IOException {
        Outcome o = ctx.quick() ? run(40, new int[] {50, 400}, 30, 1, ctx.dir())
                : run(p.getInt("n"), new int[] {100, 400, 1600, 6400}, p.getInt("steps"), p.getInt("seeds"), ctx.dir());
        return o.attachPngs(ctx.dir(), "p12-").toResult(ctx.dir());
    }

    public static Outcome run(int n, int[] widths, int steps, int seeds, Path dir) throws IOException {
        Outcome o = new Outcome();
        if (dir != null) java.nio.file.Files.createDirectories(dir);
        o.line(String.format("setting: sphere S^%d, n=%d, target sum_{p<=%d} (u_p.x)^p, widths %s, eta = 1/lambda_max(K/n), T=%d, seeds 1..%d",
                D - 1, n, DEGREE, java.util.Arrays.toString(widths), steps, seeds));
        double[] meanDev = new double[widths.length];
        List<CurvePlots.Curve> curves = new ArrayList<>();
        double[] ts = new double[steps + 1];
        for (int t = 0; t <= steps; t++) ts[t] = t;
        for (int seed = 1; seed <= seeds; seed++) {
            SphereData data = SphereData.generate(n, D, DEGREE, 0.0, seed);
            double[] x = data.x().toDoubleArray(), y = data.y().toDoubleArray();
            double[] k = KernelRiskPrediction.gram(x, n, D);
            double eta = 1 / KernelRiskPrediction.topEigenvalue(k, n);
            for (int w = 0; w < widths.length; w++) {
                WideReluNet net = WideReluNet.init(widths[w], D, seed);
                double[] f0 = net.predict(x, n), u0 = new double[n];
                for (int i = 0; i < n; i++) u0[i] = f0[i] - y[i];
                double[] pred = KernelRiskPrediction.risk(k, n, u0, eta, steps);
                double[] gd = net.train(x, y, n, eta, steps);
                double dev = 0;
                for (int t = 0; t <= steps; t++) dev = Math.max(dev, Math.abs(gd[t] - pred[t]) / pred[0]);
                meanDev[w] += dev / seeds;
                o.figure("seed" + seed + ".m" + widths[w] + ".deviation", dev);
                o.line(String.format("seed %d, m=%d: eta=%.3f, risk %.4f -> GD %.5f, kernel prediction %.5f; deviation %.4f", seed, widths[w], eta, gd[0], gd[steps], pred[steps], dev));
                for (int t = 0; t <= steps; t += Math.max(1, steps / 150)) o.row("p12-risk", "seed,width,step,risk_gd,risk_kernel", seed, widths[w], t, gd[t], pred[t]);
                if (seed == 1) {
                    curves.add(new CurvePlots.Curve("GD m=" + widths[w], ts, gd));
                    curves.add(new CurvePlots.Curve("kernel m=" + widths[w], ts, pred));
                }
            }
        }
        boolean decreasing = true;
        for (int w = 0; w < widths.length; w++) {
            o.figure("m" + widths[w] + ".mean_deviation", meanDev[w]);
            o.row("p12-deviation", "width,mean_deviation", widths[w], meanDev[w]);
            if (w > 0) decreasing &= meanDev[w] < meanDev[w - 1];
        }
        int last = widths.length - 1;
        o.check("mean deviation strictly decreasing in width: " + java.util.Arrays.toString(round(meanDev)), decreasing);
        o.check(String.format("mean deviation at m=%d is %.4f, needs <= 0.05", widths[last], meanDev[last]), meanDev[last] <= 0.05);
        o.check(String.format("deviation shrinks %.1fx from m=%d to m=%d, needs >= 4x", meanDev[0] / meanDev[last], widths[0], widths[last]),
                meanDev[0] >= 4 * meanDev[last]);
        if (dir != null) {
            CurvePlots.write(dir.resolve("p12-risk.png"), "P12 empirical risk: GD vs kernel prediction (seed 1)", "GD step", "risk", curves, false, true);
        }
        return o;
    }

    private static String[] round(double[] v) {
        String[] s = new String[v.length];
        for (int i = 0; i < v.length; i++) s[i] = String.format("%.4f", v[i]);
        return s;
    }
}
