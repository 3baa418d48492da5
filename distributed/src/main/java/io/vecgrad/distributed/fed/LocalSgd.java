package io.vecgrad.distributed.fed;

import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.Worker;
import io.vecgrad.tensor.random.Rng;

/**
 * The local optimizer the federated methods share: K plain SGD steps on a worker's own
 * problem, optionally with a proximal pull {@code μ(x − anchor)} (FedProx) and a fixed
 * gradient correction {@code c} (SCAFFOLD's {@code c − c_i}). Every step draws its minibatch
 * from stream k of the round's stream, so the trajectory is that of single-machine SGD with the
 * same streams — the N = 1 reduction tests rely on it.
 *
 * <pre>{@code
 * double lastLoss = LocalSgd.run(worker, rng, 5, 0.1, 0.0, null, null);   // 5 SGD steps
 * }</pre>
 */
public final class LocalSgd {
    private LocalSgd() {}

    /**
     * Runs {@code steps} steps {@code x ← x − lr·(∇f(x; ξ_k) + μ(x − anchor) + correction)} on the
     * worker's parameters (anchor and correction may be null); returns the mean minibatch loss.
     */
    public static double run(Worker w, Rng rng, int steps, double lr, double mu, ParamVector anchor, ParamVector correction) {
        if (steps < 1) throw new IllegalArgumentException("LocalSgd.run: steps must be ≥ 1, got " + steps + " (worker " + w.id() + ")");
        ParamVector x = w.params();
        ParamVector g = w.state("grad");
        double loss = 0;
        for (int k = 0; k < steps; k++) {
            loss += w.problem().gradient(x, rng.split(k), g);
            if (mu != 0) {
                g.axpyInPlace(mu, x);
                g.axpyInPlace(-mu, anchor);
            }
            if (correction != null) g.axpyInPlace(1, correction);
            x.axpyInPlace(-lr, g);
        }
        w.countGradients(steps);
        return loss / steps;
    }
}
