package io.vecgrad.autodiff;

import static io.vecgrad.autodiff.Broadcast.sumToShapeOf;

import io.vecgrad.tensor.Tensor;

/**
 * Binary arithmetic with broadcasting, powers, roots, minimum/maximum, clamp and where. Each
 * op's forward value and its VJP rule sit together; rules reduce cotangents to the input
 * shapes with {@link Broadcast#sumTo}.
 */
public final class Arithmetic {
    private Arithmetic() {}

    /** Op names of this family (see {@code ops.OpRegistry}). */
    public static final java.util.List<String> OPS = java.util.List.of(
            "add", "sub", "mul", "div", "neg", "pow", "powScalar", "square", "sqrt", "rsqrt",
            "minimum", "maximum", "clamp", "where");

    public static Variable add(Variable a, Variable b) {
        return Tape.record("add", a.value().add(b.value()), (g, out, s) -> {
            if (s.needs(0)) s.put(0, sumToShapeOf(g, a));
            if (s.needs(1)) s.put(1, sumToShapeOf(g, b));
        }, 0, a, b);
    }

    public static Variable sub(Variable a, Variable b) {
        return Tape.record("sub", a.value().sub(b.value()), (g, out, s) -> {
            if (s.needs(0)) s.put(0, sumToShapeOf(g, a));
            if (s.needs(1)) s.put(1, sumToShapeOf(neg(g), b));
        }, 0, a, b);
    }

    public static Variable mul(Variable a, Variable b) {
        return Tape.record("mul", a.value().mul(b.value()), (g, out, s) -> {
            if (s.needs(0)) s.put(0, sumToShapeOf(mul(g, b), a));
            if (s.needs(1)) s.put(1, sumToShapeOf(mul(g, a), b));
        }, Tape.SAVE_IN0 | Tape.SAVE_IN1, a, b);
    }

    public static Variable div(Variable a, Variable b) {
        return Tape.record("div", a.value().div(b.value()), (g, out, s) -> {
            Variable ga = div(g, b);
            if (s.needs(0)) s.put(0, sumToShapeOf(ga, a));
            if (s.needs(1)) s.put(1, sumToShapeOf(neg(mul(ga, out)), b));   // −g·a/b² = −(g/b)·out
        }, Tape.SAVE_IN1 | Tape.SAVE_OUTPUT, a, b);
    }

    public static Variable neg(Variable x) {
        return Tape.record("neg", x.value().neg(), (g, out, s) -> s.put(0, neg(g)), 0, x);
    }

    /** {@code a^b} elementwise; the gradient in b uses log(a), so a must be positive where b needs a gradient. */
    public static Variable pow(Variable a, Variable b) {
        return Tape.record("pow", a.value().pow(b.value()), (g, out, s) -> {
            if (s.needs(0)) s.put(0, sumToShapeOf(mul(g, mul(b, pow(a, b.sub(1)))), a));
            if (s.needs(1)) s.put(1, sumToShapeOf(mul(g, mul(out, Unary.log(a))), b));
        }, Tape.SAVE_IN0 | Tape.SAVE_IN1 | Tape.SAVE_OUTPUT, a, b);
    }

    /** {@code x^p} for a constant exponent. */
    public static Variable pow(Variable x, double p) {
        return Tape.record("powScalar", x.value().pow(p), (g, out, s) -> {
            if (p == 0) s.put(0, g.mul(0));
            else if (p == 1) s.put(0, g);
            else if (p == 2) s.put(0, mul(g, x).mul(2));
            else s.put(0, mul(g, pow(x, p - 1)).mul(p));
        }, Tape.SAVE_IN0, x);
    }

    public static Variable square(Variable x) {
        return Tape.record("square", x.value().square(), (g, out, s) -> s.put(0, mul(g, x).mul(2)), Tape.SAVE_IN0, x);
    }

    public static Variable sqrt(Variable x) {
        return Tape.record("sqrt", x.value().sqrt(), (g, out, s) -> s.put(0, div(g, out).mul(0.5)), Tape.SAVE_OUTPUT, x);
    }

    /** {@code 1/√x}; the derivative is {@code −½·out³}. */
    public static Variable rsqrt(Variable x) {
        return Tape.record("rsqrt", x.value().rsqrt(), (g, out, s) -> s.put(0, mul(g, mul(out, square(out))).mul(-0.5)),
                Tape.SAVE_OUTPUT, x);
    }

    /** Elementwise minimum; on ties each side gets half of the cotangent (as PyTorch). */
    public static Variable minimum(Variable a, Variable b) {
        return Tape.record("minimum", a.value().minimum(b.value()), (g, out, s) -> pick(g, s, a, b, a.value().lt(b.value())),
                Tape.SAVE_IN0 | Tape.SAVE_IN1, a, b);
    }

    /** Elementwise maximum; on ties each side gets half of the cotangent (as PyTorch). */
    public static Variable maximum(Variable a, Variable b) {
        return Tape.record("maximum", a.value().maximum(b.value()), (g, out, s) -> pick(g, s, a, b, a.value().gt(b.value())),
                Tape.SAVE_IN0 | Tape.SAVE_IN1, a, b);
    }

    private static void pick(Variable g, io.vecgrad.autodiff.GradSink s, Variable a, Variable b, Tensor aWins) {
        Tensor ties = a.value().eq(b.value()).to(g.value().dtype()).mul(0.5);
        Variable wa = Variable.constant(aWins.to(g.value().dtype()).add(ties));
        if (s.needs(0)) s.put(0, sumToShapeOf(mul(g, wa), a));
        if (s.needs(1)) s.put(1, sumToShapeOf(mul(g, wa.rsub(1)), b));
    }

    /** Clamps into {@code [lo, hi]}; the gradient passes where {@code lo ≤ x ≤ hi} (bounds included) and is 0 outside. */
    public static Variable clamp(Variable x, double lo, double hi) {
        return Tape.record("clamp", x.value().clamp(lo, hi), (g, out, s) -> {
            Tensor inside = x.value().ge(lo).and(x.value().le(hi)).to(g.value().dtype());
            s.put(0, mul(g, Variable.constant(inside)));
        }, Tape.SAVE_IN0, x);
    }

    /** {@code mask ? a : b} with broadcasting; the mask is a BOOL tensor and gets no gradient. */
    public static Variable where(Tensor mask, Variable a, Variable b) {
        return Tape.record("where", Tensor.where(mask, a.value(), b.value()), (g, out, s) -> {
            Variable zero = Variable.constant(Tensor.zeros(g.value().dtype()));
            if (s.needs(0)) s.put(0, sumToShapeOf(where(mask, g, zero), a));
            if (s.needs(1)) s.put(1, sumToShapeOf(where(mask, zero, g), b));
        }, 0, a, b);
    }
}
