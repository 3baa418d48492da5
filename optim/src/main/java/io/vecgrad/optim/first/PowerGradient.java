package io.vecgrad.optim.first;

import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.optim.Blocks;
import io.vecgrad.optim.Transforms;
import io.vecgrad.optim.schedule.Schedule;

/**
 * P29 power gradient (Baiesi, "Power gradient descent", arXiv:1906.04787): replace each
 * gradient component by its signed power before the base optimizer,
 *
 * <pre>
 * p = sign(g)·|g|^H        (0 &lt; H ≤ 1, |0|^H = 0)
 * </pre>
 *
 * which enlarges small components and shrinks large ones (H = 1: the raw gradient; H → 0:
 * signSGD). Factories: pNAG (PyTorch Nesterov SGD on p), pAdam and pAMSGrad (moments from p), and
 * the varying-H Adam with {@code H(t) = 1 − (1 − H0)·s(t)}, s decaying from 1 to 0 — the spec marks
 * that schedule [reconstructed]; the form here is the spec's proposal. The transform is
 * stateless apart from a step counter for H(t).
 *
 * As a chain: {@code chain(scaleByPower(H), base)}, e.g. pAdam = {@code chain(scaleByPower(H), Adam)}.
 *
 * <pre>{@code
 * Optimizer.of(params, PowerGradient.pAdam(1e-3, 0.6));
 * }</pre>
 */
public final class PowerGradient {
    private PowerGradient() {}

    /** The signed power transform with a fixed exponent. */
    public static GradientTransformation power(double h) {
        return power(Schedule.constant(h));
    }

    /** The signed power transform with exponent H(t) ({@link Blocks#scaleByPower}). */
    public static GradientTransformation power(Schedule h) {
        return Blocks.scaleByPower(h);
    }

    /** pNAG: power(H) then PyTorch SGD(lr, momentum, nesterov = true). */
    public static GradientTransformation pNag(double lr, double momentum, double h) {
        return Transforms.chain(power(h), Sgd.sgd(lr, momentum, 0, 0, true));
    }

    /** pAdam: power(H) then Adam. */
    public static GradientTransformation pAdam(double lr, double h) {
        return Transforms.chain(power(h), Adam.adam(lr));
    }

    /** pAMSGrad: power(H) then AMSGrad. */
    public static GradientTransformation pAmsgrad(double lr, double h) {
        return Transforms.chain(power(h), Adam.amsgrad(lr));
    }

    /** Adam with H(t) = 1 − (1 − h0)·decay(t), decay going from 1 to 0. */
    public static GradientTransformation varyingHAdam(double lr, double h0, Schedule decay) {
        return Transforms.chain(power(t -> 1 - (1 - h0) * decay.at(t)), Adam.adam(lr));
    }
}
