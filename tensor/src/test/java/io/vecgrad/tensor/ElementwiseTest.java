package io.vecgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.DoubleBinaryOperator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import org.junit.jupiter.api.Test;

/** Tensor-level elementwise ops: broadcasting over strided views against a per-index oracle. */
@Tag("kernel")
@org.junit.jupiter.api.Tag("kernel")
class ElementwiseTest {

    @SuppressWarnings("unchecked")
    private static final BiFunction<Tensor, Tensor, Tensor>[] OPS = new BiFunction[] {
        (BiFunction<Tensor, Tensor, Tensor>) Tensor::add, (BiFunction<Tensor, Tensor, Tensor>) Tensor::sub,
        (BiFunction<Tensor, Tensor, Tensor>) Tensor::mul, (BiFunction<Tensor, Tensor, Tensor>) Tensor::div,
        (BiFunction<Tensor, Tensor, Tensor>) Tensor::minimum, (BiFunction<Tensor, Tensor, Tensor>) Tensor::maximum,
    };
    private static final DoubleBinaryOperator[] ORACLES = {
        (x, y) -> x + y, (x, y) -> x - y, (x, y) -> x * y, (x, y) -> x / y, Math::min, Math::max,
    };

    @Property(tries = 500)
    void binaryOpsBroadcastLikeNumpy(@ForAll long seed) {
        Random r = new Random(seed);
        int k = r.nextInt(OPS.length);
        DType dt = r.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
        int[] sa = Gen.shape(r, 4, 6);
        int[] sb = Gen.broadcastPartner(r, sa);
        if (r.nextBoolean()) { int[] t = sa; sa = sb; sb = t; }
        Tensor a = Gen.tensor(r, dt, sa, r.nextBoolean());
        Tensor b = Gen.tensor(r, dt, sb, r.nextBoolean());
        Tensor c = OPS[k].apply(a, b);
        int[] shape = Shape.broadcast("test", sa, sb);
        assertArrayEquals(shape, c.shape());
        assertEquals(dt, c.dtype());
        int[] fa = sa, fb = sb;
        Gen.forEachIndex(shape, idx -> {
            double want = ORACLES[k].applyAsDouble(a.get(Gen.broadcastIndex(idx, fa)), b.get(Gen.broadcastIndex(idx, fb)));
            if (dt == DType.FLOAT32) want = (float) want;
            assertEquals(want, c.get(idx), 0.0, "op " + k + " at " + java.util.Arrays.toString(idx));
        });
    }

    @Property(tries = 200)
    void inPlaceOpsWriteThroughStridedViews(@ForAll long seed) {
        Random r = new Random(seed);
        int[] shape = Gen.shape(r, 3, 6);
        Tensor t = Gen.tensor(r, DType.FLOAT64, shape, true);
        Tensor x = Gen.tensor(r, DType.FLOAT64, Gen.broadcastPartner(r, shape), r.nextBoolean());
        Tensor before = t.copy();
        double alpha = r.nextGaussian();
        t.axpyInPlace(alpha, x);
        Tensor want = before.add(x.mul(alpha));
        Gen.forEachIndex(shape, idx -> assertEquals(want.get(idx), t.get(idx), 1e-15 * (1 + Math.abs(want.get(idx)))));
        Tensor y = Gen.tensor(r, DType.FLOAT64, shape, false).abs().add(0.5);
        Tensor t2 = t.copy();
        t2.addcdivInPlace(0.3, x, y);
        Tensor want2 = t.add(x.mul(0.3).div(y));
        Gen.forEachIndex(shape, idx -> assertEquals(want2.get(idx), t2.get(idx), 1e-14 * (1 + Math.abs(want2.get(idx)))));
    }

    @Test
    void dtypePromotionFollowsPyTorch() {
        Tensor i = Tensor.of(new int[] {1, 2, 3});
        Tensor f = Tensor.of(new float[] {0.5f, 0.5f, 0.5f});
        Tensor d = Tensor.of(new double[] {1, 1, 1});
        assertEquals(DType.FLOAT32, i.add(f).dtype());
        assertEquals(DType.FLOAT64, f.add(d).dtype());
        assertEquals(DType.INT32, i.add(i).dtype());
        assertEquals(DType.FLOAT32, i.div(i).dtype());
        assertArrayEquals(new double[] {0.5, 1, 1.5}, i.div(2).toDoubleArray());
        assertEquals(DType.FLOAT32, i.exp().dtype());
        assertEquals(DType.INT32, i.neg().dtype());
        assertEquals(DType.FLOAT32, f.mul(2.5).dtype());
    }

    @Test
    void mismatchedShapesNameOpShapesAndAxis() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(2, 3).add(Tensor.zeros(4, 3)));
        String m = e.getMessage();
        assertTrue(m.contains("add") && m.contains("[2, 3]") && m.contains("[4, 3]") && m.contains("axis 0"), m);
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(2, 3).addInPlace(Tensor.zeros(2, 2, 3)));
        assertTrue(f.getMessage().contains("addInPlace"), f.getMessage());
    }

    @Test
    void comparisonsAndWhere() {
        Tensor x = Tensor.of(new double[] {-1, 0, 2, Double.NaN});
        assertArrayEquals(new boolean[] {false, false, true, false}, x.gt(0).toBoolArray());
        assertArrayEquals(new boolean[] {true, true, false, false}, x.le(0).toBoolArray());
        assertArrayEquals(new boolean[] {true, true, true, true}, x.gt(0).or(x.le(0)).or(x.ne(x)).toBoolArray());
        assertArrayEquals(new boolean[] {false, false, false, false}, x.gt(0).and(x.le(0)).toBoolArray());
        Tensor w = Tensor.where(x.gt(0), x, Tensor.scalar(DType.FLOAT64, 7));
        assertArrayEquals(new double[] {7, 7, 2, 7}, w.toDoubleArray());
        assertArrayEquals(new double[] {-1, 0, 1, Double.NaN}, x.clamp(-1, 1).toDoubleArray());
    }

    @Test
    void erfMatchesKnownValues() {
        double[] xs = {0, 0.1, 0.5, 1, 2, 2.9, 3.1, 4, 5.5, 7, -1.5};
        double[] want = {0, 0.1124629160182849, 0.5204998778130465, 0.8427007929497149, 0.9953222650189527,
            0.9999589021219005, 0.9999883513426328, 0.9999999845827421, 0.9999999999999927, 1, -0.9661051464753108};
        double[] got = Tensor.of(xs).erf().toDoubleArray();
        for (int i = 0; i < xs.length; i++) assertEquals(want[i], got[i], 4 * Math.ulp(want[i]), "erf(" + xs[i] + ")");
    }

    /**
     * A contiguous operand repeated over the leading axes of a contiguous one ([N, M] with [M],
     * [1, M] or a scalar) takes the row-broadcast fast path; a strided view of the same small
     * operand takes the general path. Both must give the same bits, in either operand order.
     */
    @Property(tries = 300)
    void rowBroadcastFastPathMatchesGeneralPathBitwise(@ForAll long seed) {
        Random r = new Random(seed);
        DType dt = r.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
        int n = Gen.interestingSize(r), m = Gen.interestingSize(r);
        int[] bigShape = r.nextBoolean() ? new int[] {n, m} : new int[] {2, n, m};
        int[][] smallShapes = {{m}, {1, m}, {}, {1}, {n, m}};
        int[] smallShape = smallShapes[r.nextInt(smallShapes.length)];
        Tensor big = Gen.tensor(r, dt, bigShape, false);
        Tensor small = Gen.tensor(r, dt, smallShape, false);
        Tensor smallStrided = Tensor.stack(small.dim(), small, small).select(small.dim(), 1);
        boolean swap = r.nextBoolean();
        int k = r.nextInt(OPS.length);
        Tensor fast = swap ? OPS[k].apply(small, big) : OPS[k].apply(big, small);
        Tensor general = swap ? OPS[k].apply(smallStrided, big) : OPS[k].apply(big, smallStrided);
        assertArrayEquals(general.shape(), fast.shape());
        assertArrayEquals(general.toDoubleArray(), fast.toDoubleArray(), "op " + k + " swap " + swap);
        Gen.forEachIndex(fast.shape(), idx -> {
            double x = big.get(Gen.broadcastIndex(idx, bigShape)), y = small.get(Gen.broadcastIndex(idx, smallShape));
            double want = swap ? ORACLES[k].applyAsDouble(y, x) : ORACLES[k].applyAsDouble(x, y);
            if (dt == DType.FLOAT32) want = (float) want;
            assertEquals(want, fast.get(idx), 0.0, "op " + k + " at " + java.util.Arrays.toString(idx));
        });
    }

    @Test
    void rowBroadcastKeepsTheBroadcastShapeWhenTheSmallOperandHasMoreAxes() {
        Tensor a = Tensor.of(new float[] {1, 2, 3}, 3);
        Tensor b = Tensor.of(new float[] {10, 20, 30}, 1, 3);
        assertArrayEquals(new int[] {1, 3}, a.add(b).shape());
        assertArrayEquals(new float[] {11, 22, 33}, a.add(b).toFloatArray());
        assertArrayEquals(new int[] {2, 3}, Tensor.zeros(2, 3).add(a.to(DType.FLOAT64)).shape());
    }

    @Property(tries = 200)
    void gtMaskEqualsGtConvertedToTheDtype(@ForAll long seed) {
        Random r = new Random(seed);
        DType dt = r.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
        Tensor x = Gen.tensor(r, dt, Gen.shape(r, 3, 6), r.nextBoolean());
        double s = r.nextBoolean() ? 0 : r.nextGaussian();
        Tensor mask = x.gtMask(s);
        assertEquals(dt, mask.dtype());
        assertTrue(mask.valueEquals(x.gt(s).to(dt)));
    }

    @Test
    void gtMaskOfSpecialValuesAndIntegers() {
        Tensor x = Tensor.of(new double[] {-1, 0, -0.0, 2, Double.NaN, Double.POSITIVE_INFINITY});
        assertArrayEquals(new double[] {0, 0, 0, 1, 0, 1}, x.gtMask(0).toDoubleArray());
        Tensor i = Tensor.of(new int[] {-2, 0, 3});
        assertEquals(DType.FLOAT32, i.gtMask(0).dtype());
        assertArrayEquals(new float[] {0, 0, 1}, i.gtMask(0).toFloatArray());
    }
}
