package io.vecgrad.autodiff;

import static io.vecgrad.autodiff.Arithmetic.div;
import static io.vecgrad.autodiff.Arithmetic.mul;

import io.vecgrad.tensor.Tensor;

/**
 * Elementwise functions of one tensor. Non-smooth ones use a fixed subgradient: abs uses
 * {@code sign(x)} (0 at 0), relu and leakyRelu use the slope of the left piece at 0 (0 and
 * {@code slope}); their second derivatives are 0 because the masks are constants.
 */
public final class Unary {
    private Unary() {}

    /** Op names of this family (see {@code ops.OpRegistry}). */
    public static final java.util.List<String> OPS = java.util.List.of(
            "exp", "log", "log1p", "expm1", "abs", "sin", "cos", "tanh", "sigmoid",
            "relu", "leakyRelu", "softplus", "erf", "gelu");

    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
    private static final double INV_SQRT2 = 1 / Math.sqrt(2);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

    public static Variable exp(Variable x) {
        return Tape.record("exp", x.value().exp(), (g, out, s) -> s.put(0, mul(g, out)), Tape.SAVE_OUTPUT, x);
    }

    public static Variable log(Variable x) {
        return Tape.record("log", x.value().log(), (g, out, s) -> s.put(0, div(g, x)), Tape.SAVE_IN0, x);
    }

    public static Variable log1p(Variable x) {
        return Tape.record("log1p", x.value().log1p(), (g, out, s) -> s.put(0, div(g, x.add(1))), Tape.SAVE_IN0, x);
    }

    public static Variable expm1(Variable x) {
        return Tape.record("expm1", x.value().expm1(), (g, out, s) -> s.put(0, mul(g, out.add(1))), Tape.SAVE_OUTPUT, x);
    }

    /** |x| with subgradient sign(x), which is 0 at 0. */
    public static Variable abs(Variable x) {
        return Tape.record("abs", x.value().abs(), (g, out, s) -> s.put(0, mul(g, Variable.constant(x.value().sign()))),
                Tape.SAVE_IN0, x);
    }

    public static Variable sin(Variable x) {
        return Tape.record("sin", x.value().sin(), (g, out, s) -> s.put(0, mul(g, cos(x))), Tape.SAVE_IN0, x);
    }

    public static Variable cos(Variable x) {
        return Tape.record("cos", x.value().cos(), (g, out, s) -> s.put(0, mul(g, sin(x)).neg()), Tape.SAVE_IN0, x);
    }

    public static Variable tanh(Variable x) {
        return Tape.record("tanh", x.value().tanh(), (g, out, s) -> s.put(0, mul(g, out.square().rsub(1))), Tape.SAVE_OUTPUT, x);
    }

    public static Variable sigmoid(Variable x) {
        return Tape.record("sigmoid", x.value().sigmoid(), (g, out, s) -> s.put(0, mul(g, mul(out, out.rsub(1)))),
                Tape.SAVE_OUTPUT, x);
    }

    /** max(x, 0); the derivative at 0 is taken as 0. */
    public static Variable relu(Variable x) {
        return Tape.record("relu", x.value().relu(), (g, out, s) -> s.put(0, mul(g, positiveMask(x, g))), Tape.SAVE_IN0, x);
    }

    /** x for x &gt; 0, slope·x otherwise; the derivative at 0 is taken as slope. */
    public static Variable leakyRelu(Variable x, double slope) {
        Tensor v = x.value();
        Tensor value = Tensor.where(v.gt(0), v, v.mul(slope));
        return Tape.record("leakyRelu", value, (g, out, s) -> {
            Tensor slopes = Tensor.where(v.gt(0), Tensor.ones(g.value().dtype()), Tensor.full(g.value().dtype(), slope));
            s.put(0, mul(g, Variable.constant(slopes)));
        }, Tape.SAVE_IN0, x);
    }

    public static Variable softplus(Variable x) {
        return Tape.record("softplus", x.value().softplus(), (g, out, s) -> s.put(0, mul(g, sigmoid(x))), Tape.SAVE_IN0, x);
    }

    public static Variable erf(Variable x) {
        return Tape.record("erf", x.value().erf(),
                (g, out, s) -> s.put(0, mul(g, exp(x.square().neg())).mul(TWO_OVER_SQRT_PI)), Tape.SAVE_IN0, x);
    }

    /** GELU in its exact (erf) form, {@code x·Φ(x)}; the derivative is {@code Φ(x) + x·φ(x)}. */
    public static Variable gelu(Variable x) {
        return Tape.record("gelu", geluValue(x.value()), (g, out, s) -> s.put(0, mul(g, geluDerivative(x))), Tape.SAVE_IN0, x);
    }

    /** The value of {@link #gelu} on a tensor, {@code x·(erf(x/√2) + 1)·0.5} (for fused ops that must give the same bits). */
    public static Tensor geluValue(Tensor v) {
        return v.mul(v.mul(INV_SQRT2).erf().add(1)).mul(0.5);
    }

    /** GELU's derivative {@code Φ(x) + x·φ(x)} written with differentiable ops (the rule of {@link #gelu}). */
    public static Variable geluDerivative(Variable x) {
        Variable cdf = erf(x.mul(INV_SQRT2)).add(1).mul(0.5);
        Variable pdf = exp(x.square().mul(-0.5)).mul(INV_SQRT_2PI);
        return cdf.add(mul(x, pdf));
    }

    private static Variable positiveMask(Variable x, Variable like) {
        return Variable.constant(x.value().gtMask(0).to(like.value().dtype()));
    }
}
