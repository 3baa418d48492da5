package io.vecgrad.datasets.real;

import io.vecgrad.datasets.io.Csv;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Small classic tables read from scikit-learn's data folder ({@value #DEFAULT_DIR}, from
 * Debian's {@code python3-sklearn}; override with the system property {@value #PROPERTY} or the
 * environment variable {@value #ENV}): Iris (150×4, 3 classes), Wine (178×13, 3 classes) and
 * Breast cancer Wisconsin (569×30, 2 classes). Features FLOAT64, labels INT64; the class names
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
}
