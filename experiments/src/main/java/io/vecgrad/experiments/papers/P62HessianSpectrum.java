package io.vecgrad.experiments.papers;

import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.nn.Module;
import io.vecgrad.tensor.random.Rng;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * P62 (Granziol, Zohren &amp; Roberts, JMLR 2022): the stochastic-Lanczos spectrum of an MLP's
 * loss Hessian on Fashion-MNIST at initialisation and after training, drawn as PyHessian draws
 * it (Gaussian-broadened Ritz values, variance {@code 1e-5·max(1, range)}, log density), the top
 * eigenvalue cross-checked by power iteration, the learned rates, and the paper's claim that
 * the extreme eigenvalues of a mini-batch Hessian exceed those of a larger batch's.
 *
 * <p><b>Setting.</b> First 2,048 Fashion-MNIST training images; {@code Classifier.mlp(784, 32)}
 * (25,450 parameters, float32), Adam lr 1e-3, batch 64, 3 epochs, seed 1. Spectrum batch: the
 * first 512 training images (cross-entropy); SLQ with 30 Lanczos steps × 3 Rademacher probes;
 * power iteration up to 100 products, rtol 1e-4. Batch study after training: λ_max by power
 * iteration on 3 disjoint batches of 32 (averaged) and on the 512 batch. Quick mode: 8×8 digits.
 *
 * <p><b>Thresholds</b> (fixed before running): at init and after training, SLQ's λ_max is within
 * 5 % of power iteration's; after training, the mean λ_max over the B = 32 batches exceeds
 * λ_max at B = 512.
 */
public final class P62HessianSpectrum extends SpectrumExperiment {
    public P62HessianSpectrum() {
        super("p62-hessian-spectrum", "P62 SLQ Hessian spectrum of a Fashion-MNIST MLP at init and after training, power-iteration cross-check, batch-size effect on lambda_max",
                Experiments.params("train", 2048, "hidden", 32, "epochs", 3, "steps", 30, "probes", 3));
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws IOException {
        List<double[]> curves = new ArrayList<>();
        Outcome o = ctx.quick() ? mlp(ImageData.digits(), 256, 16, 1, 8, 1, 20, curves) : mlp(ImageData.fashion(p.getInt("train"), 1),
                p.getInt("train"), p.getInt("hidden"), p.getInt("epochs"), p.getInt("steps"), p.getInt("probes"), 100, curves);
        return o.attach(HessianSpectrumStudy.plot(curves, ctx.dir())).toResult(ctx.dir());
    }

    private static Outcome mlp(ImageData data, int nTrain, int hidden, int epochs, int steps, int probes, int powerIters, List<double[]> curves) {
        Module net = Classifier.mlp(data.features(), hidden, new Rng(1));
        return HessianSpectrumStudy.run(data, nTrain, String.format("mlp(%d, %d)", data.features(), hidden), net, epochs, steps, probes,
                powerIters, curves);
    }
}
