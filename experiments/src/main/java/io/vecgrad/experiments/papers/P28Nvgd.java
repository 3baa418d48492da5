package io.vecgrad.experiments.papers;

import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.optim.particles.GaussianTarget;
import io.vecgrad.optim.particles.Mmd;
import io.vecgrad.optim.particles.Nvgd;
import io.vecgrad.optim.particles.Svgd;
import io.vecgrad.tensor.random.Rng;
import java.io.IOException;
import java.util.List;

/**
 * P28 neural variational gradient descent (Langosco di Langosco, Fortuin, Strathmann, 2021): NVGD,
 * whose update direction is a witness network trained to maximize the regularized Stein
 * discrepancy (no kernel, no bandwidth), samples a target about as well as SVGD.
 *
 * <p><b>Setting</b> (the spec's first benchmark, "Gaussians", at 2-core scale): target
 * {@code N((1, −0.5), [[1, 0.9], [0.9, 1]])} (strongly correlated), n = 100 particles started from
 * N((−3, 3), 0.5² I), 80 particle steps of ε = 0.1 for both methods (SVGD with the reference
 * code's AdaGrad step and median bandwidth; NVGD with {@link Nvgd.Config#defaults} but at most 30
 * witness steps per particle step), seeds 1…{@code seeds}. Metric: MMD² (median bandwidth) to 1,000
 * exact samples; the MMD² of 100 fresh exact samples is the metric's floor.
 *
 * <p><b>Threshold</b> (fixed before running): mean NVGD MMD² ≤ max(2 × mean SVGD MMD², mean MMD² of
 * 100 exact samples), and NVGD's MMD² is below a tenth of the initial particles'.
 *
 * <pre>{@code
 * Outcome o = P28Nvgd.run(2, 100, 80, 30);
 * }</pre>
 */
public final class P28Nvgd extends PaperExperiment {
    static final double[] MEAN = {1, -0.5};
    static final GaussianTarget TARGET = new GaussianTarget(MEAN, new double[][] {{1, 0.9}, {0.9, 1}});

    public P28Nvgd() {
        super("p28-nvgd", List.of("P28"), "P28 NVGD (neural Stein witness) vs SVGD on a correlated 2-D Gaussian, MMD to exact samples",
                Experiments.params("seeds", 2, "particles", 100, "steps", 80));
    }

    @Override
    public String claim() {
        return "NVGD, with a learned witness instead of a kernel, samples a Gaussian target about as well as SVGD";
    }

    @Override
    public String threshold() {
        return "mean NVGD MMD^2 <= max(2 x mean SVGD MMD^2, mean MMD^2 of 100 exact samples) and NVGD MMD^2 < initial MMD^2 / 10";
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws IOException {
        Outcome o = ctx.quick() ? run(1, 12, 3, 5) : run(p.getInt("seeds"), p.getInt("particles"), p.getInt("steps"), 30);
        return o.toResult(ctx.dir());
    }

    /** Exact samples of the target (Cholesky of [[1, .9], [.9, 1]]). */
    static double[][] exact(int n, Rng r) {
        double l21 = 0.9, l22 = Math.sqrt(1 - 0.81);
        double[][] x = new double[n][2];
        for (double[] p : x) {
            double a = r.nextGaussian(), b = r.nextGaussian();
            p[0] = MEAN[0] + a;
            p[1] = MEAN[1] + l21 * a + l22 * b;
        }
        return x;
    }

    public static Outcome run(int seeds, int n, int steps, int witnessSteps) {
        Outcome o = new Outcome();
        o.line(String.format("target N((1,-0.5), [[1,.9],[.9,1]]); init N((-3,3), 0.25 I); n=%d, %d particle steps eps=0.1, NVGD <= %d witness steps/step; seeds 1..%d",
                n, steps, witnessSteps, seeds));
        double[][] ref = exact(1000, new Rng(0).split("p28/reference"));
        double nv = 0, sv = 0, floor = 0, init = 0;
        for (int seed = 1; seed <= seeds; seed++) {
            Rng r = new Rng(seed).split("p28/init");
            double[][] x0 = new double[n][2];
            for (double[] q : x0) {
                q[0] = -3 + 0.5 * r.nextGaussian();
                q[1] = 3 + 0.5 * r.nextGaussian();
            }
            double[][] s = new Svgd(TARGET, x0, Svgd.Config.reference(0.1, steps)).run();
            Nvgd.Config nc = Nvgd.Config.defaults(0.1, steps);
            Nvgd nvgd = new Nvgd(TARGET, x0, new Nvgd.Config(nc.stepSize(), steps, witnessSteps, nc.learningRate(), Math.min(nc.patience(), witnessSteps), nc.hidden()), seed);
            double[][] v = nvgd.run();
            double[][] iid = exact(n, new Rng(seed).split("p28/iid"));
            double ms = mmd(s, ref), mv = mmd(v, ref), mi = mmd(iid, ref), m0 = mmd(x0, ref);
            sv += ms / seeds;
            nv += mv / seeds;
            floor += mi / seeds;
            init += m0 / seeds;
            o.row("p28-runs", "seed,svgd_mmd2,nvgd_mmd2,iid_mmd2,initial_mmd2,nvgd_witness_steps", seed, ms, mv, mi, m0, nvgd.witnessSteps());
            o.line(String.format("seed %d: MMD^2 SVGD %.5f, NVGD %.5f (%d witness steps), %d exact samples %.5f, initial %.4f", seed, ms, mv, nvgd.witnessSteps(), n, mi, m0));
        }
        o.figure("svgd_mmd2", sv);
        o.figure("nvgd_mmd2", nv);
        o.figure("iid_mmd2", floor);
        double bound = Math.max(2 * sv, floor);
        o.check(String.format("NVGD mean MMD^2 %.5f <= max(2 x SVGD %.5f, exact-sample floor %.5f) = %.5f", nv, sv, floor, bound), nv <= bound);
        o.check(String.format("NVGD mean MMD^2 %.5f < initial %.4f / 10", nv, init), nv < init / 10);
        return o;
    }

    private static double mmd(double[][] x, double[][] ref) {
        return Mmd.squared(x, ref, Mmd.medianBandwidth(x, ref));
    }
}
