package io.vecgrad.datasets.real;

import io.vecgrad.datasets.DatasetFormatException;
import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.datasets.io.Idx;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Fashion-MNIST (Xiao, Rasul, Vollgraf 2017; Zalando Research, MIT licence): 60,000 training
 * and 10,000 test images of 28×28 grey pixels in 10 clothing classes. Read from the IDX
 * files that Debian's {@code dataset-fashion-mnist} package installs in {@value #DEFAULT_DIR};
 * set the system property {@value #PROPERTY} or the environment variable {@value #ENV} to read
 * another directory holding the four {@code *-ubyte.gz} files.
 *
 * <p>Images are FLOAT32 {@code [N, 1, 28, 28]} scaled to [0, 1]; labels are INT64 in 0..9.
 *
 * <pre>{@code
 * if (FashionMnist.isAvailable()) {
 *     TensorDataset train = FashionMnist.train();
 *     DataLoader loader = DataLoader.of(train).batchSize(128).seed(1).build();
 * }
 * }</pre>
 */
public final class FashionMnist {
    public static final String DEFAULT_DIR = "/usr/share/datasets/fashion-mnist";
    public static final String PROPERTY = "vecgrad.fashionMnist.dir";
    public static final String ENV = "VECGRAD_FASHION_MNIST";
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    static final String[] FILES = {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"};

    private FashionMnist() {}

    /** The directory read (after the property/environment override). */
    public static Path directory() {
        return DataPaths.locate(PROPERTY, ENV, DEFAULT_DIR);
    }

    /** True when all four files are present. */
    public static boolean isAvailable() {
        return DataPaths.allExist(directory(), FILES);
    }

    /** The 60,000 training images. */
    public static TensorDataset train() throws IOException {
        return load(FILES[0], FILES[1], 60000);
    }

    /** The 10,000 test images. */
    public static TensorDataset test() throws IOException {
        return load(FILES[2], FILES[3], 10000);
    }

    private static TensorDataset load(String images, String labels, int expected) throws IOException {
        Path dir = directory();
        Path ip = dir.resolve(images);
        Path lp = dir.resolve(labels);
        Tensor x = Idx.readScaled(ip, 1 / 255.0);
        Tensor y = Idx.read(lp);
        if (x.dim() != 3 || x.size(0) != expected || x.size(1) != 28 || x.size(2) != 28) {
            throw new DatasetFormatException(ip.toString(), 4, "expected " + expected + " images of 28x28, found shape " + Arrays.toString(x.shape()));
        }
        if (y.dim() != 1 || y.size(0) != expected) {
            throw new DatasetFormatException(lp.toString(), 4, "expected " + expected + " labels, found shape " + Arrays.toString(y.shape()));
        }
        int[] l = y.intArray();
        for (int i = 0; i < l.length; i++) {
            if (l[i] < 0 || l[i] > 9) throw new DatasetFormatException(lp.toString(), 8 + i, "label " + l[i] + " outside 0..9");
        }
        return new TensorDataset(x.reshape(expected, 1, 28, 28), y.to(DType.INT64));
    }
}
