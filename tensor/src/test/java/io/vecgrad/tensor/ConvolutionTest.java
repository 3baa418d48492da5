package io.vecgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.Convolution.Conv2dSpec;
import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/** The tensor-level wrappers: layout handling, dtype, bias and the adjoint identities. */
class ConvolutionTest {
    private final Rng rng = new Rng(11);

    @Test
    void conv2dOnAStridedViewMatchesADirectSum() {
        Tensor x = rng.normal(DType.FLOAT64, 0, 1, 2, 5, 5, 3).permute(0, 3, 1, 2);   // NHWC storage viewed as NCHW
        Tensor w = rng.normal(DType.FLOAT64, 0, 1, 4, 3, 3, 3);
        Tensor b = rng.normal(DType.FLOAT64, 0, 1, 4);
        Tensor y = Convolution.conv2d(x, w, b, Conv2dSpec.of(1, 1));
        assertArrayEquals(new int[] {2, 4, 5, 5}, y.shape());
        double s = b.get(2);
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    int h = 1 + i - 1, v = 3 + j - 1;
                    if (h >= 0 && h < 5 && v >= 0 && v < 5) s += x.get(1, c, h, v) * w.get(2, c, i, j);
                }
            }
        }
        assertEquals(s, y.get(1, 2, 1, 3), 1e-12);
    }

    @Test
    void backwardKernelsAreAdjoints() {
        Conv2dSpec spec = new Conv2dSpec(2, 1, 1, 2, 1, 2, 2);
        Tensor x = rng.normal(DType.FLOAT64, 0, 1, 2, 4, 7, 6);
        Tensor w = rng.normal(DType.FLOAT64, 0, 1, 6, 2, 3, 2);
        Tensor y = Convolution.conv2d(x, w, null, spec);
        Tensor g = rng.normal(DType.FLOAT64, 0, 1, y.shape());
        double lhs = y.mul(g).sum().item();
        double viaX = x.mul(Convolution.conv2dBackwardInput(g, w, x.shape(), spec)).sum().item();
        double viaW = w.mul(Convolution.conv2dBackwardWeight(x, g, w.shape(), spec)).sum().item();
        assertEquals(lhs, viaX, 1e-10 * Math.abs(lhs) + 1e-10);
        assertEquals(lhs, viaW, 1e-10 * Math.abs(lhs) + 1e-10);
    }

    @Test
    void poolingForwardAndBackward() {
        Tensor x = Tensor.arange(DType.FLOAT32, 0, 16, 1).reshape(1, 1, 4, 4);
        Convolution.Pooled p = Convolution.maxPool2d(x, 2, 0, 0);
        assertArrayEquals(new double[] {5, 7, 13, 15}, p.values().toDoubleArray());
        Tensor dx = Convolution.maxPool2dBackward(Tensor.ones(DType.FLOAT32, 1, 1, 2, 2), p.argmax(), x.shape(), 2, 0, 0);
        assertEquals(1, dx.get(0, 0, 1, 1));
        assertEquals(0, dx.get(0, 0, 0, 0));
        assertEquals(4, dx.sum().item());
        Tensor a = Convolution.avgPool2d(x, 2, 2, 0);
        assertArrayEquals(new double[] {2.5, 4.5, 10.5, 12.5}, a.toDoubleArray());
        Tensor da = Convolution.avgPool2dBackward(Tensor.ones(DType.FLOAT32, 1, 1, 2, 2), x.shape(), 2, 2, 0);
        assertEquals(0.25, da.get(0, 0, 3, 3));
    }

    @Test
    void mismatchedChannelsAndBiasAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Convolution.conv2d(Tensor.zeros(1, 3, 8, 8), Tensor.zeros(4, 2, 3, 3), null, Conv2dSpec.of(1, 0)));
        assertTrue(e.getMessage().contains("conv2d") && e.getMessage().contains("[1,3,8,8]"), e.getMessage());
        IllegalArgumentException b = assertThrows(IllegalArgumentException.class,
                () -> Convolution.conv2d(Tensor.zeros(1, 3, 8, 8), Tensor.zeros(4, 3, 3, 3), Tensor.zeros(5), Conv2dSpec.of(1, 0)));
        assertTrue(b.getMessage().contains("bias"), b.getMessage());
    }

    /**
     * The bias gradient against the channel sums of the reduction it replaces, within the
     * summation bound (another order); on a strided view and in float32; the same bits at 1, 2
     * and 3 threads; and a clear error for a tensor that is not NCHW.
     */
    @Test
    void conv2dBackwardBiasIsTheChannelSum() {
        Tensor dy = rng.normal(DType.FLOAT64, 0, 1, 3, 5, 7, 4).permute(0, 3, 1, 2);   // [3,4,5,7], strided
        Tensor db = Convolution.conv2dBackwardBias(dy);
        Tensor ref = dy.sum(new int[] {0, 2, 3}, false);
        Tensor abs = dy.abs().sum(new int[] {0, 2, 3}, false);
        assertArrayEquals(new int[] {4}, db.shape());
        int terms = 3 * 5 * 7;
        for (int c = 0; c < 4; c++) {
            double tol = 2.0 * terms * Math.ulp(1.0) * abs.get(c);
            assertEquals(ref.get(c), db.get(c), tol, "channel " + c);
        }
        Tensor f = dy.to(DType.FLOAT32);
        Tensor dbf = Convolution.conv2dBackwardBias(f);
        assertEquals(DType.FLOAT32, dbf.dtype());
        for (int c = 0; c < 4; c++) {
            double tol = 2.0 * terms * Math.ulp(1.0f) * abs.get(c);
            assertEquals(f.sum(new int[] {0, 2, 3}, false).get(c), dbf.get(c), tol, "f32 channel " + c);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Convolution.conv2dBackwardBias(rng.normal(DType.FLOAT32, 0, 1, 2, 3, 4)));
        assertTrue(e.getMessage().contains("conv2d backward bias") && e.getMessage().contains("[2, 3, 4]"), e.getMessage());
    }

    @Test
    void conv2dBackwardBiasSameBitsForAnyThreadCount() {
        int saved = io.vecgrad.tensor.kernel.Parallel.threads();
        try {
            // LeNet's first and second layers: both large enough to split
            for (int[] shape : new int[][] {{64, 16, 28, 28}, {64, 32, 14, 14}}) {
                Tensor dy = rng.normal(DType.FLOAT32, 0, 1, shape);
                Tensor first = null;
                for (int threads : new int[] {1, 2, 3}) {
                    io.vecgrad.tensor.kernel.Parallel.setThreads(threads);
                    io.vecgrad.tensor.kernel.ParallelCensus census =
                            io.vecgrad.tensor.kernel.ParallelCensus.start(io.vecgrad.tensor.kernel.ParallelCensus.Mode.OBSERVE);
                    Tensor db = Convolution.conv2dBackwardBias(dy);
                    assertEquals(threads > 1 ? 1.0 : 0.0, census.stop(1).regionsPerStep(), "regions at " + threads + " threads");
                    if (first == null) {
                        first = db;
                    } else {
                        assertArrayEquals(first.toFloatArray(), db.toFloatArray(), "threads=" + threads);
                    }
                }
            }
        } finally {
            io.vecgrad.tensor.kernel.Parallel.setThreads(saved);
        }
    }
}
