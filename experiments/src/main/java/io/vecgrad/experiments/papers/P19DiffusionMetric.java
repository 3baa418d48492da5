package io.vecgrad.experiments.papers;

import io.vecgrad.datasets.DataLoader;
import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.first.Sgd;
import io.vecgrad.tensor.random.Rng;
import io.vecgrad.train.Model;
import io.vecgrad.train.diagnostics.GradientNoiseMonitor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * P19 (Fioresi, Chaudhari &amp; Soatto, Entropy 2020): SGD's trajectories follow the geometry of
 * the diffusion matrix D (the gradient-noise covariance) rather than the Euclidean one. The
 * measurement is the spec's [design note] (the paper gives a model, not a protocol): the digits
 * MLP 64 → 32 → 10 trained with SGD (lr 0.1, batch 32, 20 epochs, seeds 1…3); at every epoch end
 * {@link GradientNoiseMonitor} takes D on a probe of 400 training images, its top-20 eigenpairs by
 * Lanczos, and measures the epoch's parameter displacement Δθ in the metric of D's pseudo-inverse
 * on that eigenspace (at the epoch's start) and the share of ‖Δθ‖² inside the eigenspace.
 *
 * <p>Criterion (fixed before running): in every seed the median over epochs of the in-span share
 * is ≥ 0.5 (a random direction has 20/d ≈ 0.8 %).
 *
 * <pre>{@code
 * Outcome o = P19DiffusionMetric.run(P19DiffusionMetric.Config.defaults(), dir);
 * }</pre>
 */
public final class P19DiffusionMetric extends PaperExperiment {
    public P19DiffusionMetric() {
        super("p19-diffusion-metric", List.of("P19", "P25"), "P19 SGD displacement in the diffusion-matrix metric on a digits MLP: metric lengths and share in D's top eigenspace",
                Experiments.params("seeds", 3, "epochs", 20, "probe", 400, "k", 20));
    }

    @Override
    public String claim() {
        return "SGD moves mostly within the dominant eigenspace of its gradient-noise diffusion matrix (the noise geometry shapes the trajectory)";
    }

    @Override
    public String threshold() {
        return "every seed: median over epochs of |P_k dtheta|^2 / |dtheta|^2 >= 0.5 with k = 20 top eigenvectors of D at the epoch's start";
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws IOException {
        Config c = ctx.quick() ? Config.quick() : new Config(p.getInt("seeds"), p.getInt("epochs"), p.getInt("probe"), p.getInt("k"));
        return run(c, ctx.dir()).toResult(ctx.dir());
    }

    /** Settings. */
    public record Config(int seeds, int epochs, int probe, int k) {
        public static Config defaults() {
            return new Config(3, 20, 400, 20);
        }

        /** One seed, two epochs, a probe of 40, k = 5. */
        public static Config quick() {
            return new Config(1, 2, 40, 5);
        }
    }

    public static Outcome run(Config c, Path dir) throws IOException {
        Outcome o = new Outcome();
        TensorDataset train = ImageData.digits().train();
        TensorDataset probe = train.range(0, c.probe());
        o.line(String.format("P19 digits MLP 64-32-10, SGD lr 0.1 batch 32, %d epochs, probe %d, k = %d, seeds 1..%d", c.epochs(), c.probe(), c.k(), c.seeds()));
        boolean ok = true;
        for (int s = 1; s <= c.seeds(); s++) {
            Model m = DigitsMlp.model(32, s);
            GradientNoiseMonitor mon = new GradientNoiseMonitor(m, probe.x(), probe.y(), c.k(), 1, new Rng(s).split("p19"));
            Optimizer opt = Optimizer.of(m.parameters(), Sgd.gradientDescent(0.1));
            mon.observe(0, -1);
            try (DataLoader loader = DataLoader.of(train).batchSize(32).seed(s).build()) {
                long step = 0;
                for (int e = 0; e < c.epochs(); e++) {
                    DigitsMlp.epoch(m, opt, loader, e);
                    step += (train.size() + 31) / 32;
                    mon.observe(step, e);
                }
            }
            Path sub = Files.createDirectories(dir.resolve("seed-" + s));
            mon.write(sub);
            for (String f : List.of("gradient-noise.csv", "diffusion-metric-steps.png", "gradient-noise-rank.png")) o.attach(sub.resolve(f));
            List<GradientNoiseMonitor.Observation> obs = mon.observations();
            double[] span = obs.stream().skip(1).mapToDouble(GradientNoiseMonitor.Observation::spanFraction).toArray();
            for (GradientNoiseMonitor.Observation ob : obs) {
                o.row("p19-steps", "seed,epoch,step,euclidean,metric,span_fraction,rank_1e-3,effective_rank", s, ob.epoch(), ob.step(), ob.stepEuclidean(),
                        ob.stepMetric(), ob.spanFraction(), ob.rank3(), ob.effectiveRank());
            }
            double med = median(span);
            int d = mon.dimension();
            o.line(String.format("seed %d: span share median %.3f (min %.3f, max %.3f; random direction %.4f); metric length median %.4g vs Euclidean %.4g; final rank(1e-3) %d, effective rank %.2f",
                    s, med, Arrays.stream(span).min().orElse(Double.NaN), Arrays.stream(span).max().orElse(Double.NaN), (double) c.k() / d,
                    median(obs.stream().skip(1).mapToDouble(GradientNoiseMonitor.Observation::stepMetric).toArray()),
                    median(obs.stream().skip(1).mapToDouble(GradientNoiseMonitor.Observation::stepEuclidean).toArray()),
                    obs.get(obs.size() - 1).rank3(), obs.get(obs.size() - 1).effectiveRank()));
            o.figure("seed" + s + "_median_span_share", med);
            ok &= med >= 0.5;
        }
        o.check("every seed: median in-span share >= 0.5", ok);
        return o;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
