package io.vecgrad.optim.mfac;

import io.vecgrad.tensor.kernel.Level1F64;
import io.vecgrad.tensor.kernel.ReduceF64;

/**
 * The dynamic (sliding-window) M-FAC algorithm (P48; Frantar, Kurtic and Alistarh, NeurIPS 2021;
 * the reference is {@code HInvFastUpMulti} in {@code optim.py} of IST-DASLab/M-FAC): products with
 * the inverse of the damped empirical Fisher
 *
 * <pre>
 * F̂ = λ·I + (1/m)·Σ_{i&lt;m} g_i·g_iᵀ
 * </pre>
 *
 * over a ring buffer of the last m gradients {@code G} (m × d, zeros at the start), without any
 * d × d matrix. The state is {@code G}, its Gram matrix {@code GGᵀ} and the ring pointer; after each
 * replacement {@link #setup} runs a non-pivoted LU of {@code D + m·I} with {@code D = λ⁻¹·GGᵀ},
 * whose upper factor gives the Woodbury denominators {@code den_i = U_ii} and the elimination
 * coefficients, and builds the lower-triangular matrix {@code B} (m × m) with
 * {@code v_i = F_{i−1}⁻¹g_i = Σ_j B_ij·g_j}. An IHVP then costs O(dm + m²):
 * {@code q = λ⁻¹·G·x}, forward elimination of {@code q} through U, {@code c = (q/den)·B},
 * {@code F̂⁻¹x = λ⁻¹·x − Gᵀc}. Replacing a gradient costs O(dm) for the Gram row plus O(m³) for
 * the set-up (the reference recomputes rows of B from the ring pointer on; this class recomputes
 * all of them, which gives the same numbers since earlier rows do not depend on later ones).
 *
 * <p>Arithmetic is float64; the buffers are plain row-major arrays that the caller may share
 * ({@link Mfac} keeps them in its optimizer state). Not thread-safe. Dot products use
 * {@code ReduceF64.dot} (lanes summed in a fixed order), so results do not depend on when the JIT
 * compiled the caller ({@code Level1F64.dot}'s {@code reduceLanes} does, on JDK 25).
 *
 * <pre>{@code
 * DynamicIhvp w = new DynamicIhvp(32, d, 1e-5);
 * for (double[] g : gradients) w.update(g);
 * double[] y = w.mul(x);                       // (1e-5·I + GᵀG/32)⁻¹ x
 * double[] u = w.updateMul(gNew);              // insert gNew (dropping the oldest), then F̂⁻¹ gNew
 * }</pre>
 */
public final class DynamicIhvp {
    private final int m;
    private final int d;
    private final double lambd;
    private final double[] grads;
    private final double[] dots;
    private int last;
    private final double[] giHig;
    private final double[] denom;
    private final double[] coef;
    private final double[] q;
    private boolean ready;

    /** An empty window (all m gradients zero) of dimension d with damping λ = {@code damp}. */
    public DynamicIhvp(int m, int d, double damp) {
        this(m, d, damp, new double[Math.multiplyExact(m, d)], new double[m * m], 0);
    }

    /**
     * A window over existing buffers (shared, not copied): {@code grads} m × d and {@code dots}
     * = G·Gᵀ (m × m), row-major, and the ring pointer {@code last} (the next slot replaced).
     */
    public DynamicIhvp(int m, int d, double damp, double[] grads, double[] dots, int last) {
        if (m < 1 || d < 1) throw new IllegalArgumentException("DynamicIhvp: need m >= 1 and d >= 1, got m=" + m + ", d=" + d);
        if (!(damp > 0) || !Double.isFinite(damp)) throw new IllegalArgumentException("DynamicIhvp: damp must be finite and > 0, got " + damp);
        if (grads.length != (long) m * d || dots.length != m * m) {
            throw new IllegalArgumentException("DynamicIhvp: buffers of " + grads.length + " and " + dots.length + " values for m=" + m + ", d=" + d);
        }
        if (last < 0 || last >= m) throw new IllegalArgumentException("DynamicIhvp: ring pointer " + last + " outside [0, " + m + ")");
        this.m = m;
        this.d = d;
        this.lambd = 1 / damp;
        this.grads = grads;
        this.dots = dots;
        this.last = last;
        this.giHig = new double[m * m];
        this.denom = new double[m];
        this.coef = new double[m * m];
        this.q = new double[m];
    }

    public int m() {
        return m;
    }

    public int d() {
        return d;
    }

    /** The slot the next {@link #update} replaces. */
    public int last() {
        return last;
    }

    /**
     * Recomputes the LU-derived factors from {@code GGᵀ}: {@code giHig} = the strictly upper part
     * of U plus {@code diag(U) − m}, {@code den = diag(U)}, and B row by row
     * ({@code B_ii = λ⁻¹}, {@code B_{i,:i} = t_{i,:i}·B_{:i,:i}} with {@code t_ij = −U_ji/den_j}).
     */
    void setup() {
        for (int i = 0; i < m * m; i++) giHig[i] = lambd * dots[i];
        for (int i = 0; i < m; i++) giHig[i * m + i] += m;
        // Non-pivoted LU (Doolittle, right-looking); only U is kept: D + mI is positive definite.
        for (int k = 0; k < m; k++) {
            double pivot = giHig[k * m + k];
            for (int i = k + 1; i < m; i++) {
                double l = giHig[i * m + k] / pivot;
                if (l != 0) Level1F64.axpy(m - k - 1, -l, giHig, k * m + k + 1, giHig, i * m + k + 1);
                giHig[i * m + k] = 0;
            }
        }
        for (int i = 0; i < m; i++) {
            denom[i] = giHig[i * m + i];
            giHig[i * m + i] -= m;
        }
        java.util.Arrays.fill(coef, 0);
        for (int i = 0; i < m; i++) coef[i * m + i] = lambd;
        for (int i = 1; i < m; i++) {
            for (int j = 0; j < i; j++) {
                double t = -giHig[j * m + i] / denom[j];
                if (t != 0) Level1F64.axpy(j + 1, t, coef, j * m, coef, i * m);
            }
        }
        ready = true;
    }

    /** F̂⁻¹x for the current window. */
    public double[] mul(double[] x) {
        checkLength(x, "mul");
        if (!ready) setup();
        double[] gx = new double[m];
        for (int i = 0; i < m; i++) gx[i] = ReduceF64.dot(grads, i * d, 1, x, 0, 1, d);
        double[] out = new double[d];
        mulInto(x, gx, out);
        return out;
    }

    /** {@code out = F̂⁻¹x} given {@code gx = G·x}; {@code out} may be {@code x}. */
    private void mulInto(double[] x, double[] gx, double[] out) {
        for (int i = 0; i < m; i++) q[i] = lambd * gx[i];
        for (int i = 1; i < m; i++) {
            double s = q[i - 1] / denom[i - 1];
            if (s != 0) Level1F64.axpy(m - i, -s, giHig, (i - 1) * m + i, q, i);
        }
        for (int i = 0; i < m; i++) q[i] /= denom[i];
        double[] c = new double[m];
        for (int i = 0; i < m; i++) {
            if (q[i] != 0) Level1F64.axpy(i + 1, q[i], coef, i * m, c, 0);
        }
        if (out != x) System.arraycopy(x, 0, out, 0, d);
        for (int k = 0; k < d; k++) out[k] *= lambd;
        for (int j = 0; j < m; j++) {
            if (c[j] != 0) Level1F64.axpy(d, -c[j], grads, j * d, out, 0);
        }
    }

    /** Replaces the oldest gradient with {@code g} (copied) and redoes the set-up. */
    public void update(double[] g) {
        insert(g);
        setup();
        last = (last + 1) % m;
    }

    /** Replaces the oldest gradient with {@code g}, then returns F̂⁻¹g for the new window. */
    public double[] updateMul(double[] g) {
        double[] out = new double[d];
        updateMulInto(g, out);
        return out;
    }

    /** {@link #updateMul} writing into {@code out} (which may be {@code g}). */
    public void updateMulInto(double[] g, double[] out) {
        double[] gg = insert(g);
        setup();
        mulInto(g, gg, out);
        last = (last + 1) % m;
    }

    /** Writes g into row {@code last} and its products with the window into row and column {@code last} of GGᵀ. */
    private double[] insert(double[] g) {
        checkLength(g, "update");
        System.arraycopy(g, 0, grads, last * d, d);
        double[] gg = new double[m];
        for (int i = 0; i < m; i++) gg[i] = ReduceF64.dot(grads, i * d, 1, g, 0, 1, d);
        for (int i = 0; i < m; i++) {
            dots[last * m + i] = gg[i];
            dots[i * m + last] = gg[i];
        }
        return gg;
    }

    private void checkLength(double[] x, String op) {
        if (x.length != d) throw new IllegalArgumentException("DynamicIhvp." + op + ": vector of length " + x.length + ", window dimension " + d);
    }
}
