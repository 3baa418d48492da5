package io.vecgrad.experiments.papers;

import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.nn.models.LeNet;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.random.Rng;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * P62 (Granziol, Zohren &amp; Roberts, JMLR 2022) on the model: the stochastic-Lanczos
 * spectrum of a LeNet's cross-entropy Hessian on Fashion-MNIST at initialisation and after
 * training, the top eigenvalue cross-checked by power iteration, and the batch-size effect on
 * λ_max. Same study, claim and thresholds as {@link P62HessianSpectrum} (the MLP version); only
 * the model differs (see {@link HessianSpectrumStudy}).
 *
 * <p><b>Setting</b> (scaled to 2 cores). First 2,048 Fashion-MNIST training images;
 * the step-lenet architecture of {@link LeNet#mnist} (conv 5×5 1→16, ReLU, maxpool 2, conv 5×5
 * 16→32, ReLU, maxpool 2, linear 1568→10: 28,938 parameters, float32, seed 1), Adam lr 1e-3,
 * batch 64, 3 epochs. Spectrum batch: the first 512 training images; SLQ with 30 Lanczos steps × 3
 * Rademacher probes; power iteration up to 100 products, rtol 1e-4. Batch study after
 * training: λ_max by power iteration on 3 disjoint batches of 32 (averaged) and on the 512
 * batch. Quick mode: 8×8 digits, {@code LeNet(1, 8, 2, 4, 3, 10)}.
 *
 * <p><b>Thresholds</b> (fixed before running, the MLP version's): at init and after training,
 * SLQ's λ_max is within 5 % of power iteration's; after training, the mean λ_max over the
 * B = 32 batches exceeds λ_max at B = 512.
 */
public final class P62LenetSpectrum extends SpectrumExperiment {
    public P62LenetSpectrum() {
        super("p62-lenet-spectrum", "P62 SLQ Hessian spectrum of a Fashion-MNIST LeNet at init and after training, power-iteration cross-check, batch-size effect on lambda_max",
                Experiments.params("train", 2048, "c1", 16, "c2", 32, "kernel", 5, "epochs", 3, "steps", 30, "probes", 3));
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws IOException {
        List<double[]> curves = new ArrayList<>();
        Outcome o = ctx.quick() ? lenet(ImageData.digits(), 256, 2, 4, 3, 1, 8, 1, 20, curves)
                : lenet(ImageData.fashion(p.getInt("train"), 1), p.getInt("train"), p.getInt("c1"), p.getInt("c2"), p.getInt("kernel"),
                        p.getInt("epochs"), p.getInt("steps"), p.getInt("probes"), 100, curves);
        return o.attach(HessianSpectrumStudy.plot(curves, ctx.dir())).toResult(ctx.dir());
    }

    private static Outcome lenet(ImageData data, int nTrain, int c1, int c2, int kernel, int epochs, int steps, int probes, int powerIters,
            List<double[]> curves) {
        LeNet net = new LeNet(1, data.side(), c1, c2, kernel, 10, new Rng(1), DType.FLOAT32);
        String model = String.format("LeNet(%dx%d, %d->%d channels, %dx%d kernels, %d parameters)", data.side(), data.side(), c1, c2, kernel,
                kernel, net.numParameters());
        return HessianSpectrumStudy.run(data, nTrain, model, net, epochs, steps, probes, powerIters, curves);
    }
}
