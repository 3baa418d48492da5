package io.vecgrad.optim.zoo;

import io.vecgrad.optim.LossAndGrad;
import io.vecgrad.optim.Params;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;

/** The shared test problems: a diagonal quadratic over two tensors and the Rosenbrock function. */
final class Problems {
    private Problems() {}

    /** A problem: fresh starting parameters and the closure. */
    record Problem(String name, Params start, LossAndGrad closure) {
        double loss(Params p) {
            return closure.evaluate(p).loss();
        }
    }

    static final int D = 10;

    /** f = ½Σ a_i (x_i − c_i)², a_i ∈ [0.5, 2] (condition number 4), x = [w (2×3), b (4)] from 0. */
    static Problem quadratic(DType dtype) {
        double[] a = new double[D], c = new double[D];
        for (int i = 0; i < D; i++) {
            a[i] = 0.5 + 1.5 * i / (D - 1);
            c[i] = 2 * Math.sin(i + 1);
        }
        Params start = Params.of("w", Tensor.zeros(dtype, 2, 3), "b", Tensor.zeros(dtype, 4));
        LossAndGrad f = p -> {
            double[] x = concat(p);
            double loss = 0;
            double[] g = new double[D];
            for (int i = 0; i < D; i++) {
                loss += 0.5 * a[i] * (x[i] - c[i]) * (x[i] - c[i]);
                g[i] = a[i] * (x[i] - c[i]);
            }
            return new LossAndGrad.Result(loss, Params.of(
                    "w", Tensor.of(java.util.Arrays.copyOfRange(g, 0, 6), 2, 3).to(dtype),
                    "b", Tensor.of(java.util.Arrays.copyOfRange(g, 6, 10), 4).to(dtype)));
        };
        return new Problem("quadratic", start, f);
    }

    /** f = (1 − x)² + 100(y − x²)² from (−1.2, 1); minimum 0 at (1, 1). */
    static Problem rosenbrock(DType dtype) {
        Params start = Params.of("xy", Tensor.of(new double[] {-1.2, 1.0}, 2).to(dtype));
        LossAndGrad f = p -> {
            double[] v = p.get("xy").to(DType.FLOAT64).toDoubleArray();
            double x = v[0], y = v[1];
            double loss = (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
            double gx = -2 * (1 - x) - 400 * x * (y - x * x), gy = 200 * (y - x * x);
            return new LossAndGrad.Result(loss, Params.of("xy", Tensor.of(new double[] {gx, gy}, 2).to(dtype)));
        };
        return new Problem("rosenbrock", start, f);
    }

    static double[] concat(Params p) {
        double[] out = new double[(int) p.numel()];
        int off = 0;
        for (Tensor t : p.asMap().values()) {
            double[] v = t.to(DType.FLOAT64).toDoubleArray();
            System.arraycopy(v, 0, out, off, v.length);
            off += v.length;
        }
        return out;
    }
}
