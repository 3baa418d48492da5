package io.vecgrad.optim.batch;

import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.optim.first.AdaGrad;
import io.vecgrad.optim.first.AdaGradNorm;
import io.vecgrad.optim.schedule.Schedule;

/**
 * P41 AdAdaGrad and AdAdaGradNorm (Lau, Liu and Kolar, arXiv:2402.11215): AdaGrad or
 * AdaGrad-Norm updates with a batch size that grows adaptively by one of {@link BatchSizeTests}.
 * The optimizer and the batch-size controller are separate (the controller is a data-loader
 * policy): each step, compute per-sample gradients, step the optimizer with their mean and set
 * the loader's next batch size from the test.
 *
 * <pre>
 * AdaGrad:      G ← G + g²;          θ ← θ − α·g/(sqrt(G) + ε)
 * AdaGrad-Norm: b² ← b² + ‖g‖²;      θ ← θ − (α/b)·g
 * </pre>
 *
 * <pre>{@code
 * AdAdaGrad run = AdAdaGrad.norm(1.0, 1e-2, BatchSizeTests.norm(0.1, 60_000));
 * Optimizer opt = Optimizer.of(params, run.optimizer());
 * loader.setBatchSize(run.test().nextBatchSize(perSample, loader.batchSize()));   // the held size, never the remainder's
 * }</pre>
 */
public record AdAdaGrad(GradientTransformation optimizer, BatchSizeTests.BatchSizeTest test) {
    /**
     * AdAdaGrad: coordinate-wise AdaGrad (PyTorch semantics, eps 1e-10) with the given test. The
     * paper analyses it with the coordinate-wise test ([reconstructed]); the authors' {@code expt.sh}
     * runs it with the norm test (η = 0.1, lr 8e-3 for MNIST logistic regression).
     */
    public static AdAdaGrad coordinate(double lr, BatchSizeTests.BatchSizeTest test) {
        return new AdAdaGrad(new AdaGrad(Schedule.constant(lr), 0, 0, 0, 1e-10), test);
    }

    /** AdAdaGradNorm: AdaGrad-Norm with initial b0 and the given test (the paper's norm test). */
    public static AdAdaGrad norm(double lr, double b0, BatchSizeTests.BatchSizeTest test) {
        return new AdAdaGrad(AdaGradNorm.of(lr, b0), test);
    }
}
