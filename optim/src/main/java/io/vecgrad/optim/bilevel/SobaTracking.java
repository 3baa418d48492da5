package io.vecgrad.optim.bilevel;

import io.vecgrad.tensor.Tensor;

/**
 * SOBA-style single-loop tracking of the adjoint (Dagréou et al. 2022; the z-step of BO-REP,
 * P64): a persistent {@code z ≈ H_yy⁻¹ ∇_y f} moved by one step per call,
 * {@code h = ∇_x f(x, y) − H_xy g · z}, then {@code z ← z − ν (H_yy g · z − ∇_y f)}. The
 * hypergradient uses the z held before the update (SOBA's and BO-REP's order). At a fixed
 * (x, y) with {@code 0 < ν < 2/λ_max(H_yy)} z converges to the AID adjoint and the error
 * {@code ‖z − z*‖_H} falls monotonically, so h converges to the AID hypergradient.
 *
 * <p>Cost per call: 1 gradient of f, one ∇_y g graph and one backward giving both
 * {@code H_xy z} and {@code H_yy z} (1 second-order pass); memory O(dim y) for z.
 * Stateful: z carries over between calls (warm start across outer iterations); {@link #reset()}
 * clears it.
 */
public final class SobaTracking implements HypergradientEstimator {
    private final double nu;
    private Tensor z;

    /** @param nu the z step ν (BO-REP's default 1e-2) */
    public SobaTracking(double nu) {
        if (!(nu > 0)) throw new IllegalArgumentException("SobaTracking: ν must be > 0, got " + nu);
        this.nu = nu;
    }

    /** Starts from the given z (BO-REP initialises it randomly; the default is 0). */
    public SobaTracking start(Tensor z0) {
        this.z = z0.copy();
        return this;
    }

    /** The current tracked adjoint (null before the first call unless {@link #start} was used). */
    public Tensor z() {
        return z;
    }

    /** Forgets z (the next call starts from 0). */
    public void reset() {
        z = null;
    }

    @Override
    public Hypergradient estimate(Bilevel.Objective f, Bilevel.Objective g, Tensor x, Tensor y) {
        Tensor[] df = Bilevel.partials(f, x, y);
        if (z == null) z = Tensor.zeros(y.dtype(), y.shape());
        Tensor[] hz = Linearization.gradientOf(g, x, y).vjpXY(z);   // [H_xy z, H_yy z] in one backward
        Tensor h = df[0].sub(hz[0]);
        Tensor residual = hz[1].sub(df[1]);
        z = z.sub(residual.mul(nu));
        return new Hypergradient(h, y, 2, 1, true, Bilevel.norm(residual), "soba(ν=" + nu + ")");
    }
}
