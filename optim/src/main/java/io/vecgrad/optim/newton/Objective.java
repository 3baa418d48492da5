package io.vecgrad.optim.newton;

import io.vecgrad.autodiff.Autodiff;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.Tensor;
import java.util.function.Function;

/**
 * A smooth function of a flat float64 vector, known by its oracles: value, gradient and
 * Hessian-vector products (the oracles SciPy's {@code minimize} takes as {@code fun}, {@code jac},
 * {@code hessp}). {@link #of(Function)} builds all three from an autodiff function, so a solver
 * never hand-codes derivatives.
 *
 * <pre>{@code
 * Objective rosen = Objective.of(x -> TestProblems.rosenbrock(x));   // Variable -> scalar Variable
 * double f = rosen.valueAndGradient(x0, g);                            // fills g
 * double[] hv = rosen.hessianVector(x0, v);
 * }</pre>
 */
public interface Objective {
    /** f(x). */
    double value(double[] x);

    /** f(x); writes ∇f(x) into {@code gradOut} (length n). */
    double valueAndGradient(double[] x, double[] gradOut);

    /** ∇²f(x)·v. */
    double[] hessianVector(double[] x, double[] v);

    /**
     * The map {@code v ↦ ∇²f(x)·v} at a fixed x, for solvers that take several products at one
     * point (CG inside Newton). The default calls {@link #hessianVector} each time; autodiff
     * objectives record the gradient graph once and pay one backward pass per product.
     */
    default java.util.function.UnaryOperator<double[]> hessianAt(double[] x) {
        double[] at = x.clone();
        return v -> hessianVector(at, v);
    }

    /** The oracles of an autodiff function of a 1-D float64 tensor (HVP by reverse-over-reverse). */
    static Objective of(Function<Variable, Variable> f) {
        return new Objective() {
            @Override
            public double value(double[] x) {
                try (io.vecgrad.autodiff.NoGrad scope = io.vecgrad.autodiff.NoGrad.enter()) {
                    return f.apply(Variable.constant(Tensor.of(x.clone()))).item();
                }
            }

            @Override
            public double valueAndGradient(double[] x, double[] gradOut) {
                Autodiff.ValueAndGrad<Tensor> vg = Autodiff.valueAndGrad(f, Tensor.of(x.clone()));
                System.arraycopy(vg.grad().toDoubleArray(), 0, gradOut, 0, x.length);
                return vg.value().item();
            }

            @Override
            public double[] hessianVector(double[] x, double[] v) {
                return Autodiff.hvp(f, Tensor.of(x.clone()), Tensor.of(v.clone())).toDoubleArray();
            }

            @Override
            public java.util.function.UnaryOperator<double[]> hessianAt(double[] x) {
                java.util.function.UnaryOperator<Tensor> h = Autodiff.hvpOperator(f, Tensor.of(x.clone()));
                return v -> h.apply(Tensor.of(v.clone())).toDoubleArray();
            }
        };
    }
}
