package io.vecgrad.optim.bcd;

import io.vecgrad.autodiff.Autodiff;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.Tensor;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A {@link BlockProblem} from any scalar {@code autodiff} function of a FLOAT64 vector: gradients
 * by reverse mode (a block gradient is the full gradient masked to the block, as P40 §8 suggests),
 * Hessian blocks by |b| Hessian–vector products with unit vectors. Lipschitz information is the
 * caller's: coordinate constants {@code L_i ≥ sup_x ∇²_ii f(x)}; for a convex f the upper bound
 * {@code H_b = |b|·diag(L_b)} is then valid (a PSD block satisfies {@code M ⪯ |b|·diag(M)}).
 *
 * <pre>{@code
 * Function<Variable, Variable> f = x -> x.mul(x).sum();
 * AutodiffProblem p = AutodiffProblem.of(f, 3, new double[] {2, 2, 2});
 * }</pre>
 */
public final class AutodiffProblem implements BlockProblem {
    private final Function<Variable, Variable> f;
    private final int n;
    private final double[] lipschitz;

    private AutodiffProblem(Function<Variable, Variable> f, int n, double[] lipschitz) {
        if (lipschitz.length != n) throw new IllegalArgumentException("AutodiffProblem: " + lipschitz.length + " Lipschitz constants for " + n + " coordinates");
        for (int i = 0; i < n; i++) {
            if (!(lipschitz[i] > 0) || Double.isInfinite(lipschitz[i])) throw new IllegalArgumentException("AutodiffProblem: L[" + i + "] = " + lipschitz[i] + " must be positive and finite");
        }
        this.f = f;
        this.n = n;
        this.lipschitz = lipschitz.clone();
    }

    /** f of a length-n FLOAT64 vector, with coordinate Lipschitz constants. */
    public static AutodiffProblem of(Function<Variable, Variable> f, int n, double[] lipschitz) {
        return new AutodiffProblem(f, n, lipschitz);
    }

    @Override
    public int dim() {
        return n;
    }

    @Override
    public double value(double[] x) {
        return f.apply(Variable.constant(Tensor.of(x.clone(), n))).value().toDoubleArray()[0];
    }

    @Override
    public void gradient(double[] x, double[] out) {
        double[] g = Autodiff.grad(f, Tensor.of(x.clone(), n)).toDoubleArray();
        System.arraycopy(g, 0, out, 0, n);
    }

    @Override
    public double[] coordinateLipschitz() {
        return lipschitz;
    }

    @Override
    public double[][] upperBound(int[] block) {
        int k = block.length;
        double[][] h = new double[k][k];
        for (int t = 0; t < k; t++) h[t][t] = k * lipschitz[block[t]];
        return h;
    }

    /** ∇²_bb f(x) by |b| HVPs through one recorded gradient (symmetrized). */
    @Override
    public double[][] hessianBlock(double[] x, int[] block) {
        UnaryOperator<Tensor> hv = Autodiff.hvpOperator(f, Tensor.of(x.clone(), n));
        int k = block.length;
        double[][] h = new double[k][k];
        for (int t = 0; t < k; t++) {
            double[] e = new double[n];
            e[block[t]] = 1;
            double[] col = hv.apply(Tensor.of(e, n)).toDoubleArray();
            for (int s = 0; s < k; s++) h[s][t] = col[block[s]];
        }
        for (int s = 0; s < k; s++) {
            for (int t = 0; t < s; t++) h[s][t] = h[t][s] = 0.5 * (h[s][t] + h[t][s]);
        }
        return h;
    }

    @Override
    public double[] upperBoundRowSums() {
        double[] s = new double[n];
        for (int i = 0; i < n; i++) s[i] = n * lipschitz[i];   // upperBound of every coordinate
        return s;
    }

    @Override
    public void upperBoundTimes(double[] v, double[] out) {
        for (int i = 0; i < n; i++) out[i] = n * lipschitz[i] * v[i];
    }
}
