package io.vecgrad.optim.minmax;

import java.util.List;

/**
 * Extragradient (Korpelevich 1976): {@code z^{k+½} = Π(z − γF(z))}, {@code z^{k+1} = Π(z − γF(z^{k+½}))}.
 * Converges on monotone L-Lipschitz problems for γ &lt; 1/L (linearly when strongly monotone),
 * including the bilinear game where {@link GradientDescentAscent} diverges. Two operator
 * evaluations and, distributed, two dense uplink vectors per device per iteration.
 *
 * <pre>{@code
 * MinMaxResult r = new Extragradient(0.5 / game.lipschitz()).solve(game.devices(), z0, options);
 * }</pre>
 */
public record Extragradient(double step) implements VIMethod {
    @Override
    public MinMaxResult solve(List<Operator> devices, double[] z0, VIOptions options) {
        Run run = new Run(options, z0.length, devices.size());
        double[] z = z0.clone();
        while (!run.done(z)) {
            double[] half = run.project(Vectors.axpy(z, -step, run.meanOperator(devices, z)));
            z = run.project(Vectors.axpy(z, -step, run.meanOperator(devices, half)));
            run.k++;
        }
        return run.result(z);
    }

    @Override
    public String name() {
        return "extragradient";
    }
}
