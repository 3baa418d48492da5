package io.vecgrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.autodiff.ops.FusedOps;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fused ops against their composed forms (the oracle), in float64 and float32, plus their
 * gradient-check cases (first and second order run by the property suite through OpCases).
 */
class FusedOpsTest {

    static void addCases(Map<String, OpCases.Case> all) {
        all.put("softmaxCrossEntropy", new OpCases.Case("softmaxCrossEntropy", r -> {
            int n = 1 + r.nextInt(4), k = 1 + r.nextInt(5);
            Tensor labels = OpCases.index(r, k, n);
            return new OpCases.Instance(new Tensor[] {OpCases.normal(r, n, k)}, v -> FusedOps.softmaxCrossEntropy(v[0], labels).square());
        }, GradCheck.options().atol(1e-5).rtol(1e-4)));
        all.put("layerNorm", new OpCases.Case("layerNorm", r -> {
            int axes = 1 + r.nextInt(2);
            int[] s = axes == 1 ? new int[] {1 + r.nextInt(3), 3 + r.nextInt(3)} : new int[] {1 + r.nextInt(2), 2 + r.nextInt(2), 2 + r.nextInt(2)};
            int[] ws = java.util.Arrays.copyOfRange(s, s.length - axes, s.length);
            boolean affine = r.nextInt(3) != 0;
            Tensor x = OpCases.normal(r, s), c = OpCases.normal(r, s);
            if (!affine) {
                return new OpCases.Instance(new Tensor[] {x}, v -> FusedOps.layerNorm(v[0], null, null, axes, 1e-5).mul(Variable.constant(c)).square());
            }
            return new OpCases.Instance(new Tensor[] {x, OpCases.normal(r, ws), OpCases.normal(r, ws)},
                    v -> FusedOps.layerNorm(v[0], v[1], v[2], axes, 1e-5).mul(Variable.constant(c)).square());
        }, GradCheck.options().atol(1e-5).rtol(1e-4)));
    }

    static void addLinearCase(Map<String, OpCases.Case> all) {
        all.put("linear", new OpCases.Case("linear", r -> {
            int in = 1 + r.nextInt(3), out = 1 + r.nextInt(3);
            int[] xs = r.nextInt(2) == 0 ? new int[] {1 + r.nextInt(3), in} : new int[] {2, 1 + r.nextInt(2), in};
            boolean bias = r.nextInt(3) != 0;
            Tensor x = OpCases.normal(r, xs), w = OpCases.normal(r, out, in);
            Tensor[] t = bias ? new Tensor[] {x, w, OpCases.normal(r, out)} : new Tensor[] {x, w};
            return new OpCases.Instance(t, v -> FusedOps.linear(v[0], v[1], v.length > 2 ? v[2] : null).square());
        }, GradCheck.options().atol(1e-5).rtol(1e-4)));
        for (FusedOps.Epilogue act : FusedOps.Epilogue.values()) {
            String op = act == FusedOps.Epilogue.RELU ? "linearRelu" : "linearGelu";
            all.put(op, new OpCases.Case(op, r -> {
                while (true) {
                    int in = 1 + r.nextInt(3), out = 1 + r.nextInt(3);
                    int[] xs = r.nextInt(2) == 0 ? new int[] {1 + r.nextInt(3), in} : new int[] {2, 1 + r.nextInt(2), in};
                    boolean bias = r.nextInt(3) != 0;
                    Tensor x = OpCases.normal(r, xs), w = OpCases.normal(r, out, in), b = OpCases.normal(r, out);
                    // ReLU's kink: keep every pre-activation at least 0.05 away from 0.
                    Tensor z = x.matmul(w.mT());
                    if (bias) z = z.add(b);
                    if (act == FusedOps.Epilogue.RELU && z.abs().min().item() < 0.05) continue;
                    Tensor[] t = bias ? new Tensor[] {x, w, b} : new Tensor[] {x, w};
                    return new OpCases.Instance(t, v -> FusedOps.linear(v[0], v[1], v.length > 2 ? v[2] : null, act).square());
                }
            }, GradCheck.options().atol(1e-5).rtol(1e-4)));
        }
    }

    @Test
    void linearWithEpilogueEqualsTheComposedFormBitForBit() {
        Rng r = new Rng(14);
        for (int trial = 0; trial < 24; trial++) {
            int in = 1 + r.nextInt(40), out = 1 + r.nextInt(40);
            int[] xs = trial % 2 == 0 ? new int[] {1 + r.nextInt(30), in} : new int[] {1 + r.nextInt(4), 1 + r.nextInt(9), in};
            boolean withBias = trial % 3 != 0;
            for (FusedOps.Epilogue act : FusedOps.Epilogue.values()) {
                for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                    Tensor x = r.normal(dt, 0, 1, xs), w = r.normal(dt, 0, 1, out, in), b = r.normal(dt, 0, 1, out);
                    int[] ys = xs.clone();
                    ys[ys.length - 1] = out;
                    Tensor seed = r.normal(dt, 0, 1, ys);
                    Variable[] a = {Variable.parameter(x), Variable.parameter(w), withBias ? Variable.parameter(b) : null};
                    Variable[] c = {Variable.parameter(x), Variable.parameter(w), withBias ? Variable.parameter(b) : null};
                    Variable ya = FusedOps.linear(a[0], a[1], a[2], act), yc = FusedOps.linearComposed(c[0], c[1], c[2], act);
                    String what = act + " " + dt + " " + java.util.Arrays.toString(xs) + "→" + out;
                    assertEquals(act == FusedOps.Epilogue.RELU ? "linearRelu" : "linearGelu", ya.op());
                    assertBits(yc.value(), ya.value(), "forward " + what);
                    Tensor kept = ya.value().mul(1);
                    ya.backward(seed);
                    yc.backward(seed);
                    assertBits(kept, ya.value(), "output kept by the caller after backward " + what);
                    for (int i = 0; i < (withBias ? 3 : 2); i++) assertBits(c[i].grad(), a[i].grad(), "grad " + i + " " + what);
                }
            }
        }
    }

    /**
     * The weight gradient is computed as gᵀ·x (contiguous) where the composed form takes (xᵀ·g)ᵀ:
     * bitwise equal on the blocked GEMM path too, including batches over one K block of 256
     * (two block sums) and the vector·matrix edges (one input or one output).
     */
    @Test
    void linearWeightGradientEqualsTheComposedFormOnBlockedAndEdgeShapes() {
        Rng r = new Rng(16);
        int[][] shapes = {{64, 784, 256}, {300, 70, 5}, {257, 1, 65}, {65, 66, 1}, {3, 100, 130}, {520, 9, 200}};
        for (int[] sh : shapes) {
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                Tensor x = r.normal(dt, 0, 1, sh[0], sh[1]), w = r.normal(dt, 0, 1, sh[2], sh[1]), b = r.normal(dt, 0, 1, sh[2]);
                Tensor seed = r.normal(dt, 0, 1, sh[0], sh[2]);
                for (FusedOps.Epilogue act : new FusedOps.Epilogue[] {null, FusedOps.Epilogue.RELU}) {
                    Variable[] a = {Variable.constant(x), Variable.parameter(w), Variable.parameter(b)};
                    Variable[] c = {Variable.constant(x), Variable.parameter(w), Variable.parameter(b)};
                    FusedOps.linear(a[0], a[1], a[2], act).backward(seed);
                    FusedOps.linearComposed(c[0], c[1], c[2], act).backward(seed);
                    String what = act + " " + dt + " " + java.util.Arrays.toString(sh);
                    assertBits(c[1].grad(), a[1].grad(), "weight gradient " + what);
                    assertBits(c[2].grad(), a[2].grad(), "bias gradient " + what);
                    assertTrue(a[1].grad().isContiguous(), "weight gradient contiguous " + what);
                }
            }
        }
    }

    /**
     * A [B, T, in] input runs forward and backward as one GEMM over B·T rows (the forward, x's
     * gradient and gᵀ·x for the weight): bitwise the composed batched form, on blocked shapes
     * (the transformer's [16, 64, 128] → 512, several K blocks of 256 in the weight gradient),
     * T = 1 (not folded), a strided input (not folded) and rank 4.
     */
    @Test
    void linearOnRank3InputsEqualsTheComposedFormBitForBit() {
        Rng r = new Rng(17);
        int[][] shapes = {{16, 64, 128, 512}, {5, 60, 70, 33}, {2, 3, 300, 9}, {7, 1, 20, 30}, {2, 3, 4, 20, 6}};
        for (int[] sh : shapes) {
            int in = sh[sh.length - 2], out = sh[sh.length - 1];
            int[] xs = java.util.Arrays.copyOf(sh, sh.length - 1), ys = xs.clone();
            ys[ys.length - 1] = out;
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                for (boolean strided : new boolean[] {false, true}) {
                    Tensor x = strided ? r.normal(dt, 0, 1, xs).mul(1).mT().contiguous().mT() : r.normal(dt, 0, 1, xs);
                    Tensor w = r.normal(dt, 0, 1, out, in), b = r.normal(dt, 0, 1, out), seed = r.normal(dt, 0, 1, ys);
                    for (FusedOps.Epilogue act : new FusedOps.Epilogue[] {null, FusedOps.Epilogue.RELU}) {
                        Variable[] a = {Variable.parameter(x), Variable.parameter(w), Variable.parameter(b)};
                        Variable[] c = {Variable.parameter(x), Variable.parameter(w), Variable.parameter(b)};
                        Variable ya = FusedOps.linear(a[0], a[1], a[2], act), yc = FusedOps.linearComposed(c[0], c[1], c[2], act);
                        String what = act + " " + dt + " " + java.util.Arrays.toString(sh) + (strided ? " strided" : "");
                        assertBits(yc.value(), ya.value(), "forward " + what);
                        ya.backward(seed);
                        yc.backward(seed);
                        for (int i = 0; i < 3; i++) assertBits(c[i].grad(), a[i].grad(), "grad " + i + " " + what);
                    }
                }
            }
        }
    }

    @Test
    void linearWithEpilogueSecondOrderMatchesTheComposedForm() {
        Rng r = new Rng(15);
        for (FusedOps.Epilogue act : FusedOps.Epilogue.values()) {
            Tensor x = r.normal(DType.FLOAT64, 0, 1, 5, 4), w = r.normal(DType.FLOAT64, 0, 1, 3, 4), b = r.normal(DType.FLOAT64, 0, 1, 3);
            Tensor v = r.normal(DType.FLOAT64, 0, 1, 3, 4);
            Tensor[] hv = new Tensor[2];
            for (int k = 0; k < 2; k++) {
                Variable wv = Variable.parameter(w), xv = Variable.constant(x), bv = Variable.parameter(b);
                Variable y = k == 0 ? FusedOps.linear(xv, wv, bv, act) : FusedOps.linearComposed(xv, wv, bv, act);
                Variable gw = Autodiff.gradients(y.square().sum(), wv)[0];
                hv[k] = Autodiff.gradients(gw.mul(Variable.constant(v)).sum(), wv)[0].value();
            }
            // The create-graph rule differentiates the composed form in a nested pass, so cotangents are
            // summed in another order than in the composed graph: equal within a few ulps, not bitwise.
            double[] want = hv[1].toDoubleArray(), got = hv[0].toDoubleArray();
            double scale = hv[1].abs().max().item();
            for (int i = 0; i < want.length; i++) {
                assertTrue(Math.abs(want[i] - got[i]) <= 16 * Math.ulp(scale), "Hessian-vector product " + act + "[" + i + "]: want " + want[i] + " got " + got[i]);
            }
            assertTrue(hv[0].abs().max().item() > 0, "the Hessian-vector product is not trivially zero");
        }
    }

    private static void assertBits(Tensor want, Tensor got, String what) {
        assertArrayEquals(want.shape(), got.shape(), what + " shape");
        double[] w = want.toDoubleArray(), g = got.toDoubleArray();
        for (int i = 0; i < w.length; i++) {
            assertEquals(Double.doubleToLongBits(w[i]), Double.doubleToLongBits(g[i]), what + "[" + i + "]: want " + w[i] + " got " + g[i]);
        }
    }

    @Test
    void linearEqualsTheComposedFormBitForBit() {
        Rng r = new Rng(13);
        for (int trial = 0; trial < 20; trial++) {
            int in = 1 + r.nextInt(40), out = 1 + r.nextInt(40);
            int[] xs = trial % 2 == 0 ? new int[] {1 + r.nextInt(30), in} : new int[] {1 + r.nextInt(4), 1 + r.nextInt(9), in};
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                Tensor x = r.normal(dt, 0, 1, xs), w = r.normal(dt, 0, 1, out, in), b = r.normal(dt, 0, 1, out);
                int[] ys = xs.clone();
                ys[ys.length - 1] = out;
                Tensor seed = r.normal(dt, 0, 1, ys);
                Variable[] a = {Variable.parameter(x), Variable.parameter(w), Variable.parameter(b)};
                Variable[] c = {Variable.parameter(x), Variable.parameter(w), Variable.parameter(b)};
                Variable ya = FusedOps.linear(a[0], a[1], a[2]), yc = FusedOps.linearComposed(c[0], c[1], c[2]);
                assertArrayEquals(yc.value().toDoubleArray(), ya.value().toDoubleArray(), 0, "forward " + dt);
                ya.backward(seed);
                yc.backward(seed);
                for (int i = 0; i < 3; i++) {
                    assertArrayEquals(c[i].grad().shape(), a[i].grad().shape());
                    assertArrayEquals(c[i].grad().toDoubleArray(), a[i].grad().toDoubleArray(), 0, "grad " + i + " " + dt);
                }
            }
        }
    }

    /** |a − b| ≤ ulps·ulp(scale) elementwise, the scale being the largest magnitude involved. */
    private static void assertClose(Tensor want, Tensor got, double tol, String what) {
        double[] w = want.to(DType.FLOAT64).contiguous().toDoubleArray(), g = got.to(DType.FLOAT64).contiguous().toDoubleArray();
        assertArrayEquals(want.shape(), got.shape(), what + " shape");
        for (int i = 0; i < w.length; i++) {
            assertTrue(Math.abs(w[i] - g[i]) <= tol * Math.max(1, Math.abs(w[i])), what + "[" + i + "]: want " + w[i] + " got " + g[i]);
        }
    }

    @Test
    void crossEntropyMatchesTheComposedFormForwardAndBackward() {
        Rng r = new Rng(11);
        for (int trial = 0; trial < 30; trial++) {
            int n = 1 + r.nextInt(70), k = 1 + r.nextInt(40);
            for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
                // Bound: the row sum Σexp has k terms, each rounding adds ≤ 1 ulp of the running sum.
                double tol = (k + 4) * (dt == DType.FLOAT32 ? 0x1p-24 : 0x1p-53) * 4;
                Tensor x = r.normal(dt, 0, 3, n, k);
                Tensor y = r.randint(0, k, n);
                Variable a = Variable.parameter(x), b = Variable.parameter(x);
                Variable fa = FusedOps.softmaxCrossEntropy(a, y), fb = FusedOps.softmaxCrossEntropyComposed(b, y);
                assertClose(fb.value(), fa.value(), tol, "loss " + dt);
                Tensor seed = r.normal(dt, 0, 1, n);
                fa.backward(seed);
                fb.backward(seed);
                assertClose(b.grad(), a.grad(), tol, "grad " + dt);
            }
        }
    }

    @Test
    void layerNormMatchesTheComposedFormForwardAndBackward() {
        Rng r = new Rng(12);
        for (int trial = 0; trial < 30; trial++) {
            int rows = 1 + r.nextInt(20), d = 1 + r.nextInt(150);
            boolean affine = r.nextInt(3) != 0;
            for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
                double tol = (d + 8) * (dt == DType.FLOAT32 ? 0x1p-24 : 0x1p-53) * 8;
                Tensor x = r.normal(dt, 0.5, 2, rows, d), seed = r.normal(dt, 0, 1, rows, d);
                Tensor w = r.normal(dt, 1, 0.5, d), bias = r.normal(dt, 0, 0.5, d);
                Variable xa = Variable.parameter(x), xb = Variable.parameter(x);
                Variable wa = affine ? Variable.parameter(w) : null, wb = affine ? Variable.parameter(w) : null;
                Variable ba = affine ? Variable.parameter(bias) : null, bb = affine ? Variable.parameter(bias) : null;
                Variable ya = FusedOps.layerNorm(xa, wa, ba, 1, 1e-5), yb = FusedOps.layerNormComposed(xb, wb, bb, 1, 1e-5);
                assertClose(yb.value(), ya.value(), tol, "y " + dt);
                ya.backward(seed);
                yb.backward(seed);
                // dx = rstd·(ĝ − mean ĝ − x̂·mean(ĝx̂)) cancels: its rounding scales with rstd·Σ|ĝ|, not with |dx|,
                // and x̂ = (x − mean)·rstd carries the rounding of x − mean amplified by rstd·max|x|.
                double[] xv = x.to(DType.FLOAT64).toDoubleArray(), gv = seed.to(DType.FLOAT64).toDoubleArray(), wv = w.to(DType.FLOAT64).toDoubleArray();
                double[] want = xb.grad().to(DType.FLOAT64).toDoubleArray(), got = xa.grad().to(DType.FLOAT64).toDoubleArray();
                for (int i = 0; i < rows; i++) {
                    double mean = 0, var = 0, gsum = 0, xmax = 0;
                    for (int j = 0; j < d; j++) mean += xv[i * d + j] / d;
                    for (int j = 0; j < d; j++) var += (xv[i * d + j] - mean) * (xv[i * d + j] - mean) / d;
                    for (int j = 0; j < d; j++) gsum += Math.abs(gv[i * d + j] * (affine ? wv[j] : 1));
                    for (int j = 0; j < d; j++) xmax = Math.max(xmax, Math.abs(xv[i * d + j]));
                    double rstd = 1 / Math.sqrt(var + 1e-5), scale = gsum * rstd * Math.max(1, rstd * xmax);
                    for (int j = 0; j < d; j++) {
                        double diff = Math.abs(want[i * d + j] - got[i * d + j]);
                        assertTrue(diff <= tol * Math.max(1, scale), "dx " + dt + " d=" + d + ": want " + want[i * d + j] + " got " + got[i * d + j]);
                    }
                }
                if (affine) {
                    assertClose(wb.grad(), wa.grad(), tol * rows, "dw " + dt);
                    assertClose(bb.grad(), ba.grad(), tol * rows, "db " + dt);
                }
            }
        }
    }

    @Test
    void crossEntropyNamesBadLabels() {
        Variable x = Variable.parameter(Tensor.zeros(DType.FLOAT32, 2, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FusedOps.softmaxCrossEntropy(x, Tensor.of(new long[] {0, 3}, 2)));
        assertTrue(e.getMessage().contains("label 3") && e.getMessage().contains("[0, 3)"), e.getMessage());
    }
}
