package io.vecgrad.optim.constrained;

import io.vecgrad.autodiff.Variable;
import java.util.List;
import java.util.function.Function;

/**
 * A small CUTEst-like test set: equality-constrained problems of Hock and Schittkowski, "Test
 * Examples for Nonlinear Programming Codes" (1981), written from their published statements
 * (objective, constraints, standard starting point, optimal value), with derivatives from
 * autodiff. Multipliers start at 0.
 *
 * <pre>{@code
 * for (HockSchittkowski.Case c : HockSchittkowski.all()) {
 *     ConstrainedResult r = AdaSketchNewton.sqp(c.problem(), AdaSketchOptions.defaults());
 *     System.out.println(c.problem().name() + " " + r.reason() + " f = " + c.problem().f(r.x()) + " (f* = " + c.fStar() + ")");
 * }
 * }</pre>
 */
public final class HockSchittkowski {
    private HockSchittkowski() {}

    /** A problem and its published optimal objective value. */
    public record Case(EqualityProblem problem, double fStar) {}

    private static Variable x(Variable v, int i) {
        return v.select(0, i);
    }

    private static Variable vec(Variable... parts) {
        return Variable.stack(0, parts);
    }

    private static Case of(String name, int n, int m, Function<Variable, Variable> f, Function<Variable, Variable> c, double[] x0, double fStar) {
        return new Case(AutodiffProblem.of(name, n, m, f, c, x0, new double[m]), fStar);
    }

    private static final double SQRT2 = Math.sqrt(2);

    /** HS6: (1 − x1)² s.t. 10(x2 − x1²) = 0; f* = 0 at (1, 1). */
    public static Case hs6() {
        return of("HS6", 2, 1, v -> x(v, 0).rsub(1).square(), v -> vec(x(v, 1).sub(x(v, 0).square()).mul(10)), new double[] {-1.2, 1}, 0);
    }

    /** HS7: log(1 + x1²) − x2 s.t. (1 + x1²)² + x2² − 4 = 0; f* = −√3. */
    public static Case hs7() {
        return of("HS7", 2, 1, v -> x(v, 0).square().add(1).log().sub(x(v, 1)),
                v -> vec(x(v, 0).square().add(1).square().add(x(v, 1).square()).sub(4)), new double[] {2, 2}, -Math.sqrt(3));
    }

    /** HS27: 0.01(x1 − 1)² + (x2 − x1²)² s.t. x1 + x3² + 1 = 0; f* = 0.04. */
    public static Case hs27() {
        return of("HS27", 3, 1, v -> x(v, 0).sub(1).square().mul(0.01).add(x(v, 1).sub(x(v, 0).square()).square()),
                v -> vec(x(v, 0).add(x(v, 2).square()).add(1)), new double[] {2, 2, 2}, 0.04);
    }

    /** HS28: (x1 + x2)² + (x2 + x3)² s.t. x1 + 2x2 + 3x3 − 1 = 0; f* = 0. */
    public static Case hs28() {
        return of("HS28", 3, 1, v -> x(v, 0).add(x(v, 1)).square().add(x(v, 1).add(x(v, 2)).square()),
                v -> vec(x(v, 0).add(x(v, 1).mul(2)).add(x(v, 2).mul(3)).sub(1)), new double[] {-4, 1, 1}, 0);
    }

    /** HS39: −x1 s.t. x2 − x1³ − x3² = 0, x1² − x2 − x4² = 0; f* = −1. */
    public static Case hs39() {
        return of("HS39", 4, 2, v -> x(v, 0).neg(),
                v -> vec(x(v, 1).sub(x(v, 0).pow(3)).sub(x(v, 2).square()), x(v, 0).square().sub(x(v, 1)).sub(x(v, 3).square())),
                new double[] {2, 2, 2, 2}, -1);
    }

    /** HS40: −x1x2x3x4 s.t. x1³ + x2² − 1 = 0, x1²x4 − x3 = 0, x4² − x2 = 0; f* = −0.25. */
    public static Case hs40() {
        return of("HS40", 4, 3, v -> x(v, 0).mul(x(v, 1)).mul(x(v, 2)).mul(x(v, 3)).neg(),
                v -> vec(x(v, 0).pow(3).add(x(v, 1).square()).sub(1), x(v, 0).square().mul(x(v, 3)).sub(x(v, 2)), x(v, 3).square().sub(x(v, 1))),
                new double[] {0.8, 0.8, 0.8, 0.8}, -0.25);
    }

    /** HS42: Σ(x_i − i)² s.t. x1 − 2 = 0, x3² + x4² − 2 = 0; f* = 28 − 10√2. */
    public static Case hs42() {
        return of("HS42", 4, 2, v -> x(v, 0).sub(1).square().add(x(v, 1).sub(2).square()).add(x(v, 2).sub(3).square()).add(x(v, 3).sub(4).square()),
                v -> vec(x(v, 0).sub(2), x(v, 2).square().add(x(v, 3).square()).sub(2)), new double[] {1, 1, 1, 1}, 28 - 10 * SQRT2);
    }

    /** HS46: (x1 − x2)² + (x3 − 1)² + (x4 − 1)⁴ + (x5 − 1)⁶ s.t. x1²x4 + sin(x4 − x5) − 1 = 0, x2 + x3⁴x4² − 2 = 0; f* = 0. */
    public static Case hs46() {
        return of("HS46", 5, 2, v -> x(v, 0).sub(x(v, 1)).square().add(x(v, 2).sub(1).square()).add(x(v, 3).sub(1).pow(4)).add(x(v, 4).sub(1).pow(6)),
                v -> vec(x(v, 0).square().mul(x(v, 3)).add(x(v, 3).sub(x(v, 4)).sin()).sub(1), x(v, 1).add(x(v, 2).pow(4).mul(x(v, 3).square())).sub(2)),
                new double[] {SQRT2 / 2, 1.75, 0.5, 2, 2}, 0);
    }

    /** HS48: (x1 − 1)² + (x2 − x3)² + (x4 − x5)² s.t. Σx_i − 5 = 0, x3 − 2(x4 + x5) + 3 = 0; f* = 0. */
    public static Case hs48() {
        return of("HS48", 5, 2, v -> x(v, 0).sub(1).square().add(x(v, 1).sub(x(v, 2)).square()).add(x(v, 3).sub(x(v, 4)).square()),
                v -> vec(v.sum().sub(5), x(v, 2).sub(x(v, 3).add(x(v, 4)).mul(2)).add(3)), new double[] {3, 5, -3, 2, -2}, 0);
    }

    /** HS51: (x1 − x2)² + (x2 + x3 − 2)² + (x4 − 1)² + (x5 − 1)² s.t. x1 + 3x2 − 4 = 0, x3 + x4 − 2x5 = 0, x2 − x5 = 0; f* = 0. */
    public static Case hs51() {
        return of("HS51", 5, 3, v -> x(v, 0).sub(x(v, 1)).square().add(x(v, 1).add(x(v, 2)).sub(2).square()).add(x(v, 3).sub(1).square()).add(x(v, 4).sub(1).square()),
                v -> vec(x(v, 0).add(x(v, 1).mul(3)).sub(4), x(v, 2).add(x(v, 3)).sub(x(v, 4).mul(2)), x(v, 1).sub(x(v, 4))),
                new double[] {2.5, 0.5, 2, -1, 0.5}, 0);
    }

    /** HS77: (x1 − 1)² + (x1 − x2)² + (x3 − 1)² + (x4 − 1)⁴ + (x5 − 1)⁶ s.t. x1²x4 + sin(x4 − x5) − 2√2 = 0, x2 + x3⁴x4² − 8 − √2 = 0; f* ≈ 0.24150513. */
    public static Case hs77() {
        return of("HS77", 5, 2, v -> x(v, 0).sub(1).square().add(x(v, 0).sub(x(v, 1)).square()).add(x(v, 2).sub(1).square())
                        .add(x(v, 3).sub(1).pow(4)).add(x(v, 4).sub(1).pow(6)),
                v -> vec(x(v, 0).square().mul(x(v, 3)).add(x(v, 3).sub(x(v, 4)).sin()).sub(2 * SQRT2),
                        x(v, 1).add(x(v, 2).pow(4).mul(x(v, 3).square())).sub(8 + SQRT2)),
                new double[] {2, 2, 2, 2, 2}, 0.24150513);
    }

    /** HS79: (x1 − 1)² + (x1 − x2)² + (x2 − x3)² + (x3 − x4)⁴ + (x4 − x5)⁴ s.t. three cubic/quadratic equalities; f* ≈ 0.0787768209. */
    public static Case hs79() {
        return of("HS79", 5, 3, v -> x(v, 0).sub(1).square().add(x(v, 0).sub(x(v, 1)).square()).add(x(v, 1).sub(x(v, 2)).square())
                        .add(x(v, 2).sub(x(v, 3)).pow(4)).add(x(v, 3).sub(x(v, 4)).pow(4)),
                v -> vec(x(v, 0).add(x(v, 1).square()).add(x(v, 2).pow(3)).sub(2 + 3 * SQRT2),
                        x(v, 1).sub(x(v, 2).square()).add(x(v, 3)).add(2 - 2 * SQRT2), x(v, 0).mul(x(v, 4)).sub(2)),
                new double[] {2, 2, 2, 2, 2}, 0.0787768209);
    }

    /** The whole set in a fixed order. */
    public static List<Case> all() {
        return List.of(hs6(), hs7(), hs27(), hs28(), hs39(), hs40(), hs42(), hs46(), hs48(), hs51(), hs77(), hs79());
    }
}
