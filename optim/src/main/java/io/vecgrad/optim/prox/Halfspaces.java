package io.vecgrad.optim.prox;

import java.util.Arrays;

/**
 * Indicator of a polyhedron given by halfspaces, {@code P = {u : n_iᵀu ≥ c_i, i = 1..m}}; its prox
 * is the Euclidean projection, computed by Hildreth's algorithm (C. Hildreth, "A quadratic
 * programming procedure", Naval Res. Logist. Q. 4, 1957): coordinate ascent on the dual of
 * {@code min ½‖u − v‖² s.t. Nu ≥ c}. With multipliers {@code μ ≥ 0} and {@code u = v + Nᵀμ}, one
 * sweep visits each row in order and sets
 * {@code δ = max(−μ_i, (c_i − n_iᵀu)/‖n_i‖²)}, {@code μ_i += δ}, {@code u += δ n_i}. The iterates
 * converge to the projection for any non-empty P; a sweep costs one pass over the rows, and the
 * loop stops when no constraint is violated by more than {@code tol} (relative to ‖n_i‖) and the
 * last sweep moved no multiplier by more than {@code tol}.
 *
 * <pre>{@code
 * // the corner {u : u0 ≥ 1, u1 ≥ 1}
 * Halfspaces corner = new Halfspaces(new double[][] {{1, 0}, {0, 1}}, new double[] {1, 1}, 1e-12, 1000);
 * corner.prox(new double[] {0, 3}, 1);                     // {1, 3}
 * Halfspaces.Projection p = corner.project(new double[] {-1, -2});
 * p.point();        // {1, 1}
 * p.multipliers();  // {2, 3}: v + Nᵀμ = u
 * }</pre>
 *
 * @param rows the normals n_i, each of the same length; @param bounds c_i;
 * @param tol stopping tolerance; @param maxSweeps sweeps before {@link #prox} gives up
 */
public record Halfspaces(double[][] rows, double[] bounds, double tol, int maxSweeps) implements Prox {
    public Halfspaces {
        if (rows.length != bounds.length) {
            throw new IllegalArgumentException("Halfspaces: " + rows.length + " rows but " + bounds.length + " bounds");
        }
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != rows[0].length) {
                throw new IllegalArgumentException("Halfspaces: row " + i + " has length " + rows[i].length + ", row 0 has " + rows[0].length);
            }
            double norm = 0;
            for (double r : rows[i]) norm += r * r;
            if (!(norm > 0) || Double.isInfinite(norm)) {
                throw new IllegalArgumentException("Halfspaces: row " + i + " must be finite and non-zero, got squared norm " + norm);
            }
        }
        if (!(tol > 0) || maxSweeps < 1) {
            throw new IllegalArgumentException("Halfspaces: needs tol > 0 and maxSweeps ≥ 1, got tol=" + tol + ", maxSweeps=" + maxSweeps);
        }
    }

    /** The projection u, the multipliers μ (u = v + Nᵀμ, μ ≥ 0), sweeps used and the largest violation left. */
    public record Projection(double[] point, double[] multipliers, int sweeps, double maxViolation, boolean converged) {}

    @Override
    public double value(double[] x) {
        return maxViolation(x) <= 0 ? 0 : Double.POSITIVE_INFINITY;
    }

    /** The projection of v onto P; throws when Hildreth's loop has not converged in {@code maxSweeps}. */
    @Override
    public void prox(double[] v, double t, double[] out) {
        Prox.check("Halfspaces", v, t, out);
        Projection p = project(v);
        if (!p.converged()) {
            throw new IllegalStateException("Halfspaces.prox: not converged after " + p.sweeps() + " sweeps, largest violation "
                    + p.maxViolation() + " > tol " + tol);
        }
        System.arraycopy(p.point(), 0, out, 0, out.length);
    }

    /** Hildreth's loop from μ = 0; reports convergence instead of throwing. */
    public Projection project(double[] v) {
        int n = rows.length == 0 ? v.length : rows[0].length;
        if (v.length != n) throw new IllegalArgumentException("Halfspaces.project: point has length " + v.length + ", rows have " + n);
        double[] u = v.clone(), mu = new double[rows.length], sq = new double[rows.length];
        for (int i = 0; i < rows.length; i++) sq[i] = dot(rows[i], rows[i]);
        int sweep = 0;
        double moved = Double.POSITIVE_INFINITY;
        while (sweep < maxSweeps && (moved > tol || maxViolation(u) > tol)) {
            moved = 0;
            for (int i = 0; i < rows.length; i++) {
                double delta = Math.max(-mu[i], (bounds[i] - dot(rows[i], u)) / sq[i]);
                if (delta == 0) continue;
                mu[i] += delta;
                for (int j = 0; j < n; j++) u[j] += delta * rows[i][j];
                moved = Math.max(moved, Math.abs(delta) * Math.sqrt(sq[i]));
            }
            sweep++;
        }
        double violation = maxViolation(u);
        return new Projection(u, mu, sweep, violation, violation <= tol && moved <= tol);
    }

    /** {@code max_i (c_i − n_iᵀu)/‖n_i‖}, clipped below at 0. */
    public double maxViolation(double[] u) {
        double worst = 0;
        for (int i = 0; i < rows.length; i++) {
            worst = Math.max(worst, (bounds[i] - dot(rows[i], u)) / Math.sqrt(dot(rows[i], rows[i])));
        }
        return worst;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    @Override
    public String toString() {
        return "Halfspaces[" + rows.length + " rows × " + (rows.length == 0 ? 0 : rows[0].length) + ", tol=" + tol + ", maxSweeps=" + maxSweeps
                + ", bounds=" + Arrays.toString(Arrays.copyOf(bounds, Math.min(4, bounds.length))) + (bounds.length > 4 ? "…" : "") + "]";
    }
}
