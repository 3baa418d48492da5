package io.vecgrad.optim.online;

import java.util.Arrays;

/**
 * A convex feasible set of an online learner: Euclidean projection, linear minimization (for the
 * best fixed point in hindsight of linear losses) and diameter. {@link #ball}, {@link #box} and
 * {@link #simplex}.
 *
 * <pre>{@code
 * Domain x = Domain.simplex(3);
 * double[] p = x.project(new double[] {0.5, 0.9, -1});   // [0.3, 0.7, 0]
 * }</pre>
 */
public interface Domain {
    int dim();

    /** The Euclidean projection Π(x) (a new array). */
    double[] project(double[] x);

    /** A minimizer of {@code ⟨v, x⟩} over the set. */
    double[] minimizeLinear(double[] v);

    /** The diameter {@code max ‖x − x'‖}. */
    double diameter();

    /** Whether x lies in the set up to {@code tol} per constraint. */
    boolean contains(double[] x, double tol);

    /** A starting point: the centre of the set. */
    double[] center();

    /** The Euclidean ball {@code ‖x‖ ≤ r} in ℝ^d. */
    static Domain ball(int d, double r) {
        return new Domain() {
            public int dim() {
                return d;
            }

            public double[] project(double[] x) {
                double n = norm(x);
                double[] out = x.clone();
                if (n > r) for (int i = 0; i < d; i++) out[i] *= r / n;
                return out;
            }

            public double[] minimizeLinear(double[] v) {
                double n = norm(v);
                double[] out = new double[d];
                if (n > 0) for (int i = 0; i < d; i++) out[i] = -r * v[i] / n;
                return out;
            }

            public double diameter() {
                return 2 * r;
            }

            public boolean contains(double[] x, double tol) {
                return norm(x) <= r + tol;
            }

            public double[] center() {
                return new double[d];
            }
        };
    }

    /** The box {@code lo ≤ x_i ≤ hi} in ℝ^d. */
    static Domain box(int d, double lo, double hi) {
        if (!(lo <= hi)) throw new IllegalArgumentException("Domain.box: need lo <= hi, got " + lo + ", " + hi);
        return new Domain() {
            public int dim() {
                return d;
            }

            public double[] project(double[] x) {
                double[] out = new double[d];
                new io.vecgrad.optim.prox.Box(lo, hi).prox(x, 1, out);
                return out;
            }

            public double[] minimizeLinear(double[] v) {
                double[] out = new double[d];
                for (int i = 0; i < d; i++) out[i] = v[i] > 0 ? lo : hi;
                return out;
            }

            public double diameter() {
                return (hi - lo) * Math.sqrt(d);
            }

            public boolean contains(double[] x, double tol) {
                for (double v : x) if (v < lo - tol || v > hi + tol) return false;
                return true;
            }

            public double[] center() {
                double[] out = new double[d];
                Arrays.fill(out, (lo + hi) / 2);
                return out;
            }
        };
    }

    /** The probability simplex {@code x ≥ 0, Σx = 1} in ℝ^d (projection: {@link io.vecgrad.optim.prox.Simplex}). */
    static Domain simplex(int d) {
        return new Domain() {
            public int dim() {
                return d;
            }

            public double[] project(double[] x) {
                double[] out = new double[d];
                new io.vecgrad.optim.prox.Simplex(1).prox(x, 1, out);
                return out;
            }

            public double[] minimizeLinear(double[] v) {
                int best = 0;
                for (int i = 1; i < d; i++) if (v[i] < v[best]) best = i;
                double[] out = new double[d];
                out[best] = 1;
                return out;
            }

            public double diameter() {
                return Math.sqrt(2);
            }

            public boolean contains(double[] x, double tol) {
                double s = 0;
                for (double v : x) {
                    if (v < -tol) return false;
                    s += v;
                }
                return Math.abs(s - 1) <= tol;
            }

            public double[] center() {
                double[] out = new double[d];
                Arrays.fill(out, 1.0 / d);
                return out;
            }
        };
    }

    private static double norm(double[] x) {
        double s = 0;
        for (double v : x) s += v * v;
        return Math.sqrt(s);
    }
}
