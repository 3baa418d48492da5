package io.vecgrad.optim.bcd;

/**
 * How {@link BlockCoordinateDescent} moves the chosen block b, following the update rules of
 * the P40 code ({@code src/update_rules/update_rules.py} of IssamLaradji/BlockCoordinateDescent).
 */
public enum BlockUpdate {
    /** "Lb": {@code x_b ← x_b − g_b/L_b}; with a non-smooth g, {@code x_b ← prox_{g/L_b}(x_b − g_b/L_b)}. */
    GRADIENT,
    /**
     * "LA": start from the stored {@code L̂ = max_{i∈b} L̂_i} (initially 1) and double it until
     * {@code f(x_b − g_b/L̂) ≤ f(x) − ‖g_b‖²/(2L̂)}; store L̂ for the block's coordinates.
     */
    ADAPTIVE,
    /** "Hb": {@code x_b ← x_b − H_b⁻¹g_b} with the fixed upper bound H_b (Cholesky of H_b + 1e-10·max(1, H_ii)·I). */
    MATRIX,
    /**
     * "LS": Newton direction {@code d = −[∇²_bb f]⁻¹g_b}, then the code's backtracking from α = 1:
     * accept when {@code f(x + αd) ≤ f(x) + 1e-10·α·g_bᵀd}; the first backtrack interpolates a
     * quadratic, later ones a cubic through the last two trials (a non-finite or non-positive
     * interpolant falls back to α/2, a safeguard the code lacks).
     */
    NEWTON,
    /** Exact block minimization of a quadratic f: {@code x_b ← x_b − [∇²_bb f]⁻¹g_b} (the code's bpExact). */
    EXACT,
    /** Exact minimization over a forest block of a {@link SparseQuadratic} by {@link ForestSolve}, in linear time. */
    MESSAGE_PASSING
}
