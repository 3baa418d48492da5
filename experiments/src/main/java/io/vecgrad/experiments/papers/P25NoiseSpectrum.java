package io.vecgrad.experiments.papers;

import io.vecgrad.datasets.DataLoader;
import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.first.Sgd;
import io.vecgrad.train.Model;
import io.vecgrad.train.diagnostics.NoiseCovariance;
import io.vecgrad.train.diagnostics.NoiseSpectrum;
import io.vecgrad.train.diagnostics.PerExample;
import io.vecgrad.train.report.CurvePlots;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * P25 (Chaudhari &amp; Soatto, ICLR 2018): the mini-batch gradient-noise covariance (the
 * diffusion matrix D ∝ Σ) of a small network is highly non-isotropic and low-rank. Setting,
 * scaled to two cores: the digits MLP 64 → 32 → 10 (d = 2,410 parameters), 1,437 training
 * images, SGD lr 0.1, batch 32, 30 epochs, seeds 1…3. At the end of training the per-example
 * gradients of a probe of the first M = 1,000 training images give Σ (unbiased estimator);
 * its spectrum comes from the Gram trick ({@link NoiseCovariance#gramEigenvalues}, exact for
 * the probe: rank ≤ M − 1 = 999). The same figures at initialisation are reported, not judged.
 *
 * <p>Criterion (fixed before running; the paper reports ranks near 1 % of d on MNIST networks,
 * our bar is looser for a 2,410-parameter MLP): in every seed, numerical rank
 * {@code #{λ > 1e-3·λ_max}} ≤ 10 % of d and anisotropy {@code λ_max / (tr Σ / d)} ≥ 100 at
 * the end of training.
 *
 * <pre>{@code
 * Outcome o = P25NoiseSpectrum.run(P25NoiseSpectrum.Config.defaults(), dir);
 * }</pre>
 */
public final class P25NoiseSpectrum extends PaperExperiment {
    public P25NoiseSpectrum() {
        super("p25-noise-spectrum", List.of("P25"), "P25 gradient-noise covariance of a digits MLP after SGD: spectrum, numerical rank, anisotropy (Gram trick)",
                Experiments.params("seeds", 3, "epochs", 30, "probe", 1000));
    }

    @Override
    public String claim() {
        return "the gradient-noise covariance (diffusion matrix) of a trained network is highly non-isotropic and low-rank";
    }

    @Override
    public String threshold() {
        return "every seed, end of training: #{lambda > 1e-3 lambda_max} <= 0.10 d and lambda_max / (tr / d) >= 100";
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws IOException {
        Config c = ctx.quick() ? Config.quick() : new Config(p.getInt("seeds"), p.getInt("epochs"), p.getInt("probe"), 32, 0.1, 32);
        return run(c, ctx.dir()).toResult(ctx.dir());
    }

    /** Settings. */
    public record Config(int seeds, int epochs, int probe, int batch, double lr, int hidden) {
        public static Config defaults() {
            return new Config(3, 30, 1000, 32, 0.1, 32);
        }

        /** One seed, one epoch, a probe of 30. */
        public static Config quick() {
            return new Config(1, 1, 30, 32, 0.1, 32);
        }
    }

    public static Outcome run(Config c, Path dir) throws IOException {
        Outcome o = new Outcome();
        TensorDataset train = ImageData.digits().train();
        TensorDataset probe = train.range(0, Math.min(c.probe(), train.size()));
        o.line(String.format("P25 digits MLP 64-%d-10, SGD lr %.2f batch %d, %d epochs, probe M = %d, seeds 1..%d", c.hidden(), c.lr(), c.batch(), c.epochs(),
                probe.size(), c.seeds()));
        boolean ok = true;
        List<CurvePlots.Curve> curves = new ArrayList<>();
        for (int s = 1; s <= c.seeds(); s++) {
            Model m = DigitsMlp.model(c.hidden(), s);
            int d = Math.toIntExact(m.parameters().numel());
            NoiseSpectrum init = NoiseCovariance.of(PerExample.gradients(m, probe.x(), probe.y())).spectrum();
            Optimizer opt = Optimizer.of(m.parameters(), Sgd.gradientDescent(c.lr()));
            double loss = Double.NaN;
            try (DataLoader loader = DataLoader.of(train).batchSize(c.batch()).seed(s).build()) {
                for (int e = 0; e < c.epochs(); e++) loss = DigitsMlp.epoch(m, opt, loader, e);
            }
            NoiseSpectrum end = NoiseCovariance.of(PerExample.gradients(m, probe.x(), probe.y())).spectrum();
            for (String when : new String[] {"init", "end"}) {
                NoiseSpectrum sp = when.equals("init") ? init : end;
                double[] ev = sp.eigenvalues();
                for (int i = 0; i < ev.length; i++) o.row("p25-spectrum", "seed,when,index,eigenvalue", s, when, i + 1, ev[i]);
                o.row("p25-figures", "seed,when,d,trace,lambda_max,rank_1e-3,rank_1e-5,effective_rank,entropy_rank,anisotropy,top10_share", s, when, d,
                        sp.trace(), sp.max(), sp.rank(1e-3), sp.rank(1e-5), sp.effectiveRank(), sp.entropyRank(), sp.anisotropy(), sp.topShare(10));
            }
            double[] idx = new double[end.eigenvalues().length];
            for (int i = 0; i < idx.length; i++) idx[i] = i + 1;
            curves.add(new CurvePlots.Curve("seed " + s + " end", idx, end.eigenvalues()));
            if (s == 1) curves.add(new CurvePlots.Curve("seed 1 init", idx, init.eigenvalues()));
            int r3 = end.rank(1e-3);
            o.line(String.format("seed %d: last-epoch loss %.4f; init: rank(1e-3) %d, anisotropy %.1f; end: tr %.4g, rank(1e-3) %d (%.1f %% of d = %d), rank(1e-5) %d, effective rank %.2f, anisotropy %.1f, top-10 share %.3f",
                    s, loss, init.rank(1e-3), init.anisotropy(), end.trace(), r3, 100.0 * r3 / d, d, end.rank(1e-5), end.effectiveRank(), end.anisotropy(), end.topShare(10)));
            o.figure("seed" + s + "_rank_1e-3_over_d", (double) r3 / d);
            o.figure("seed" + s + "_anisotropy", end.anisotropy());
            ok &= r3 <= 0.10 * d && end.anisotropy() >= 100;
        }
        java.nio.file.Files.createDirectories(dir);
        o.attach(CurvePlots.write(dir.resolve("p25-spectrum.png"), "gradient-noise covariance spectrum, digits MLP", "index", "eigenvalue", curves, true, true));
        o.check("every seed: rank(1e-3) <= 10 % of d and anisotropy >= 100", ok);
        return o;
    }
}
