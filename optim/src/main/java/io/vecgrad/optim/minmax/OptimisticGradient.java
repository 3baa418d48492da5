package io.vecgrad.optim.minmax;

import java.util.List;

/**
 * Optimistic gradient / Popov's past extragradient: the extrapolation reuses the last operator
 * value instead of a fresh one, {@code w^k = Π(z^k − γF(w^{k−1}))}, {@code z^{k+1} = Π(z^k − γF(w^k))}
 * (w^{−1} = z^0). Unconstrained this is {@code w^{k+1} = w^k − 2γF(w^k) + γF(w^{k−1})}. One operator
 * evaluation per iteration; converges on monotone problems for γ &lt; 1/(2L).
 *
 * <pre>{@code
 * MinMaxResult r = new OptimisticGradient(0.25 / game.lipschitz()).solve(game.devices(), z0, options);
 * }</pre>
 */
public record OptimisticGradient(double step) implements VIMethod {
    @Override
    public MinMaxResult solve(List<Operator> devices, double[] z0, VIOptions options) {
        Run run = new Run(options, z0.length, devices.size());
        double[] z = z0.clone();
        double[] past = run.meanOperator(devices, z);
        while (!run.done(z)) {
            double[] w = run.project(Vectors.axpy(z, -step, past));
            past = run.meanOperator(devices, w);
            z = run.project(Vectors.axpy(z, -step, past));
            run.k++;
        }
        return run.result(z);
    }

    @Override
    public String name() {
        return "optimistic";
    }
}
