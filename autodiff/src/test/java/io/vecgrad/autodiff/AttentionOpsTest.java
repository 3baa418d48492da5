package io.vecgrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.autodiff.ops.Attention;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The fused attention ops (ops.Attention) against their composed forms over generated shapes,
 * masks and causal rows, in float64 and float32; second order through the composed fallback;
 * determinism. First- and second-order gradient checks against central differences run in
 * OpGradientPropertiesTest through {@link #addCases}.
 *
 * <p>Bound (fused against composed): both are sums of dot products of length {@code d},
 * {@code dv} and of {@code tq} or {@code tk} terms in different orders, and score errors reach the
 * probabilities scaled by at most the score size, so they differ by at most
 * {@code 8·(tq + tk + d + dv)·u·(1 + max|score|)} times the largest value of that output.
 */
class AttentionOpsTest {

    static void addCases(Map<String, OpCases.Case> all) {
        all.put("scaledDotProductAttention", new OpCases.Case("scaledDotProductAttention", r -> {
            int b = 1 + r.nextInt(2), h = 1 + r.nextInt(2), tq = 1 + r.nextInt(3), tk = 1 + r.nextInt(3), d = 1 + r.nextInt(3), dv = 1 + r.nextInt(3);
            boolean causal = r.nextInt(2) == 0 && tq <= tk;
            Tensor mask = r.nextInt(2) == 0 ? OpCases.normal(r, tq, tk) : null;
            Tensor c = OpCases.normal(r, b, h, tq, dv);
            return new OpCases.Instance(new Tensor[] {OpCases.normal(r, b, h, tq, d), OpCases.normal(r, b, h, tk, d), OpCases.normal(r, b, h, tk, dv)},
                    v -> Attention.scaledDotProductAttention(v[0], v[1], v[2], mask, causal, 0.7).mul(Variable.constant(c)).square());
        }, GradCheck.options().atol(1e-5).rtol(1e-4)));
        all.put("selfAttention", new OpCases.Case("selfAttention", r -> {
            int heads = 1 + r.nextInt(2), e = heads * (1 + r.nextInt(2)), t = 1 + r.nextInt(3);
            boolean causal = r.nextInt(2) == 0;
            Tensor c = OpCases.normal(r, 2, t, e);
            return new OpCases.Instance(new Tensor[] {OpCases.normal(r, 2, t, 3 * e)},
                    v -> Attention.selfAttention(v[0], heads, causal).mul(Variable.constant(c)).square());
        }, GradCheck.options().atol(1e-5).rtol(1e-4)));
    }

    private static void assertClose(Tensor want, Tensor got, double tol, String what) {
        assertArrayEquals(want.shape(), got.shape(), what + " shape");
        double[] w = want.toDoubleArray(), g = got.toDoubleArray();
        double scale = 0;
        for (double x : w) scale = Math.max(scale, Math.abs(x));
        for (int i = 0; i < w.length; i++) {
            assertTrue(Math.abs(w[i] - g[i]) <= tol * scale, what + "[" + i + "]: want " + w[i] + " got " + g[i] + ", bound " + tol * scale);
        }
    }

    private static double maxAbsScore(Tensor q, Tensor k, double scale) {
        double[] s = q.to(DType.FLOAT64).mul(scale).matmul(k.to(DType.FLOAT64).mT()).abs().toDoubleArray();
        double m = 0;
        for (double x : s) m = Math.max(m, x);
        return m;
    }

    @Property(tries = 40)
    void scaledDotProductAttentionMatchesTheComposedForm(@ForAll long seed) {
        Rng r = new Rng(seed);
        int b = 1 + r.nextInt(2), h = 1 + r.nextInt(3), tq = 1 + r.nextInt(r.nextInt(4) == 0 ? 100 : 20), tk = 1 + r.nextInt(40);
        int d = 1 + r.nextInt(40), dv = 1 + r.nextInt(40);
        boolean causal = r.nextInt(3) == 0 && tq <= tk;
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            Tensor q = r.normal(dt, 0, 1, b, h, tq, d), k = r.normal(dt, 0, 1, b, h, tk, d), v = r.normal(dt, 0, 1, b, h, tk, dv);
            Tensor mask = r.nextInt(3) == 0 ? r.normal(dt, 0, 2, tq, tk) : null, seedG = r.normal(dt, 0, 1, b, h, tq, dv);
            double scale = 1 / Math.sqrt(d);
            Variable[] a = {Variable.parameter(q), Variable.parameter(k), Variable.parameter(v)};
            Variable[] c = {Variable.parameter(q), Variable.parameter(k), Variable.parameter(v)};
            Variable ya = Attention.scaledDotProductAttention(a[0], a[1], a[2], mask, causal, scale);
            Variable yc = Attention.scaledDotProductAttentionComposed(c[0], c[1], c[2], mask, causal, scale);
            double u = dt == DType.FLOAT32 ? 0x1p-24 : 0x1p-53;
            double tol = 8 * (tq + tk + d + dv) * u * (1 + maxAbsScore(q, k, scale) + (mask == null ? 0 : 8));
            String what = dt + " " + b + "x" + h + " tq" + tq + " tk" + tk + " d" + d + " dv" + dv + (causal ? " causal" : "");
            assertClose(yc.value(), ya.value(), tol, "o " + what);
            ya.backward(seedG);
            yc.backward(seedG);
            for (int i = 0; i < 3; i++) assertClose(c[i].grad(), a[i].grad(), tol, "grad " + "qkv".charAt(i) + " " + what);
        }
    }

    @Property(tries = 20)
    void selfAttentionMatchesTheComposedForm(@ForAll long seed) {
        Rng r = new Rng(seed);
        int heads = 1 + r.nextInt(4), d = 1 + r.nextInt(20), e = heads * d, t = 1 + r.nextInt(r.nextInt(4) == 0 ? 90 : 30), b = 1 + r.nextInt(3);
        boolean causal = r.nextInt(2) == 0;
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            Tensor qkv = r.normal(dt, 0, 1, b, t, 3 * e), g = r.normal(dt, 0, 1, b, t, e);
            Variable xa = Variable.parameter(qkv), xc = Variable.parameter(qkv);
            Variable ya = Attention.selfAttention(xa, heads, causal), yc = Attention.selfAttentionComposed(xc, heads, causal);
            double u = dt == DType.FLOAT32 ? 0x1p-24 : 0x1p-53;
            Tensor q = qkv.slice(2, 0, e).reshape(b, t, heads, d).permute(0, 2, 1, 3), k = qkv.slice(2, e, 2 * e).reshape(b, t, heads, d).permute(0, 2, 1, 3);
            double tol = 8 * (2 * t + 2 * d) * u * (1 + maxAbsScore(q, k, 1 / Math.sqrt(d)));
            assertClose(yc.value(), ya.value(), tol, "o " + dt + " t" + t + " heads" + heads + " d" + d);
            ya.backward(g);
            yc.backward(g);
            assertClose(xc.grad(), xa.grad(), tol, "grad " + dt + " t" + t + " heads" + heads + " d" + d);
        }
    }

    @Test
    void secondOrderRunsTheComposedForm() {
        Rng r = new Rng(5);
        Tensor qkv = r.normal(DType.FLOAT64, 0, 1, 2, 5, 12), w = r.normal(DType.FLOAT64, 0, 1, 2, 5, 4), dir = r.normal(DType.FLOAT64, 0, 1, 2, 5, 12);
        for (boolean fused : new boolean[] {true, false}) {
            Variable x = Variable.parameter(qkv);
            Variable y = (fused ? Attention.selfAttention(x, 2, true) : Attention.selfAttentionComposed(x, 2, true)).mul(Variable.constant(w)).square().sum();
            Variable g = Autodiff.gradients(y, Variable.constant(Tensor.scalar(DType.FLOAT64, 1)), true, x)[0];
            Variable hv = Autodiff.gradients(g.mul(Variable.constant(dir)).sum(), x)[0];
            if (fused) {
                fusedGrad = g.value();
                fusedHv = hv.value();
            } else {
                assertArrayEquals(g.value().toDoubleArray(), fusedGrad.toDoubleArray(), 0, "create-graph gradient");
                // The cotangent reaching the attention node comes through the fused op's first-order
                // VJP (the kernel), so the product agrees within the kernel's bound, not bit for bit.
                assertClose(hv.value(), fusedHv, 8 * (5 + 5 + 2 + 2) * 0x1p-53 * 16, "Hessian-vector product");
            }
        }
    }

    private Tensor fusedGrad, fusedHv;

    @Test
    void sameInputsGiveTheSameBits() {
        Rng r = new Rng(6);
        Tensor q = r.normal(DType.FLOAT32, 0, 1, 2, 3, 37, 24), k = r.normal(DType.FLOAT32, 0, 1, 2, 3, 45, 24), v = r.normal(DType.FLOAT32, 0, 1, 2, 3, 45, 17);
        Tensor mask = r.normal(DType.FLOAT32, 0, 1, 37, 45), g = r.normal(DType.FLOAT32, 0, 1, 2, 3, 37, 17);
        double[][] first = null;
        for (int run = 0; run < 2; run++) {
            Variable[] a = {Variable.parameter(q), Variable.parameter(k), Variable.parameter(v)};
            Variable y = Attention.scaledDotProductAttention(a[0], a[1], a[2], mask, false, 0.3);
            y.backward(g);
            double[][] got = {y.value().toDoubleArray(), a[0].grad().toDoubleArray(), a[1].grad().toDoubleArray(), a[2].grad().toDoubleArray()};
            if (first == null) first = got;
            else for (int i = 0; i < 4; i++) assertArrayEquals(first[i], got[i], 0);
        }
    }
}
