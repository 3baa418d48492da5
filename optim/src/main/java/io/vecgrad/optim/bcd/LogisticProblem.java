package io.vecgrad.optim.bcd;

/**
 * Binary logistic regression {@code f(x) = Σ_i log(1 + exp(−b_i a_iᵀx)) + ½λ₂‖x‖²} with labels
 * {@code b_i ∈ {−1, 1}} (the code's {@code Logistic} loss, {@code losses.py} of
 * IssamLaradji/BlockCoordinateDescent): {@code L_i = ¼‖A_i‖² + λ₂}, {@code H_b = ¼A_bᵀA_b + λ₂I},
 * {@code ∇²_bb f = A_bᵀ diag(σ(1 − σ)) A_b + λ₂I} with {@code σ = σ(b ⊙ Ax)}.
 *
 * <pre>{@code
 * LogisticProblem f = LogisticProblem.of(ColumnMatrix.ofRowMajor(a, n, p), labels);
 * }</pre>
 */
public final class LogisticProblem extends LinearModelProblem {
    private LogisticProblem(ColumnMatrix a, double[] b, double l2) {
        super("LogisticProblem", a, b, l2, 0.25);
        for (int i = 0; i < b.length; i++) {
            if (b[i] != 1 && b[i] != -1) throw new IllegalArgumentException("LogisticProblem: labels must be ±1, b[" + i + "] = " + b[i]);
        }
    }

    public static LogisticProblem of(ColumnMatrix a, double[] labels) {
        return new LogisticProblem(a, labels, 0);
    }

    public static LogisticProblem ridge(ColumnMatrix a, double[] labels, double l2) {
        return new LogisticProblem(a, labels, l2);
    }

    private double[] margins(double[] x) {
        double[] m = new double[a.rows()];
        a.times(x, m);
        for (int i = 0; i < m.length; i++) m[i] *= b[i];
        return m;
    }

    @Override
    public double value(double[] x) {
        double[] m = margins(x);
        double s = 0;
        for (double mi : m) s += mi > 0 ? Math.log1p(Math.exp(-mi)) : -mi + Math.log1p(Math.exp(mi));   // log(1 + e^{−m}), no overflow
        return s + 0.5 * l2 * DenseBlocks.dot(x, x);
    }

    /** −b_i σ(−m_i). */
    @Override
    double[] residual(double[] x) {
        double[] m = margins(x);
        for (int i = 0; i < m.length; i++) m[i] = -b[i] / (1 + Math.exp(m[i]));
        return m;
    }

    @Override
    public double[][] hessianBlock(double[] x, int[] block) {
        double[] m = margins(x);
        double[] w = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            double s = 1 / (1 + Math.exp(-m[i]));
            w[i] = s * (1 - s);
        }
        int k = block.length, n = a.rows();
        double[][] h = new double[k][k];
        for (int p = 0; p < k; p++) {
            for (int q = 0; q <= p; q++) {
                double v = 0;
                for (int i = 0; i < n; i++) v += a.get(i, block[p]) * w[i] * a.get(i, block[q]);
                h[p][q] = v;
                h[q][p] = v;
            }
            h[p][p] += l2;
        }
        return h;
    }
}
