package io.vecgrad.optim.minmax;

import java.util.List;

/**
 * Simultaneous gradient descent-ascent: {@code z ← Π(z − γF(z))}. It diverges on the plain
 * bilinear game {@code f(x, y) = xᵀAy} for every γ &gt; 0 (the iteration matrix {@code I − γJ} has
 * eigenvalues {@code 1 ± iγσ} of modulus &gt; 1) — the baseline that {@link Extragradient} fixes.
 *
 * <pre>{@code
 * MinMaxResult r = new GradientDescentAscent(0.1).solve(List.of(f), z0, VIOptions.iterations(100));
 * }</pre>
 */
public record GradientDescentAscent(double step) implements VIMethod {
    @Override
    public MinMaxResult solve(List<Operator> devices, double[] z0, VIOptions options) {
        Run run = new Run(options, z0.length, devices.size());
        double[] z = z0.clone();
        while (!run.done(z)) {
            z = run.project(Vectors.axpy(z, -step, run.meanOperator(devices, z)));
            run.k++;
        }
        return run.result(z);
    }

    @Override
    public String name() {
        return "gda";
    }
}
