package io.vecgrad.optim.minmax;

import java.util.List;

/**
 * A method for the variational inequality of the mean operator {@code (1/M) Σ_m F_m} of M
 * simulated devices (a list of one operator is the single-machine case). Methods count the bits
 * the devices and the server exchange (float64 vectors; see {@link
 * io.vecgrad.optim.compress.VectorCompressor}), so compressed and uncompressed methods can be
 * compared per transmitted bit.
 *
 * <pre>{@code
 * VIMethod eg = new Extragradient(0.2);
 * MinMaxResult r = eg.solve(game.devices(), new double[game.dim()], VIOptions.iterations(1000).metric(game::distanceToSolution));
 * }</pre>
 */
public interface VIMethod {
    /** Runs from {@code z0} (not modified) under {@code options}. */
    MinMaxResult solve(List<Operator> devices, double[] z0, VIOptions options);

    /** A short name for tables. */
    String name();
}
