package io.vecgrad.distributed.curriculum;

/**
 * A pacing function g(t): how many of a client's N ordered examples are usable at round t of
 * T. It starts at ⌈b·N⌉, reaches N at round a·T and never decreases (so the usable sets are
 * nested prefixes). Shapes follow the pacing family of Wu, Dyer and Neyshabur (2021) that P47
 * uses [reconstructed: the exponential and logarithmic curvature κ = 5 is our choice]: with
 * u = min(1, t/(aT)) the usable fraction is b + (1−b)·h(u), h one of linear u, step
 * ⌊u·s⌋/s, quadratic u², root √u, exponential (e^{κu}−1)/(e^κ−1), logarithmic ln(1+(e^κ−1)u)/κ.
 *
 * <pre>{@code
 * Pacing g = Pacing.linear(0.5, 0.2, 100);   // a = 0.5, b = 0.2, T = 100 rounds
 * int usable = g.usable(25, 1000);           // 600 of 1000 examples at round 25
 * }</pre>
 *
 * @param shape the ramp h
 * @param a     fraction of the rounds after which all data is used, in (0, 1]
 * @param b     fraction of the data usable at round 0, in (0, 1]
 * @param rounds total rounds T
 * @param steps number of steps s of the step shape (ignored otherwise)
 */
public record Pacing(Shape shape, double a, double b, int rounds, int steps) {
    private static final double KAPPA = 5;

    /** The ramp h(u), u ∈ [0, 1], h(0) = 0, h(1) = 1, non-decreasing. */
    public enum Shape { LINEAR, STEP, QUADRATIC, ROOT, EXPONENTIAL, LOGARITHMIC }

    public Pacing {
        if (!(a > 0 && a <= 1) || !(b > 0 && b <= 1) || rounds < 1) {
            throw new IllegalArgumentException("Pacing: need a ∈ (0, 1], b ∈ (0, 1] and T ≥ 1, got a = " + a + ", b = " + b + ", T = " + rounds);
        }
        if (shape == Shape.STEP && steps < 1) throw new IllegalArgumentException("Pacing: the step shape needs s ≥ 1 steps, got " + steps);
    }

    public static Pacing linear(double a, double b, int rounds) {
        return new Pacing(Shape.LINEAR, a, b, rounds, 0);
    }

    public static Pacing step(double a, double b, int rounds, int steps) {
        return new Pacing(Shape.STEP, a, b, rounds, steps);
    }

    /** All data from round 0 (b = 1): plain FedAvg sampling. */
    public static Pacing none(int rounds) {
        return linear(1, 1, rounds);
    }

    /** The usable fraction at round t. */
    public double fraction(long t) {
        if (t < 0) throw new IllegalArgumentException("Pacing.fraction: round must be ≥ 0, got " + t);
        double u = Math.min(1, t / (a * rounds));
        double h = switch (shape) {
            case LINEAR -> u;
            case STEP -> Math.floor(u * steps) / steps;
            case QUADRATIC -> u * u;
            case ROOT -> Math.sqrt(u);
            case EXPONENTIAL -> Math.expm1(KAPPA * u) / Math.expm1(KAPPA);
            case LOGARITHMIC -> Math.log1p(Math.expm1(KAPPA) * u) / KAPPA;
        };
        return Math.min(1, b + (1 - b) * h);
    }

    /** g(t) = ⌈fraction(t)·N⌉, between ⌈bN⌉ and N. */
    public int usable(long t, int n) {
        if (n < 0) throw new IllegalArgumentException("Pacing.usable: N must be ≥ 0, got " + n);
        if (fraction(t) >= 1) return n;
        return (int) Math.min(n, Math.ceil(fraction(t) * n - 1e-9));
    }
}
