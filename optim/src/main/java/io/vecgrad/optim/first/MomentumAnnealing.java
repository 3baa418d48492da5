package io.vecgrad.optim.first;

import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.optim.schedule.Schedules;

/**
 * P17 momentum SGD with step-size / momentum annealing (Liu, Chen, Zhou and Zhao, diffusion
 * approximation of momentum SGD, arXiv:1802.05155): heavy ball
 * {@code θ_{t+1} = θ_t − η_t·g_t + μ_t·(θ_t − θ_{t−1})}, run here as PyTorch SGD(lr = η_t,
 * momentum = μ_t, dampening = 0), i.e. {@code chain(trace(μ_t), scaleByLearningRate(η_t))}. The two
 * forms agree only while η is constant: PyTorch's buffer form {@code b ← μb + g, θ ← θ − η_t·b} is
 * the heavy ball with momentum term {@code μ_t·(η_t/η_{t−1})·(θ_t − θ_{t−1})}, so at a rate drop the
 * carried velocity shrinks with the rate. With the paper's reading: keep η and μ large early (faster saddle
 * escape, effective step η/(1−μ)) and anneal in the final phase, where momentum inflates the
 * stationary fluctuation ∝ η/(1−μ). The quantitative annealing schedule is [reconstructed]; the
 * default here decays η by {@code gamma} at the given milestones and switches μ to
 * {@code finalMomentum} at the last one.
 *
 * <pre>{@code
 * Optimizer.of(params, MomentumAnnealing.of(0.01, 0.9, new long[] {5000, 8000}, 0.1, 0.5));
 * }</pre>
 */
public final class MomentumAnnealing {
    private MomentumAnnealing() {}

    /** Heavy ball with arbitrary learning-rate and momentum schedules. */
    public static GradientTransformation of(Schedule lr, Schedule momentum) {
        return Sgd.sgd(lr, momentum, 0, 0, false);
    }

    /** Step-decayed η and a momentum drop to {@code finalMomentum} at the last milestone. */
    public static GradientTransformation of(double lr, double momentum, long[] milestones, double gamma, double finalMomentum) {
        long last = milestones.length == 0 ? Long.MAX_VALUE : milestones[milestones.length - 1];
        return of(Schedules.multiStep(lr, milestones, gamma), t -> t < last ? momentum : finalMomentum);
    }
}
