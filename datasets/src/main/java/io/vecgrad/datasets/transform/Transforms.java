package io.vecgrad.datasets.transform;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import java.util.Arrays;

/**
 * The standard transforms: normalize, one-hot, flatten, and for images ([N, C, H, W])
 * random crop with zero padding and random horizontal flip.
 *
 * <pre>{@code
 * DataLoader loader = DataLoader.of(FashionMnist.train()).batchSize(128).seed(7)
 *         .features(Transforms.compose(Transforms.randomCrop(28, 4), Transforms.horizontalFlip(0.5)))
 *         .labels(Transforms.oneHot(10))
 *         .build();
 * }</pre>
 */
public final class Transforms {
    private Transforms() {}

    /** Applies the transforms left to right, each with its own child stream. */
    public static Transform compose(Transform... ts) {
        Transform[] copy = ts.clone();
        return (x, rng) -> {
            Tensor out = x;
            for (int i = 0; i < copy.length; i++) out = copy[i].apply(out, rng.split(i));
            return out;
        };
    }

    /** {@code (x - mean) / std} with scalar statistics. */
    public static Transform normalize(double mean, double std) {
        if (!(std > 0)) throw new IllegalArgumentException("normalize: std must be positive, got " + std);
        return (x, rng) -> x.sub(mean).div(std);
    }

    /**
     * Per-channel {@code (x - mean[c]) / std[c]} for [N, C, …] batches (or per-feature for
     * [N, C]).
     */
    public static Transform normalize(double[] mean, double[] std) {
        if (mean.length != std.length) throw new IllegalArgumentException("normalize: " + mean.length + " means but " + std.length + " stds");
        return (x, rng) -> {
            if (x.dim() < 2 || x.size(1) != mean.length) {
                throw new IllegalArgumentException("normalize: batch of shape " + Arrays.toString(x.shape()) + " has no channel axis of size " + mean.length);
            }
            int[] shape = new int[x.dim()];
            Arrays.fill(shape, 1);
            shape[1] = mean.length;
            Tensor m = Tensor.of(mean, shape).to(x.dtype().toFloating());
            Tensor s = Tensor.of(std, shape).to(x.dtype().toFloating());
            return x.sub(m).div(s);
        };
    }

    /** Integer labels [N] → float32 one-hot [N, classes]. */
    public static Transform oneHot(int classes) {
        return (y, rng) -> y.oneHot(classes, DType.FLOAT32);
    }

    /** [N, …] → [N, prod(…)]. */
    public static Transform flatten() {
        return (x, rng) -> x.flatten(1, x.dim() - 1);
    }

    /**
     * Pads each image of an [N, C, H, W] batch by {@code padding} zeros on every side, then
     * crops a random {@code size × size} window (one offset per image).
     */
    public static Transform randomCrop(int size, int padding) {
        if (size <= 0 || padding < 0) throw new IllegalArgumentException("randomCrop: size " + size + ", padding " + padding);
        return (x, rng) -> {
            requireImages("randomCrop", x);
            int n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
            int ph = h + 2 * padding, pw = w + 2 * padding;
            if (size > ph || size > pw) throw new IllegalArgumentException("randomCrop: crop " + size + " larger than padded image " + ph + "x" + pw);
            double[] src = x.toDoubleArray();
            double[] out = new double[n * c * size * size];
            for (int i = 0; i < n; i++) {
                int top = rng.nextInt(ph - size + 1) - padding;
                int left = rng.nextInt(pw - size + 1) - padding;
                for (int ch = 0; ch < c; ch++) {
                    int sBase = (i * c + ch) * h * w;
                    int oBase = (i * c + ch) * size * size;
                    for (int r = 0; r < size; r++) {
                        int sr = top + r;
                        if (sr < 0 || sr >= h) continue;
                        for (int q = 0; q < size; q++) {
                            int sc = left + q;
                            if (sc >= 0 && sc < w) out[oBase + r * size + q] = src[sBase + sr * w + sc];
                        }
                    }
                }
            }
            return Tensor.wrap(out, n, c, size, size).to(x.dtype());
        };
    }

    /** Mirrors each image of an [N, C, H, W] batch left–right with probability {@code p}. */
    public static Transform horizontalFlip(double p) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("horizontalFlip: p must be in [0, 1], got " + p);
        return (x, rng) -> {
            requireImages("horizontalFlip", x);
            int n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
            double[] v = x.toDoubleArray();
            for (int i = 0; i < n; i++) {
                if (rng.nextDouble() >= p) continue;
                for (int row = 0; row < c * h; row++) {
                    int base = (i * c * h + row) * w;
                    for (int a = 0, b = w - 1; a < b; a++, b--) {
                        double t = v[base + a];
                        v[base + a] = v[base + b];
                        v[base + b] = t;
                    }
                }
            }
            return Tensor.wrap(v, n, c, h, w).to(x.dtype());
        };
    }

    private static void requireImages(String op, Tensor x) {
        if (x.dim() != 4) throw new IllegalArgumentException(op + ": expected images [N, C, H, W], got shape " + Arrays.toString(x.shape()));
    }
}
