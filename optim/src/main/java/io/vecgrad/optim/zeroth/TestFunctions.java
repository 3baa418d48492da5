package io.vecgrad.optim.zeroth;

/**
 * The classic benchmark objectives of derivative-free optimization, all with their global
 * minimum 0 at a known point: Rosenbrock (at (1, …, 1)), Rastrigin, Ackley and the sphere (at 0).
 *
 * <pre>{@code
 * double f = TestFunctions.rastrigin(new double[20]);   // 0: the global minimum
 * }</pre>
 */
public final class TestFunctions {
    private TestFunctions() {}

    /** {@code Σ 100 (x_{i+1} − x_i²)² + (1 − x_i)²} (SciPy's {@code rosen}); minimum 0 at (1, …, 1). */
    public static double rosenbrock(double[] x) {
        if (x.length < 2) throw new IllegalArgumentException("rosenbrock: dimension must be >= 2, got " + x.length);
        double s = 0;
        for (int i = 0; i + 1 < x.length; i++) {
            double a = x[i + 1] - x[i] * x[i], b = 1 - x[i];
            s += 100 * a * a + b * b;
        }
        return s;
    }

    /** {@code 10 d + Σ (x_i² − 10 cos 2πx_i)}; minimum 0 at 0, a local minimum near every integer point. */
    public static double rastrigin(double[] x) {
        double s = 10.0 * x.length;
        for (double v : x) s += v * v - 10 * Math.cos(2 * Math.PI * v);
        return s;
    }

    /** {@code −20 exp(−0.2 sqrt(Σx²/d)) − exp(Σ cos(2πx_i)/d) + 20 + e}; minimum 0 at 0. */
    public static double ackley(double[] x) {
        if (x.length == 0) throw new IllegalArgumentException("ackley: dimension must be >= 1");
        double sq = 0, cs = 0;
        for (double v : x) {
            sq += v * v;
            cs += Math.cos(2 * Math.PI * v);
        }
        return -20 * Math.exp(-0.2 * Math.sqrt(sq / x.length)) - Math.exp(cs / x.length) + 20 + Math.E;
    }

    /** {@code Σ x_i²}. */
    public static double sphere(double[] x) {
        double s = 0;
        for (double v : x) s += v * v;
        return s;
    }

    /** Gradient of {@link #rastrigin}: {@code 2x_i + 20π sin 2πx_i} (for the gradient-descent baseline). */
    public static double[] rastriginGradient(double[] x) {
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) g[i] = 2 * x[i] + 20 * Math.PI * Math.sin(2 * Math.PI * x[i]);
        return g;
    }

    /** Gradient of {@link #ackley} (0 at the origin, where the square root is not differentiable). */
    public static double[] ackleyGradient(double[] x) {
        int d = x.length;
        double sq = 0, cs = 0;
        for (double v : x) {
            sq += v * v;
            cs += Math.cos(2 * Math.PI * v);
        }
        double r = Math.sqrt(sq / d);
        double[] g = new double[d];
        if (r == 0) return g;
        double a = 20 * 0.2 * Math.exp(-0.2 * r) / (r * d), b = Math.exp(cs / d) * 2 * Math.PI / d;
        for (int i = 0; i < d; i++) g[i] = a * x[i] + b * Math.sin(2 * Math.PI * x[i]);
        return g;
    }
}
