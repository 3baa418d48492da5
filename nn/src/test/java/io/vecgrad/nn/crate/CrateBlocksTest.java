package io.vecgrad.nn.crate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.autodiff.GradCheck;
import io.vecgrad.autodiff.NoGrad;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.ModuleGradCheck;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** CRATE's MSSA and ISTA blocks against the authors' equations (golden values from src/test/resources/.../crate_golden.py). */
class CrateBlocksTest {
    /** v[i] = scale·sin(a·i + b), the inputs crate_golden.py builds. */
    static Tensor seq(double a, double b, double scale, int... shape) {
        int n = 1;
        for (int s : shape) n *= s;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = scale * Math.sin(a * i + b);
        return Tensor.of(v, shape);
    }

    private static void set(io.vecgrad.nn.Module m, String name, Tensor value) {
        try (NoGrad g = NoGrad.enter()) {
            m.namedParameters().get(name).value().copyFrom(value);
        }
    }

    @Test
    void mssaMatchesTheAuthorsAttention() {
        SubspaceAttention mssa = new SubspaceAttention(4, 2, 2, DType.FLOAT64);
        set(mssa, "qkv.weight", seq(0.53, 0.2, 0.5, 4, 4));
        set(mssa, "to_out.weight", seq(0.29, 0.3, 0.5, 4, 4));
        set(mssa, "to_out.bias", seq(0.71, 0.4, 0.1, 4));
        double[] want = {0.21807628636146695, 0.3940567528496613, 0.16096375891628195, -0.1959120026661026,
            0.22085538428761672, 0.38258371018918114, 0.1490213820763436, -0.19397708630012905,
            -0.016617503369203666, 0.06965237711294814, 0.13656256715888287, 0.10900365220390659};
        assertArrayEquals(want, mssa.forward(seq(0.37, 0.1, 1.0, 1, 3, 4)).value().toDoubleArray(), 1e-14);
    }

    @Test
    void istaMatchesTheAuthorsFeedForward() {
        IstaBlock ista = new IstaBlock(4, DType.FLOAT64);
        set(ista, "weight", seq(0.33, 0.6, 0.6, 4, 4));
        double[] want = {0.2426721526566813, 0.49877102014869434, 0.6542984062659727, 0.6821043943195992,
            0.7938536413876298, 0.5097509220814123, 0.1373009969999302, 0, 0, 0, 0, 0};
        assertArrayEquals(want, ista.forward(seq(0.41, 0.5, 1.0, 3, 4)).value().toDoubleArray(), 1e-14);
    }

    @Test
    void istaWithZeroStepAndPenaltyIsRelu() {
        IstaBlock ista = new IstaBlock(5, 0, 0, DType.FLOAT64);
        Tensor x = new Rng(1).normal(DType.FLOAT64, 0, 1, 3, 5);
        assertArrayEquals(x.relu().toDoubleArray(), ista.forward(x).value().toDoubleArray(), 0.0);
    }

    /** With η ≤ 1/‖D‖², the step from A = x ≥ 0 does not increase λ‖A‖₁ + ½‖x − DA‖² (proximal gradient descent). */
    @Property(tries = 20)
    void istaStepDescendsTheLassoObjective(@ForAll long seed) {
        Rng r = new Rng(seed);
        int d = 6;
        IstaBlock probe = new IstaBlock(d, DType.FLOAT64);
        probe.initialize(r.split("d"));
        Tensor dict = probe.namedParameters().get("weight").value();
        double l2 = io.vecgrad.tensor.linalg.Linalg.svdvals(dict).toDoubleArray()[0];
        double eta = 1 / (l2 * l2);
        IstaBlock ista = new IstaBlock(d, eta, 0.1, DType.FLOAT64);
        set(ista, "weight", dict);
        Tensor x = r.normal(DType.FLOAT64, 0, 1, 4, d).relu();
        Tensor a = ista.forward(x).value();
        for (int i = 0; i < 4; i++) {
            Tensor xi = x.select(0, i), ai = a.select(0, i);
            assertTrue(lasso(xi, ai, dict, 0.1) <= lasso(xi, xi, dict, 0.1) + 1e-12, "row " + i);
        }
    }

    private static double lasso(Tensor x, Tensor a, Tensor dict, double lambda) {
        Tensor res = x.sub(dict.matmul(a.reshape(-1, 1)).reshape(-1));
        return lambda * a.abs().sum().item() + 0.5 * res.mul(res).sum().item();
    }

    @Test
    void mssaIsPermutationEquivariant() {
        SubspaceAttention mssa = new SubspaceAttention(6, 3, 2, DType.FLOAT64);
        mssa.initialize(new Rng(3));
        Tensor x = new Rng(4).normal(DType.FLOAT64, 0, 1, 2, 5, 6);
        Tensor perm = Tensor.of(new long[] {4, 2, 0, 1, 3});
        try (NoGrad g = NoGrad.enter()) {
            Tensor a = mssa.forward(x).value().indexSelect(1, perm);
            Tensor b = mssa.forward(x.indexSelect(1, perm)).value();
            assertArrayEquals(a.toDoubleArray(), b.toDoubleArray(), 1e-12);
        }
    }

    /** Without the output projection (one head of width d), each SSA output is a convex combination of the projected tokens. */
    @Test
    void ssaOutputsAreConvexCombinations() {
        SubspaceAttention ssa = new SubspaceAttention(2, 1, 2, DType.FLOAT64);
        assertTrue(ssa.namedParameters().keySet().stream().noneMatch(k -> k.startsWith("to_out")));
        ssa.initialize(new Rng(5));
        Tensor x = new Rng(6).normal(DType.FLOAT64, 0, 1, 1, 7, 2);
        double[] w = ssa.project(Variable.constant(x)).value().toDoubleArray();
        double[] y = ssa.forward(x).value().toDoubleArray();
        for (int dim = 0; dim < 2; dim++) {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (int n = 0; n < 7; n++) {
                lo = Math.min(lo, w[n * 2 + dim]);
                hi = Math.max(hi, w[n * 2 + dim]);
            }
            for (int n = 0; n < 7; n++) assertTrue(y[n * 2 + dim] >= lo - 1e-12 && y[n * 2 + dim] <= hi + 1e-12);
        }
        // one token: softmax of a 1×1 matrix is 1, so SSA returns the token's projection
        Tensor one = x.slice(1, 0, 1).contiguous();
        assertArrayEquals(ssa.project(Variable.constant(one)).value().toDoubleArray(), ssa.forward(one).value().toDoubleArray(), 1e-15);
    }

    @Property(tries = 3)
    void gradientsFirstAndSecondOrder(@ForAll long seed) {
        Rng r = new Rng(seed);
        SubspaceAttention mssa = new SubspaceAttention(4, 2, 3, DType.FLOAT64);
        mssa.initialize(r.split("mssa"));
        ModuleGradCheck.check(mssa, r.normal(DType.FLOAT64, 0, 1, 2, 3, 4), true, seed);
        IstaBlock ista = new IstaBlock(4, DType.FLOAT64);
        ista.initialize(r.split("ista"));
        ModuleGradCheck.check(ista, r.normal(DType.FLOAT64, 0, 1, 3, 4), true, seed);
        CrateLayer layer = new CrateLayer(4, 2, 2, 0.1, DType.FLOAT64);
        layer.initialize(r.split("layer"));
        ModuleGradCheck.check(layer, r.normal(DType.FLOAT64, 0, 1, 2, 3, 4), true, seed);
        CrateClassifier net = new CrateClassifier(1, 4, 2, 4, 2, 2, 2, 3, r.split("net"), DType.FLOAT64);
        ModuleGradCheck.check(net, r.normal(DType.FLOAT64, 0, 1, 2, 1, 4, 4), false, seed);
    }

    @Test
    void crateLayerIsIstaOfNormalizedResidualAttention() {
        CrateLayer layer = new CrateLayer(4, 2, 2, 0.1, DType.FLOAT64);
        layer.initialize(new Rng(8));
        Tensor z = new Rng(9).normal(DType.FLOAT64, 0, 1, 1, 3, 4);
        try (NoGrad g = NoGrad.enter()) {
            Variable half = Variable.constant(z).add(layer.attention().forward(layer.submodule("norm1").forward(z)));
            Variable want = layer.submodule("ista").forward(layer.submodule("norm2").forward(half));
            assertArrayEquals(want.value().toDoubleArray(), layer.forward(z).value().toDoubleArray(), 0.0);
            assertTrue(java.util.Arrays.stream(layer.forward(z).value().toDoubleArray()).allMatch(v -> v >= 0));
        }
    }

    /** W = s·[I_p; 0] ∈ R^{N×p}: R = (p/2)·log(1 + p s²/(N ε²)). */
    @Test
    void codingRateOfAKnownMatrixEqualsTheClosedForm() {
        int n = 6, p = 3;
        double s = 0.7, eps2 = 0.04;
        double[] w = new double[n * p];
        for (int i = 0; i < p; i++) w[i * p + i] = s;
        double r = CodingRate.rate(Variable.constant(Tensor.of(w, n, p)), eps2).item();
        assertEquals(p / 2.0 * Math.log(1 + p * s * s / (n * eps2)), r, 1e-12);
        // batched: a second copy scaled by 2
        double[] w2 = new double[2 * n * p];
        for (int i = 0; i < p; i++) {
            w2[i * p + i] = s;
            w2[n * p + i * p + i] = 2 * s;
        }
        double[] rs = CodingRate.rate(Variable.constant(Tensor.of(w2, 2, n, p)), eps2).value().toDoubleArray();
        assertEquals(p / 2.0 * Math.log(1 + p * 4 * s * s / (n * eps2)), rs[1], 1e-12);
        assertThrows(IllegalArgumentException.class, () -> CodingRate.rate(Variable.constant(Tensor.of(w, n, p)), 0));
    }

    @Test
    void codingRateGradient() {
        Tensor w = new Rng(10).normal(DType.FLOAT64, 0, 1, 2, 4, 3);
        GradCheck.checkSecondOrder(v -> CodingRate.rate(v[0], 0.5), w);
    }

    @Test
    void perLayerMeasurementAndDeterminism() {
        Tensor images = new Rng(11).uniform(DType.FLOAT32, 0, 1, 6, 1, 8, 8);
        CrateClassifier a = new CrateClassifier(1, 8, 2, 16, 3, 2, 8, 10, new Rng(5), DType.FLOAT32);
        CrateClassifier b = new CrateClassifier(1, 8, 2, 16, 3, 2, 8, 10, new Rng(5), DType.FLOAT32);
        assertArrayEquals(a.forward(images).value().toDoubleArray(), b.forward(images).value().toDoubleArray(), 0.0);
        List<CodingRate.Stat> ra = CodingRate.perLayer(a, images, CodingRate.EPS2), rb = CodingRate.perLayer(b, images, CodingRate.EPS2);
        assertEquals(3, ra.size());
        assertEquals(ra, rb);
        // the measurement is the per-image sum over heads of the rate of unit-norm head tokens: bounded by K·(p/2)·log(1 + N/(N ε²))
        double bound = 2 * (8 / 2.0) * Math.log(1 + 1 / CodingRate.EPS2);
        for (CodingRate.Stat s : ra) assertTrue(s.mean() > 0 && s.mean() <= bound && s.std() >= 0, s.toString());
        assertEquals(3, CodingRate.sparsityPerLayer(a, images).size());
        assertThrows(IllegalArgumentException.class, () -> new CrateClassifier(1, 8, 3, 16, 3, 2, 8, 10, new Rng(5), DType.FLOAT32));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.forward(Tensor.zeros(2, 1, 7, 7)));
        assertTrue(e.getMessage().contains("[2, 1, 7, 7]"), e.getMessage());
    }
}
