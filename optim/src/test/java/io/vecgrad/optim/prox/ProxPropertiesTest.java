package io.vecgrad.optim.prox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.Tensor;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * Defining properties of each proximal operator: the prox minimizes {@code g(u) + ‖u − v‖²/(2t)}
 * (checked against random perturbations, or for projections by the variational inequality
 * against random feasible points), and the Moreau identity
 * {@code v = prox_{tg}(v) + t·prox_{g^* / t}(v/t)} where {@code prox_{g^* / t}} is computed
 * independently from the conjugate's closed form (or by bisection for the simplex and L1 ball).
 */
class ProxPropertiesTest {
    static double[] arr(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static double tol(double[] v) {
        double m = 1;
        for (double x : v) m = Math.max(m, Math.abs(x));
        return 1e-10 * m;
    }

    /** φ(u) = g(u) + ‖u − v‖²/(2t). */
    static double phi(Prox g, double[] u, double[] v, double t) {
        double s = 0;
        for (int i = 0; i < u.length; i++) s += (u[i] - v[i]) * (u[i] - v[i]);
        return g.value(u) + s / (2 * t);
    }

    /** The prox value is no worse than 200 random perturbations of it (of several sizes, some sparse). */
    static void assertMinimizes(Prox g, double[] v, double t, long seed) {
        double[] u = g.prox(v, t);
        double best = phi(g, u, v, t);
        Random rnd = new Random(seed);
        for (int k = 0; k < 200; k++) {
            double eps = Math.pow(10, -1 - rnd.nextInt(6));
            double[] w = u.clone();
            boolean single = rnd.nextBoolean();
            int j = rnd.nextInt(w.length);
            for (int i = 0; i < w.length; i++) if (!single || i == j) w[i] += eps * rnd.nextGaussian();
            assertTrue(phi(g, w, v, t) >= best - 1e-12 * Math.max(1, Math.abs(best)),
                    () -> g + ": perturbation beats prox, " + phi(g, w, v, t) + " < " + best);
        }
    }

    /** Projection P onto C: P(v) ∈ C, and ⟨v − P(v), z − P(v)⟩ ≤ 0 for feasible z. */
    static void assertProjection(Prox c, double[] v, List<double[]> feasible) {
        double[] p = c.prox(v, 1.0);
        assertEquals(0.0, c.value(p), () -> c + ": projection is infeasible");
        assertArrayEquals(p, c.prox(p, 1.0), tol(v), () -> c + ": projection not idempotent");
        for (double[] z : feasible) {
            assertEquals(0.0, c.value(z), "test point must be feasible");
            double s = 0;
            for (int i = 0; i < v.length; i++) s += (v[i] - p[i]) * (z[i] - p[i]);
            assertTrue(s <= tol(v) * tol(v) * 1e12, c + ": variational inequality fails, " + s);
        }
    }

    /** v = prox_{tg}(v) + t·conjProx(v/t) where conjProx = prox_{g^* / t}. */
    static void assertMoreau(Prox g, double[] v, double t, UnaryOperator<double[]> conjProx) {
        double[] p = g.prox(v, t);
        double[] y = v.clone();
        for (int i = 0; i < y.length; i++) y[i] /= t;
        double[] q = conjProx.apply(y);
        double[] sum = new double[v.length];
        for (int i = 0; i < v.length; i++) sum[i] = p[i] + t * q[i];
        assertArrayEquals(v, sum, tol(v), () -> g + ": Moreau identity fails");
    }

    static double[] map(double[] y, java.util.function.DoubleUnaryOperator f) {
        double[] z = y.clone();
        for (int i = 0; i < z.length; i++) z[i] = f.applyAsDouble(z[i]);
        return z;
    }

    /** Radius-λ Euclidean ball projection of {@code y[idx]} in place. */
    static void ballProject(double[] y, int[] idx, double radius) {
        double s = 0;
        for (int i : idx) s += y[i] * y[i];
        double n = Math.sqrt(s);
        if (n > radius) for (int i : idx) y[i] *= radius / n;
    }

    /** Root τ of the decreasing h(τ) = Σ(f(y_i) − τ)_+ − c by bisection. */
    static double bisect(double[] f, double c) {
        double lo = -1e6, hi = 1e6;
        for (int it = 0; it < 300; it++) {
            double mid = 0.5 * (lo + hi), h = -c;
            for (double fi : f) h += Math.max(fi - mid, 0);
            if (h > 0) lo = mid;
            else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    // --- L1 ---
    @Property(tries = 200)
    void l1(@ForAll @Size(min = 1, max = 12) List<@DoubleRange(min = -10, max = 10) Double> xs,
            @ForAll @DoubleRange(min = 0, max = 3) double lambda, @ForAll @DoubleRange(min = 0.05, max = 5) double t) {
        double[] v = arr(xs);
        L1Norm g = new L1Norm(lambda);
        assertMinimizes(g, v, t, xs.hashCode());
        // g^* = indicator of ‖y‖∞ ≤ λ: its prox clips to [−λ, λ]
        assertMoreau(g, v, t, y -> map(y, a -> Math.max(-lambda, Math.min(lambda, a))));
    }

    // --- L2 ---
    @Property(tries = 200)
    void l2(@ForAll @Size(min = 1, max = 12) List<@DoubleRange(min = -10, max = 10) Double> xs,
            @ForAll @DoubleRange(min = 0, max = 20) double lambda, @ForAll @DoubleRange(min = 0.05, max = 5) double t) {
        double[] v = arr(xs);
        L2Norm g = new L2Norm(lambda);
        assertMinimizes(g, v, t, xs.hashCode());
        int[] all = java.util.stream.IntStream.range(0, v.length).toArray();
        assertMoreau(g, v, t, y -> {
            double[] z = y.clone();
            ballProject(z, all, lambda);
            return z;
        });
    }

    // --- group lasso: groups {0,1,2}, {3}, {4,5}; index 6.. unpenalized ---
    static final int[][] GROUPS = {{0, 2, 1}, {3}, {5, 4}};

    @Property(tries = 200)
    void groupLasso(@ForAll @Size(min = 6, max = 9) List<@DoubleRange(min = -10, max = 10) Double> xs,
                    @ForAll @DoubleRange(min = 0, max = 5) double lambda, @ForAll @DoubleRange(min = 0.05, max = 5) double t) {
        double[] v = arr(xs);
        GroupLasso g = GroupLasso.of(GROUPS, lambda);
        assertMinimizes(g, v, t, xs.hashCode());
        // g^* = Σ indicator(‖y_g‖ ≤ λ√|g|) + indicator(y_i = 0 off the groups)
        assertMoreau(g, v, t, y -> {
            double[] z = new double[y.length];
            for (int[] grp : GROUPS) {
                for (int i : grp) z[i] = y[i];
                ballProject(z, grp, lambda * Math.sqrt(grp.length));
            }
            return z;
        });
    }

    // --- elastic net ---
    @Property(tries = 200)
    void elasticNet(@ForAll @Size(min = 1, max = 12) List<@DoubleRange(min = -10, max = 10) Double> xs,
                    @ForAll @DoubleRange(min = 0, max = 3) double l1, @ForAll @DoubleRange(min = 0.01, max = 3) double l2,
                    @ForAll @DoubleRange(min = 0.05, max = 5) double t) {
        double[] v = arr(xs);
        ElasticNet g = new ElasticNet(l1, l2);
        assertMinimizes(g, v, t, xs.hashCode());
        // g*(y) = Σ (|y| − λ₁)_+² / (2λ₂); prox with step s = 1/t, solved per coordinate
        double s = 1 / t;
        assertMoreau(g, v, t, y -> map(y, a -> Math.abs(a) <= l1 ? a : Math.copySign((l1 * s + Math.abs(a) * l2) / (s + l2), a)));
    }

    // --- box ---
    @Property(tries = 200)
    void box(@ForAll @Size(min = 1, max = 12) List<@DoubleRange(min = -10, max = 10) Double> xs,
             @ForAll @DoubleRange(min = -5, max = 5) double lo, @ForAll @DoubleRange(min = 0, max = 5) double width,
             @ForAll @DoubleRange(min = 0.05, max = 5) double t) {
        double[] v = arr(xs);
        double hi = lo + width;
        Box c = new Box(lo, hi);
        Random rnd = new Random(xs.hashCode());
        List<double[]> zs = new java.util.ArrayList<>();
        for (int k = 0; k < 50; k++) zs.add(map(v, a -> lo + width * rnd.nextDouble()));
        assertProjection(c, v, zs);
        // g^* = support function Σ max(lo·y, hi·y); its prox with step s: y − s·hi above s·hi, y − s·lo below s·lo, else 0
        double s = 1 / t;
        assertMoreau(c, v, t, y -> map(y, a -> a > s * hi ? a - s * hi : a < s * lo ? a - s * lo : 0));
    }

    /** The vertices r·e_i (with random signs when {@code signed}) and projections of random points: feasible test points. */
    static List<double[]> polytopePoints(Prox c, int n, double r, boolean signed, Random rnd) {
        List<double[]> zs = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] e = new double[n];
            e[i] = signed && rnd.nextBoolean() ? -r : r;
            zs.add(e);
        }
        for (int k = 0; k < 30; k++) zs.add(c.prox(map(new double[n], a -> 10 * rnd.nextGaussian()), 1));
        return zs;
    }

    // --- simplex ---
    @Property(tries = 200)
    void simplex(@ForAll @Size(min = 1, max = 12) List<@DoubleRange(min = -10, max = 10) Double> xs,
                 @ForAll @DoubleRange(min = 0.1, max = 5) double r, @ForAll @DoubleRange(min = 0.05, max = 5) double t) {
        double[] v = arr(xs);
        Simplex c = new Simplex(r);
        assertProjection(c, v, polytopePoints(c, v.length, r, false, new Random(xs.hashCode())));
        // g^* = r·max_i y_i; prox with step s is min(y, τ) with Σ(y_i − τ)_+ = s·r (bisection)
        double s = 1 / t;
        assertMoreau(c, v, t, y -> {
            double tau = bisect(y, s * r);
            return map(y, a -> Math.min(a, tau));
        });
    }

    // --- L1 ball ---
    @Property(tries = 200)
    void l1Ball(@ForAll @Size(min = 1, max = 12) List<@DoubleRange(min = -10, max = 10) Double> xs,
                @ForAll @DoubleRange(min = 0, max = 20) double r, @ForAll @DoubleRange(min = 0.05, max = 5) double t) {
        double[] v = arr(xs);
        L1Ball c = new L1Ball(r);
        assertProjection(c, v, polytopePoints(c, v.length, r, true, new Random(xs.hashCode())));
        // g^* = r‖y‖∞; prox with step s is clip(y, −τ, τ) with Σ(|y_i| − τ)_+ = s·r, τ ≥ 0 (bisection)
        double s = 1 / t;
        assertMoreau(c, v, t, y -> {
            double tau = Math.max(0, bisect(map(y, Math::abs), s * r));
            return map(y, a -> Math.max(-tau, Math.min(tau, a)));
        });
    }

    @Test
    void knownValues() {
        assertArrayEquals(new double[] {1.5, 0, -0.5}, new L1Norm(0.5).prox(new double[] {2, -0.2, -1}, 1.0), 0);
        assertArrayEquals(new double[] {2.4, 3.2}, new L2Norm(1).prox(new double[] {3, 4}, 1), 1e-15);
        assertArrayEquals(new double[] {1}, new ElasticNet(1, 1).prox(new double[] {3}, 1), 0);
        assertArrayEquals(new double[] {0, 0.5, 1}, new Box(0, 1).prox(new double[] {-2, 0.5, 3}, 1), 0);
        assertArrayEquals(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, new Simplex(1).prox(new double[] {0.5, 0.5, 0.5}, 1), 1e-15);
        assertArrayEquals(new double[] {1, 0}, new L1Ball(1).prox(new double[] {2, 0}, 1), 0);
        // (0.8, 0.6, −0.4) onto the unit L1 ball: excess 0.8 over 3 active coordinates, θ = 4/15
        assertArrayEquals(new double[] {8 / 15.0, 5 / 15.0, -2 / 15.0}, new L1Ball(1).prox(new double[] {0.8, 0.6, -0.4}, 1), 1e-15);
        Tensor w = new L1Norm(1).prox(Tensor.of(new double[] {3, -0.5, 1, 2}, 2, 2), 1);
        assertArrayEquals(new int[] {2, 2}, w.shape());
        assertArrayEquals(new double[] {2, 0, 0, 1}, w.toDoubleArray(), 0);
    }

    @Test
    void badInputIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new L1Norm(1).prox(new double[2], 1, new double[3]));
        assertTrue(e.getMessage().contains("L1Norm") && e.getMessage().contains("3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new L1Norm(-1));
        assertThrows(IllegalArgumentException.class, () -> new Box(1, 0));
        assertThrows(IllegalArgumentException.class, () -> new L2Norm(1).prox(new double[2], 0));
        assertThrows(IllegalArgumentException.class, () -> new GroupLasso(new int[][] {{0, 1}, {1}}, new double[] {1, 1}, 1));
        assertThrows(IllegalArgumentException.class, () -> GroupLasso.of(new int[][] {{5}}, 1).prox(new double[2], 1));
        assertThrows(IllegalArgumentException.class, () -> new L1Norm(1).prox(Tensor.of(new float[] {1}), 1));
    }
}
