package io.vecgrad.datasets.real;

import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.datasets.io.Csv;
import io.vecgrad.tensor.DType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The UCI "Optical Recognition of Handwritten Digits" data as bundled with scikit-learn:
 * 1,797 images of 8×8 pixels (values 0..16) in 10 classes. Shipped inside this jar
 * (CC BY 4.0, E. Alpaydin and C. Kaynak; see {@code DIGITS-LICENSE.txt} next to the data),
 * so {@link #load()} needs no setup.
 *
 * <pre>{@code
 * TensorDataset d = Digits.load();                  // x: FLOAT32 [1797, 64] in [0, 16], y: INT64 [1797]
 * Tensor images = d.x().reshape(-1, 1, 8, 8);
 * }</pre>
 */
public final class Digits {
    public static final int SAMPLES = 1797;
    public static final int FEATURES = 64;
    static final String RESOURCE = "/io/vecgrad/datasets/digits.csv.gz";

    private Digits() {}

    /** All 1,797 examples in file order. */
    public static TensorDataset load() {
        try (InputStream in = Digits.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("Digits: classpath resource " + RESOURCE + " is missing from the jar");
            Csv.Table t = Csv.read(in, "classpath:" + RESOURCE,
                    new Csv.Options().header(false).label(-1).integerLabels(true).dtype(DType.FLOAT32));
            if (t.rows() != SAMPLES || t.features().size(1) != FEATURES) {
                throw new IllegalStateException("Digits: resource holds " + t.rows() + "x" + t.features().size(1) + ", expected 1797x64");
            }
            return t.toDataset();
        } catch (IOException e) {
            throw new UncheckedIOException("Digits: cannot read the bundled resource", e);
        }
    }
}
