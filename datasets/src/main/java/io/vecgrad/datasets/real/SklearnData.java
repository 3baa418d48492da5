package io.vecgrad.datasets.real;

import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.datasets.io.Csv;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Small classic tables read from scikit-learn's data folder ({@value #DEFAULT_DIR}, from
 * Debian's {@code python3-sklearn}; override with the system property {@value #PROPERTY} or the
 * environment variable {@value #ENV}): Iris (150×4, 3 classes), Wine (178×13, 3 classes) and
 * Breast cancer Wisconsin (569×30, 2 classes), and the Diabetes regression table (442×10). Features FLOAT64, labels INT64; the class names
 * come from the files' first line.
 *
 * <pre>{@code
 * if (SklearnData.isAvailable("iris.csv")) {
 *     Csv.Table iris = SklearnData.iris();
 *     System.out.println(iris.classNames());   // [setosa, versicolor, virginica]
 * }
 * }</pre>
 */
public final class SklearnData {
    public static final String DEFAULT_DIR = "/usr/lib/python3/dist-packages/sklearn/datasets/data";
    public static final String PROPERTY = "vecgrad.sklearn.dataDir";
    public static final String ENV = "VECGRAD_SKLEARN_DATA";

    private SklearnData() {}

    public static Path directory() {
        return DataPaths.locate(PROPERTY, ENV, DEFAULT_DIR);
    }

    /** True when {@code file} (e.g. "iris.csv") is present. */
    public static boolean isAvailable(String file) {
        return DataPaths.allExist(directory(), file);
    }

    public static Csv.Table iris() throws IOException {
        return Csv.readSklearn(directory().resolve("iris.csv"));
    }

    public static Csv.Table wine() throws IOException {
        return Csv.readSklearn(directory().resolve("wine_data.csv"));
    }

    public static Csv.Table breastCancer() throws IOException {
        return Csv.readSklearn(directory().resolve("breast_cancer.csv"));
    }

    /**
     * Diabetes (Efron et al. 2004; 442 patients × 10 raw, unscaled features, target: disease
     * progression after one year), from {@code diabetes_data_raw.csv.gz} and
     * {@code diabetes_target.csv.gz}: features [442, 10] and targets [442], FLOAT64.
     */
    public static TensorDataset diabetes() throws IOException {
        Csv.Table x = readGzip("diabetes_data_raw.csv.gz", ' ');
        Csv.Table y = readGzip("diabetes_target.csv.gz", ',');
        if (x.rows() != y.rows() || y.features().size(1) != 1) {
            throw new IOException("SklearnData.diabetes: " + x.rows() + " feature rows but " + y.rows() + " target rows of "
                    + y.features().size(1) + " columns in " + directory());
        }
        return new TensorDataset(x.features(), y.features().reshape(y.rows()));
    }

    private static Csv.Table readGzip(String file, char delimiter) throws IOException {
        Path path = directory().resolve(file);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(path))) {
            return Csv.read(in, path.toString(), new Csv.Options().delimiter(delimiter).header(false));
        }
    }
}
