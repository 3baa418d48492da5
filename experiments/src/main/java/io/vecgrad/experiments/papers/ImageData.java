package io.vecgrad.experiments.papers;

import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.datasets.real.Digits;
import io.vecgrad.datasets.real.FashionMnist;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The two image data sets these experiments run on, scaled to a 2-core machine.
 *
 * <ul>
 *   <li>{@link #digits()}: the 1,797 UCI 8×8 digits, pixels /16, as {@code [N, 1, 8, 8]}; the
 *       first 1,437 in file order train, the last 360 test (the file is not sorted by class).
 *   <li>{@link #fashion(int, int)}: the first {@code nTrain} Fashion-MNIST training images and the
 *       first {@code nTest} test images, {@code [N, 1, 28, 28]} in [0, 1]. Both files interleave
 *       the ten classes, so a prefix is close to balanced.
 * </ul>
 *
 * <pre>{@code
 * ImageData d = ImageData.digits();                  // d.train(): x [1437, 1, 8, 8], y INT64
 * ImageData f = ImageData.fashion(4096, 2000);       // needs ImageData.fashionAvailable()
 * }</pre>
 */
public record ImageData(String name, TensorDataset train, TensorDataset test, int side) {
    public static final int DIGITS_TRAIN = 1437;

    public static ImageData digits() {
        TensorDataset all = Digits.load();
        Tensor x = all.x().to(DType.FLOAT32).div(16.0).reshape(-1, 1, 8, 8).contiguous();
        Tensor y = all.y().to(DType.INT64).contiguous();
        TensorDataset d = new TensorDataset(x, y);
        return new ImageData("digits", contiguous(d.range(0, DIGITS_TRAIN)), contiguous(d.range(DIGITS_TRAIN, Digits.SAMPLES)), 8);
    }

    /** True when the Fashion-MNIST files are installed (Debian package {@code dataset-fashion-mnist}). */
    public static boolean fashionAvailable() {
        return FashionMnist.isAvailable();
    }

    public static ImageData fashion(int nTrain, int nTest) {
        try {
            TensorDataset tr = FashionMnist.train(), te = FashionMnist.test();
            return new ImageData("fashion-mnist " + nTrain + "/" + nTest, contiguous(tr.range(0, nTrain)),
                    contiguous(te.range(0, nTest)), 28);
        } catch (IOException e) {
            throw new UncheckedIOException("ImageData: cannot read Fashion-MNIST from " + FashionMnist.directory(), e);
        }
    }

    private static TensorDataset contiguous(TensorDataset d) {
        return new TensorDataset(d.x().to(DType.FLOAT32).contiguous(), d.y().to(DType.INT64).contiguous());
    }

    /** Pixels per image. */
    public int features() {
        return side * side;
    }
}
