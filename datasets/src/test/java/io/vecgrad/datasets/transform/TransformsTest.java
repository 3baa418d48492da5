package io.vecgrad.datasets.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class TransformsTest {
    static Tensor images(int n, int c, int h, int w) {
        return Tensor.arange(DType.FLOAT64, 1, 1 + n * c * h * w, 1).reshape(n, c, h, w);
    }

    @Test
    void normalizeFlattenOneHot() {
        Tensor x = Tensor.of(new double[] {1, 3, 5, 7}, 2, 2);
        assertArrayEquals(new double[] {-1, 0, 1, 2}, Transforms.normalize(3, 2).apply(x, null).toDoubleArray());
        Tensor perChannel = Transforms.normalize(new double[] {1, 3}, new double[] {1, 2}).apply(x, null);
        assertArrayEquals(new double[] {0, 0, 4, 2}, perChannel.toDoubleArray());
        assertArrayEquals(new int[] {2, 12}, Transforms.flatten().apply(images(2, 1, 3, 4), null).shape());
        Tensor oh = Transforms.oneHot(3).apply(Tensor.of(new long[] {2, 0}), null);
        assertArrayEquals(new double[] {0, 0, 1, 1, 0, 0}, oh.toDoubleArray());
        assertThrows(IllegalArgumentException.class, () -> Transforms.normalize(0, 0));
    }

    @Property(tries = 100)
    void cropIsAWindowOfThePaddedImage(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int size, @ForAll @IntRange(max = 3) int pad) {
        int h = 5, w = 5;
        Tensor x = images(3, 2, h, w);
        Tensor out = Transforms.randomCrop(size, pad).apply(x, new Rng(seed));
        assertArrayEquals(new int[] {3, 2, size, size}, out.shape());
        for (int i = 0; i < 3; i++) {
            boolean found = false;
            for (int top = -pad; top + size <= h + pad && !found; top++) {
                for (int left = -pad; left + size <= w + pad && !found; left++) {
                    found = windowMatches(x, out, i, top, left, size);
                }
            }
            assertEquals(true, found, "image " + i + " is not a window");
        }
        assertArrayEquals(out.toDoubleArray(), Transforms.randomCrop(size, pad).apply(x, new Rng(seed)).toDoubleArray());
    }

    private static boolean windowMatches(Tensor x, Tensor out, int i, int top, int left, int size) {
        for (int c = 0; c < x.size(1); c++) {
            for (int r = 0; r < size; r++) {
                for (int q = 0; q < size; q++) {
                    int sr = top + r, sc = left + q;
                    double expect = sr < 0 || sc < 0 || sr >= x.size(2) || sc >= x.size(3) ? 0 : x.get(i, c, sr, sc);
                    if (out.get(i, c, r, q) != expect) return false;
                }
            }
        }
        return true;
    }

    @Test
    void flipMirrorsColumnsAndIsAnInvolution() {
        Tensor x = images(2, 3, 4, 5);
        Tensor f = Transforms.horizontalFlip(1).apply(x, new Rng(1));
        assertEquals(x.get(1, 2, 3, 0), f.get(1, 2, 3, 4));
        assertArrayEquals(x.toDoubleArray(), Transforms.horizontalFlip(1).apply(f, new Rng(2)).toDoubleArray());
        assertArrayEquals(x.toDoubleArray(), Transforms.horizontalFlip(0).apply(x, new Rng(3)).toDoubleArray());
        assertEquals(DType.FLOAT64, f.dtype());
    }
}
