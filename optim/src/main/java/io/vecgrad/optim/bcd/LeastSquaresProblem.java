package io.vecgrad.optim.bcd;

/**
 * Least squares {@code f(x) = ½‖Ax − b‖² + ½λ₂‖x‖²} (the code's {@code Least_Square} loss,
 * {@code losses.py} of IssamLaradji/BlockCoordinateDescent): {@code L_i = ‖A_i‖² + λ₂},
 * {@code H_b = A_bᵀA_b + λ₂I} (also the Hessian block, f being quadratic). With an
 * {@link io.vecgrad.optim.prox.L1Norm} as g this is the Lasso in unscaled form (the code's
 * {@code lsl1nn} adds x ≥ 0).
 *
 * <pre>{@code
 * LeastSquaresProblem f = LeastSquaresProblem.of(ColumnMatrix.ofRowMajor(a, n, p), b);
 * }</pre>
 */
public final class LeastSquaresProblem extends LinearModelProblem {
    private LeastSquaresProblem(ColumnMatrix a, double[] b, double l2) {
        super("LeastSquaresProblem", a, b, l2, 1.0);
    }

    public static LeastSquaresProblem of(ColumnMatrix a, double[] b) {
        return new LeastSquaresProblem(a, b, 0);
    }

    /** With the ridge term ½λ₂‖x‖². */
    public static LeastSquaresProblem ridge(ColumnMatrix a, double[] b, double l2) {
        return new LeastSquaresProblem(a, b, l2);
    }

    /** Ax − b. */
    @Override
    double[] residual(double[] x) {
        double[] r = new double[a.rows()];
        a.times(x, r);
        for (int i = 0; i < r.length; i++) r[i] -= b[i];
        return r;
    }

    @Override
    public double value(double[] x) {
        double[] r = residual(x);
        return 0.5 * DenseBlocks.dot(r, r) + 0.5 * l2 * DenseBlocks.dot(x, x);
    }

    @Override
    public double[][] hessianBlock(double[] x, int[] block) {
        return upperBound(block);
    }

    @Override
    public boolean isQuadratic() {
        return true;
    }
}
