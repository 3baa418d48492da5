package io.vecgrad.experiments.papers;

import io.vecgrad.datasets.Batch;
import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.losses.Losses;
import io.vecgrad.optim.first.Adam;
import io.vecgrad.optim.newton.Curvature;
import io.vecgrad.optim.newton.HessianSpectrum;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.iterative.LinearOperator;
import io.vecgrad.tensor.linalg.iterative.PowerIteration;
import io.vecgrad.tensor.linalg.iterative.SpectralDensity;
import io.vecgrad.tensor.random.Rng;
import io.vecgrad.train.report.CurvePlots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The P62 study shared by {@link P62HessianSpectrum} (MLP) and {@link P62LenetSpectrum} (LeNet):
 * the SLQ Hessian spectrum of a classifier's cross-entropy at init and after Adam training,
 * the top eigenvalue cross-checked by power iteration, and λ_max on small versus large batches.
 * The model is the only thing the two experiments vary; claim and threshold are shared.
 */
final class HessianSpectrumStudy {
    static final String CLAIM = "SLQ finds the Hessian's top eigenvalue (agreeing with power iteration), and small-batch Hessians have larger top eigenvalues than large-batch ones";
    static final String THRESHOLD = "|lambda_max(SLQ) - lambda_max(power)| <= 5% at init and after training; mean lambda_max(B=32) > lambda_max(B=512) after training";

    private HessianSpectrumStudy() {}

    /**
     * Spectrum at init, Adam training, spectrum after training, then the batch-size study.
     *
     * @param model the network's description in the outcome's first line, e.g. {@code mlp(784, 32)}
     * @param net the freshly initialised network (trained in place)
     */
    static Outcome run(ImageData data, int nTrain, String model, Module net, int epochs, int steps, int probes, int powerIters,
            List<double[]> curves) {
        Outcome o = new Outcome();
        TensorDataset train = data.train().range(0, Math.min(nTrain, data.train().size()));
        int specB = Math.min(512, train.size());
        o.line(String.format("%s: %d training images, %s, Adam 1e-3, batch 64, %d epochs; spectrum batch %d, SLQ %d steps x %d probes",
                data.name(), train.size(), model, epochs, specB, steps, probes));
        Batch spec = train.get(range(0, specB));
        spectrum(o, "init", net, spec, steps, probes, powerIters, curves);
        Classifier c = new Classifier(net, Adam.adam(1e-3));
        for (int e = 0; e < epochs; e++) {
            for (int from = 0; from + 64 <= train.size(); from += 64) c.step(train.get(range(from, from + 64)));
        }
        o.line(String.format("after training: train loss %.4f", c.evaluate(train).loss()));
        spectrum(o, "trained", net, spec, steps, probes, powerIters, curves);
        // P62's claim: the top eigenvalue of a small batch's Hessian exceeds a large batch's.
        int small = Math.min(32, specB / 4);
        double meanSmall = 0;
        for (int k = 0; k < 3; k++) {
            double l = power(net, train.get(range(k * small, (k + 1) * small)), powerIters, k + 10).eigenvalue();
            o.row("batch-lambda-max", "batch,index,lambda_max", small, k, l);
            meanSmall += l / 3;
        }
        double large = power(net, spec, powerIters, 20).eigenvalue();
        o.row("batch-lambda-max", "batch,index,lambda_max", specB, 0, large);
        o.figure("lambda_max.b" + small, meanSmall);
        o.figure("lambda_max.b" + specB, large);
        o.check(String.format("mean lambda_max at B=%d: %.4f > lambda_max at B=%d: %.4f", small, meanSmall, specB, large), meanSmall > large);
        return o;
    }

    private static void spectrum(Outcome o, String phase, Module net, Batch b, int steps, int probes, int powerIters, List<double[]> curves) {
        LinearOperator h = hessian(net, b);
        HessianSpectrum s = HessianSpectrum.estimate(h, steps, probes, new Rng(7).split(phase));
        PowerIteration.Result top = power(net, b, powerIters, 3);
        double rel = Math.abs(s.lambdaMax() - top.eigenvalue()) / Math.abs(top.eigenvalue());
        HessianSpectrum.Rates r = s.rates(1e-3);
        o.line(String.format("%s: lambda_max SLQ %.5f, power %.5f (%d products, converged %b), lambda_min %.5f, trace %.3f, %d HVPs;"
                        + " learned rates: stable 2/lmax %.4f, GD %.4f, heavy ball lr %.4f momentum %.4f",
                phase, s.lambdaMax(), top.eigenvalue(), top.iterations(), top.converged(), s.lambdaMin(), s.trace(), s.hvps(),
                r.stableLr(), r.gdLr(), r.heavyBallLr(), r.momentum()));
        o.figure(phase + ".lambda_max.slq", s.lambdaMax());
        o.figure(phase + ".lambda_max.power", top.eigenvalue());
        o.figure(phase + ".lambda_min", s.lambdaMin());
        o.figure(phase + ".trace", s.trace());
        o.figure(phase + ".heavy_ball_lr", r.heavyBallLr());
        SpectralDensity d = s.density();
        for (int p = 0; p < d.probes(); p++) {
            double[] nodes = d.nodes(p), w = d.weights(p);
            for (int i = 0; i < nodes.length; i++) o.row("ritz-" + phase, "probe,node,weight", p, nodes[i], w[i]);
        }
        // PyHessian's density_generate: grid padded by 1e-2, variance 1e-5·max(1, range).
        double lo = d.minNode() - 1e-2, hi = d.maxNode() + 1e-2;
        double sigma = Math.sqrt(1e-5 * Math.max(1, hi - lo));
        double[] grid = SpectralDensity.grid(lo, hi, 2000), rho = d.density(grid, sigma);
        for (int i = 0; i < grid.length; i++) o.row("density-" + phase, "eigenvalue,density", grid[i], rho[i]);
        curves.add(grid);
        curves.add(rho);
        o.check(String.format("%s: SLQ lambda_max within 5%% of power iteration (%.2f %%)", phase, 100 * rel), rel <= 0.05);
    }

    private static LinearOperator hessian(Module net, Batch b) {
        Tensor y = b.y();
        return Curvature.hessian(net, b.x(), z -> Losses.crossEntropy(z, y));
    }

    private static PowerIteration.Result power(Module net, Batch b, int iters, long seed) {
        return HessianSpectrum.powerTop(hessian(net, b), iters, 1e-4, new Rng(seed));
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) r[i] = from + i;
        return r;
    }

    /** The two densities on a log scale, as PyHessian's plot (density + 1e-7). */
    static Path plot(List<double[]> curves, Path dir) throws IOException {
        String[] names = {"init", "trained"};
        List<CurvePlots.Curve> c = new ArrayList<>();
        for (int k = 0; k < curves.size() / 2; k++) {
            double[] y = curves.get(2 * k + 1).clone();
            for (int i = 0; i < y.length; i++) y[i] += 1e-7;
            c.add(new CurvePlots.Curve(names[k], curves.get(2 * k), y));
        }
        return CurvePlots.write(Files.createDirectories(dir).resolve("hessian-density.png"), "Hessian eigenvalue density (SLQ)",
                "eigenvalue", "density (log scale)", c, false, true);
    }
}
