package io.vecgrad.optim.constrained;

import io.vecgrad.autodiff.Autodiff;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import java.util.function.Function;

/**
 * An {@link EqualityProblem} whose derivatives all come from {@code autodiff} in float64: ∇f from
 * one reverse pass, the constraint Jacobian from m VJPs ({@link Autodiff#jacobian}) and the
 * Hessian of the Lagrangian {@code f(x) + λᵀc(x)} from n Hessian-vector products
 * ({@link Autodiff#hessian}).
 *
 * <pre>{@code
 * // HS6: min (1 − x1)² s.t. 10(x2 − x1²) = 0 from (−1.2, 1)
 * EqualityProblem hs6 = AutodiffProblem.of(2, 1,
 *         x -> x.select(0, 0).rsub(1).square(),
 *         x -> x.select(0, 1).sub(x.select(0, 0).square()).mul(10).reshape(1),
 *         new double[] {-1.2, 1});
 * }</pre>
 */
public final class AutodiffProblem implements EqualityProblem {
    private final String name;
    private final int n;
    private final int m;
    private final Function<Variable, Variable> f;
    private final Function<Variable, Variable> c;
    private final double[] x0;
    private final double[] lambda0;

    private AutodiffProblem(String name, int n, int m, Function<Variable, Variable> f, Function<Variable, Variable> c, double[] x0, double[] lambda0) {
        if (n < 1 || m < 1) throw new IllegalArgumentException("AutodiffProblem " + name + ": need n >= 1 and m >= 1, got n=" + n + ", m=" + m);
        if (x0.length != n) throw new IllegalArgumentException("AutodiffProblem " + name + ": x0 has " + x0.length + " entries, n = " + n);
        if (lambda0.length != m) throw new IllegalArgumentException("AutodiffProblem " + name + ": lambda0 has " + lambda0.length + " entries, m = " + m);
        this.name = name;
        this.n = n;
        this.m = m;
        this.f = f;
        this.c = c;
        this.x0 = x0.clone();
        this.lambda0 = lambda0.clone();
    }

    /** f: R^n → scalar, c: R^n → R^m (a vector of shape [m]); multipliers start at 0. */
    public static AutodiffProblem of(int n, int m, Function<Variable, Variable> f, Function<Variable, Variable> c, double[] x0) {
        return new AutodiffProblem("autodiff", n, m, f, c, x0, new double[m]);
    }

    /** A named problem; multipliers start at 0. */
    public static AutodiffProblem of(String name, int n, int m, Function<Variable, Variable> f, Function<Variable, Variable> c, double[] x0) {
        return new AutodiffProblem(name, n, m, f, c, x0, new double[m]);
    }

    /** A named problem with given starting multipliers. */
    public static AutodiffProblem of(String name, int n, int m, Function<Variable, Variable> f, Function<Variable, Variable> c, double[] x0, double[] lambda0) {
        return new AutodiffProblem(name, n, m, f, c, x0, lambda0);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int n() {
        return n;
    }

    @Override
    public int m() {
        return m;
    }

    @Override
    public double[] x0() {
        return x0.clone();
    }

    @Override
    public double[] lambda0() {
        return lambda0.clone();
    }

    private static Tensor vec(double[] x) {
        return Tensor.of(x.clone(), x.length);
    }

    @Override
    public double f(double[] x) {
        return f.apply(Variable.constant(vec(x))).value().to(DType.FLOAT64).item();
    }

    @Override
    public double[] gradient(double[] x) {
        return Autodiff.grad(f, vec(x)).to(DType.FLOAT64).contiguous().toDoubleArray();
    }

    @Override
    public double[] constraints(double[] x) {
        double[] v = c.apply(Variable.constant(vec(x))).value().to(DType.FLOAT64).contiguous().toDoubleArray();
        if (v.length != m) throw new IllegalArgumentException("AutodiffProblem " + name + ": c(x) has " + v.length + " entries, m = " + m);
        return v;
    }

    @Override
    public double[] jacobian(double[] x) {
        return Autodiff.jacobian(c, vec(x)).to(DType.FLOAT64).contiguous().toDoubleArray();
    }

    @Override
    public double[] hessianOfLagrangian(double[] x, double[] lambda) {
        Variable l = Variable.constant(Tensor.of(lambda.clone(), m));
        Function<Variable, Variable> lagrangian = v -> f.apply(v).add(c.apply(v).mul(l).sum());
        return Autodiff.hessian(lagrangian, vec(x)).to(DType.FLOAT64).contiguous().toDoubleArray();
    }
}
