package io.vecgrad.optim.mfac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.optim.zoo.OptimizerRegistry;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The M-FAC optimizer step against the reference code's semantics: the flattened gradient plus
 * weight decay enters the window, the update is −lr·F̂⁻¹g (momentum v = μv + (1−μ)u from 0), and the
 * first step with an empty window is g/(λ + ‖g‖²/m); WoodFisher saliency and OBS update against
 * the dense formulas.
 */
class MfacTest {
    @Test
    void stepsEqualTheWindowProductOnTheFlattenedGradient() {
        int m = 4;
        double lr = 0.05, damp = 1e-2, mu = 0.3, wd = 0.01;
        Rng r = new Rng(1);
        Params p = Params.of("w", r.split("w").normal(DType.FLOAT64, 0, 1, 2, 3), "b", r.split("b").normal(DType.FLOAT64, 0, 1, 4));
        Optimizer opt = Optimizer.of(p, OptimizerRegistry.get("mfac").build(Map.of("lr", lr, "ngrads", m, "damp", damp, "momentum", mu, "weight-decay", wd)));
        DynamicIhvp ref = new DynamicIhvp(m, 10, damp);
        double[] x = concat(p), v = new double[10];
        for (int step = 0; step < 7; step++) {
            Params g = Params.of("w", r.split(step).normal(DType.FLOAT64, 0, 1, 2, 3), "b", r.split(100 + step).normal(DType.FLOAT64, 0, 1, 4));
            double[] gv = concat(g);
            for (int k = 0; k < 10; k++) gv[k] += wd * x[k];
            if (step == 0) {
                double n2 = 0;
                for (double e : gv) n2 += e * e;
                double[] u0 = new DynamicIhvp(m, 10, damp).updateMul(gv);
                for (int k = 0; k < 10; k++) assertEquals(gv[k] / (damp + n2 / m), u0[k], 1e-12 * Math.abs(u0[k]), "empty window: g/(λ + ‖g‖²/m)");
            }
            double[] u = ref.updateMul(gv);
            for (int k = 0; k < 10; k++) {
                v[k] = mu * v[k] + (1 - mu) * u[k];
                x[k] -= lr * v[k];
            }
            opt.step(g);
            double[] got = concat(p);
            for (int k = 0; k < 10; k++) assertEquals(x[k], got[k], 1e-12 * (1 + Math.abs(x[k])), "step " + step + " coordinate " + k);
        }
    }

    @Test
    void nonFiniteGradientIsReportedWithTheStep() {
        Params p = Params.of("w", Tensor.zeros(DType.FLOAT64, 3));
        Optimizer opt = Optimizer.of(p, Mfac.of(Schedule.constant(1e-3), 2, 1e-5, 0, 0));
        opt.step(Params.of("w", Tensor.of(new double[] {1, 2, 3})));
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> opt.step(Params.of("w", Tensor.of(new double[] {1, Double.NaN, 3}))));
        assertTrue(e.getMessage().contains("step 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Mfac.of(Schedule.constant(1e-3), 0, 1e-5, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Mfac.of(Schedule.constant(1e-3), 4, 0, 0, 0));
    }

    /** Quadratic model L(w + δ) = L(w) + ½δᵀFδ with F = λI + GᵀG/m: saliency and single-weight OBS step against the dense inverse. */
    @Test
    void woodFisherSaliencyAndObsStepMatchTheDenseFormula() {
        int m = 6, d = 12;
        double damp = 1e-2;
        double[][] g = IhvpTest.gradients(21, m, d);
        double[] w = new Rng(22).normal(DType.FLOAT64, 0, 1, d).toDoubleArray();
        StaticIhvp f = StaticIhvp.of(g, damp);
        double[][] fd = new double[d][d];
        for (int a = 0; a < d; a++) {
            fd[a][a] = damp;
            for (int b = 0; b < d; b++) for (double[] gi : g) fd[a][b] += gi[a] * gi[b] / m;
        }
        double[] flat = new double[d * d];
        for (int a = 0; a < d; a++) System.arraycopy(fd[a], 0, flat, a * d, d);
        double[] inv = io.vecgrad.tensor.linalg.Linalg.inv(Tensor.of(flat, d, d)).toDoubleArray();
        double[] rho = WoodFisherPruning.saliency(w, f);
        for (int k = 0; k < d; k++) {
            double want = w[k] * w[k] / (2 * inv[k * d + k]);
            assertEquals(want, rho[k], 1e-10 * want, "saliency " + k);
        }
        WoodFisherPruning.Result r = WoodFisherPruning.prune(w, f, 1);
        int q = r.dropped()[0];
        for (int k = 0; k < d; k++) assertTrue(rho[q] <= rho[k], "dropped the least salient weight");
        assertEquals(0.0, r.weights()[q]);
        // Exact OBS: δ = −(w_q/[F⁻¹]_qq)·F⁻¹e_q, and the model's loss increase ½δᵀFδ equals ρ_q.
        double[] delta = new double[d];
        for (int k = 0; k < d; k++) {
            double want = -w[q] / inv[q * d + q] * inv[k * d + q];
            delta[k] = r.weights()[k] - w[k];
            if (k != q) assertEquals(want, delta[k], 1e-10 * (1 + Math.abs(want)), "OBS update " + k);
        }
        double increase = 0;
        for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) increase += 0.5 * delta[a] * fd[a][b] * delta[b];
        assertEquals(rho[q], increase, 1e-8 * rho[q]);
        WoodFisherPruning.Result r5 = WoodFisherPruning.prune(w, f, 5);
        int kept = 0;
        for (boolean b : r5.kept()) kept += b ? 1 : 0;
        assertEquals(d - 5, kept);
        for (int k : r5.dropped()) assertEquals(0.0, r5.weights()[k]);
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
