package io.vecgrad.optim.prox;

import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;

/**
 * The nuclear norm {@code g(X) = λ‖X‖_* = λ Σ σ_i(X)} of a {@code rows×cols} matrix stored
 * row-major in a vector; its prox is singular-value soft-thresholding,
 * {@code prox_{tg}(V) = U diag(max(σ − tλ, 0)) Vᵀ} from the thin SVD ({@link Linalg#svd}).
 *
 * <pre>{@code
 * Prox nuc = new NuclearNorm(0.5, 3, 4);
 * double[] low = nuc.prox(v, 1.0);   // v: 12 entries, row-major 3×4
 * }</pre>
 */
public record NuclearNorm(double lambda, int rows, int cols) implements Prox {
    public NuclearNorm {
        Prox.nonNegative("NuclearNorm", "lambda", lambda);
        if (rows < 1 || cols < 1) throw new IllegalArgumentException("NuclearNorm: shape must be positive, got " + rows + "×" + cols);
    }

    private void checkShape(String op, double[] x) {
        if (x.length != rows * cols) {
            throw new IllegalArgumentException("NuclearNorm." + op + ": expected " + rows + "×" + cols + " = " + rows * cols + " entries, got " + x.length);
        }
    }

    @Override
    public double value(double[] x) {
        checkShape("value", x);
        double s = 0;
        for (double v : Linalg.svdvals(Tensor.of(x.clone(), rows, cols)).toDoubleArray()) s += v;
        return lambda * s;
    }

    @Override
    public void prox(double[] v, double t, double[] out) {
        Prox.check("NuclearNorm", v, t, out);
        checkShape("prox", v);
        shrinkSingularValues(v, rows, cols, out, s -> Math.max(s - t * lambda, 0));
    }

    /** {@code out = U diag(f(σ)) Vᵀ} for the row-major {@code rows×cols} matrix v. */
    static void shrinkSingularValues(double[] v, int rows, int cols, double[] out, java.util.function.DoubleUnaryOperator f) {
        Linalg.Svd svd = Linalg.svd(Tensor.of(v.clone(), rows, cols), false);
        double[] u = svd.u().toDoubleArray(), s = svd.s().toDoubleArray(), vh = svd.vh().toDoubleArray();
        int k = s.length;
        double[] res = new double[rows * cols];
        for (int r = 0; r < k; r++) {
            double sr = f.applyAsDouble(s[r]);
            if (sr == 0) continue;
            for (int i = 0; i < rows; i++) {
                double ui = u[i * k + r] * sr;
                for (int j = 0; j < cols; j++) res[i * cols + j] += ui * vh[r * cols + j];
            }
        }
        System.arraycopy(res, 0, out, 0, res.length);
    }
}
