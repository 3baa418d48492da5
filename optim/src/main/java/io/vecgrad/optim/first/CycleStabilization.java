package io.vecgrad.optim.first;

import io.vecgrad.optim.Chain;
import io.vecgrad.optim.ElementwiseTransform;
import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.State;
import io.vecgrad.optim.schedule.Schedule;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * P24 cycle-stabilisation SGD and Adam, <b>[reconstructed]</b>. Smorodin (2021, "The use of
 * control theory methods in training neural networks on the example of teeth recognition on
 * panoramic X-ray images", Automation of technological and business processes 13(2):36–40)
 * modifies SGD and Adam with the authors' group's theory of stabilising cycles of discrete
 * dynamical systems; the paper's exact update rule is not public. This class follows the
 * published construction that paper builds on — delayed feedback control by mixing the map's
 * values at past iterates (Dmitrishin, Khamitova, Korenovskyi, Stokolos et al.,
 * arXiv:1210.0871, arXiv:1303.6321, arXiv:1408.0163, arXiv:1709.10410, arXiv:1712.06035):
 *
 * <pre>
 * F(x) = x + u(x)                         u the inner optimizer's update: −η·g (SGD) or Adam's step
 * x_{n+1} = Σ_{j=1..N} a_j·F(x_{n−j+1}),   Σ a_j = 1
 * a_j = 2·tan(π/(2(N+1)))·(1 − j/(N+1))·sin(πj/(N+1))     (Dmitrishin &amp; Khamitova's extremal Fejér coefficients)
 * </pre>
 *
 * For a fixed point with multiplier μ = F'(x*) the characteristic polynomial
 * {@code λ^N − μ·(a_1λ^{N−1} + … + a_N)} is Schur stable for every μ ∈ (−cot²(π/(2(N+1))), 1), the
 * widest interval any coefficients with Σa_j = 1 reach (arXiv:1303.6321). For gradient descent on
 * a quadratic with curvature λ, μ = 1 − ηλ: plain GD needs ηλ &lt; 2 (at ηλ = 2 it is a 2-cycle,
 * beyond it diverges); N = 2 (a = (2/3, 1/3)) is stable up to ηλ &lt; 4, N = 3 up to ηλ &lt; 1 +
 * cot²(π/8) ≈ 6.83. Gradients are taken at the current iterate only (one per step, as in SGD);
 * the N − 1 past values F(x_{n−j+1}) are kept as slots {@code f1 … f(N−1)}. Before N iterates
 * exist the missing past values are taken equal to the first F(x_0) (the step is then plain).
 * N = 1 (a = (1)) returns the inner transformation itself: bitwise plain SGD/Adam.
 *
 * <pre>{@code
 * Optimizer sgd = Optimizer.of(params, CycleStabilization.sgd(Schedule.constant(0.5), 2));
 * Optimizer adam = Optimizer.of(params, CycleStabilization.adam(Schedule.constant(1e-3), 0.9, 0.999, 1e-8, 3));
 * double[] a = CycleStabilization.fejer(2);      // {2/3, 1/3}
 * }</pre>
 */
public final class CycleStabilization {
    private CycleStabilization() {}

    /** The extremal Fejér coefficients a_1..a_N (sum 1). */
    public static double[] fejer(int n) {
        if (n < 1) throw new IllegalArgumentException("CycleStabilization.fejer: N must be >= 1, got " + n);
        double c = 2 * Math.tan(Math.PI / (2 * (n + 1)));
        double[] a = new double[n];
        for (int j = 1; j <= n; j++) a[j - 1] = c * (1 - (double) j / (n + 1)) * Math.sin(Math.PI * j / (n + 1));
        return a;
    }

    /** The GD multiplier bound: the mixed iteration is stable for μ = 1 − ηλ ∈ (−cot²(π/(2(N+1))), 1) with {@link #fejer} coefficients. */
    public static double stableMultiplier(int n) {
        double t = Math.tan(Math.PI / (2 * (n + 1)));
        return -1 / (t * t);
    }

    /** SGD (no momentum, learning rate {@code lr}) with N-step Fejér mixing. */
    public static GradientTransformation sgd(Schedule lr, int n) {
        return of(Sgd.sgd(lr, 0, 0, 0, false), fejer(n));
    }

    /** Adam with N-step Fejér mixing. */
    public static GradientTransformation adam(Schedule lr, double b1, double b2, double eps, int n) {
        return of(Adam.adam(lr, b1, b2, eps, 0, false), fejer(n));
    }

    /** {@code inner} followed by {@link #mixPast}; {@code inner} itself when a = (1). */
    public static GradientTransformation of(GradientTransformation inner, double[] a) {
        check(a);
        return a.length == 1 ? inner : new Chain(List.of(inner, mixPast(a)));
    }

    /**
     * The mixing block: with incoming update u at parameter p, {@code F = p + u}, outgoing update
     * {@code a_1·F + Σ_{j≥2} a_j·F_{past j} − p}; slots {@code f1 … f(N−1)} hold the past F values.
     */
    public static ElementwiseTransform mixPast(double[] coefficients) {
        double[] a = check(coefficients).clone();
        String[] slots = new String[a.length - 1];
        for (int j = 0; j < slots.length; j++) slots[j] = "f" + (j + 1);
        return new ElementwiseTransform(slots) {
            @Override
            protected Rule rule(long t, State previous, Params input) {
                boolean first = t == 1;
                return (u, p, s, i) -> {
                    double f = p + u;
                    double next = a[0] * f;
                    for (int j = 1; j < a.length; j++) next += a[j] * (first ? f : s[j - 1].get(i));
                    for (int j = a.length - 2; j >= 1; j--) s[j].set(i, first ? f : s[j - 1].get(i));
                    if (a.length > 1) s[0].set(i, f);
                    return next - p;
                };
            }

            @Override
            public Map<String, Double> hyperParams(State state) {
                return Map.of("cycle_memory", (double) a.length);
            }
        };
    }

    private static double[] check(double[] a) {
        if (a.length == 0) throw new IllegalArgumentException("CycleStabilization: needs at least one coefficient");
        double sum = 0;
        for (double v : a) {
            if (!Double.isFinite(v)) throw new IllegalArgumentException("CycleStabilization: coefficients must be finite, got " + Arrays.toString(a));
            sum += v;
        }
        if (Math.abs(sum - 1) > 1e-9) throw new IllegalArgumentException("CycleStabilization: coefficients must sum to 1, got " + sum + " for " + Arrays.toString(a));
        return a;
    }
}
