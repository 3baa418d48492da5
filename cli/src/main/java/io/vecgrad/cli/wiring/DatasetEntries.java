package io.vecgrad.cli.wiring;

import io.vecgrad.cli.registry.DatasetUnavailableException;
import io.vecgrad.cli.registry.Registries;
import io.vecgrad.cli.registry.Catalog;
import io.vecgrad.cli.spec.SpecValues;
import io.vecgrad.train.DataInfo;
import io.vecgrad.train.DataSplit;
import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.datasets.io.Csv;
import io.vecgrad.datasets.io.LibSvm;
import io.vecgrad.datasets.real.Digits;
import io.vecgrad.datasets.real.FashionMnist;
import io.vecgrad.datasets.real.SklearnData;
import io.vecgrad.datasets.synthetic.FourClusters;
import io.vecgrad.datasets.synthetic.OverparameterizedLinear;
import io.vecgrad.datasets.synthetic.SphereData;
import io.vecgrad.datasets.synthetic.TeacherStudent;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The data-set entries. Real data is split by a fixed seed ({@code split-seed}, independent of
 * the run seed) so every run sees the same test set; generators draw from {@code seed} too, so
 * the same data set spec always means the same numbers.
 *
 * <pre>{@code
 * DatasetEntries.register(registries);   // digits, fashion-mnist, iris, ..., four-clusters, ...
 * }</pre>
 */
public final class DatasetEntries {
    private DatasetEntries() {}

    public static void register(Registries r) {
        var d = r.datasets();
        d.add("digits", "UCI 8x8 handwritten digits (1797, bundled), pixels /16, 10 classes",
                Catalog.params("test-fraction", 0.2, "split-seed", 0L), DatasetEntries::digits);
        d.add("fashion-mnist", "Fashion-MNIST 28x28 (Debian dataset-fashion-mnist), official test set",
                Catalog.params("limit", 0), DatasetEntries::fashion);
        d.add("iris", "Iris (150x4, 3 classes; python3-sklearn), standardized",
                Catalog.params("test-fraction", 0.2, "split-seed", 0L), (p, rng) -> sklearn("iris", "iris.csv", p));
        d.add("wine", "Wine (178x13, 3 classes; python3-sklearn), standardized",
                Catalog.params("test-fraction", 0.2, "split-seed", 0L), (p, rng) -> sklearn("wine", "wine_data.csv", p));
        d.add("breast-cancer", "Breast Cancer Wisconsin (569x30, 2 classes; python3-sklearn), standardized",
                Catalog.params("test-fraction", 0.2, "split-seed", 0L),
                (p, rng) -> sklearn("breast-cancer", "breast_cancer.csv", p));
        d.addWithArgument("csv", "path", "numeric CSV with a header row, label in the last column",
                Catalog.params("regression", false, "standardize", true, "test-fraction", 0.2, "split-seed", 0L),
                DatasetEntries::csv);
        d.addWithArgument("libsvm", "path", "LIBSVM/SVMlight text file (densified), labels as class indices",
                Catalog.params("standardize", false, "test-fraction", 0.2, "split-seed", 0L),
                DatasetEntries::libsvm);
        d.add("four-clusters", "P04 XOR-like four Gaussian clusters, 2 classes (Chatterji, Long, Bartlett)",
                Catalog.params("n", 200, "d", 50, "separation", 5.0, "radius", 1.0, "seed", 0L, "test-fraction", 0.2),
                (p, rng) -> fourClusters(p));
        d.add("teacher-student", "P15 two-layer ReLU teacher, Gaussian inputs, regression (Zhou, Ge, Jin)",
                Catalog.params("n", 1000, "d", 10, "teacher", 4, "seed", 0L, "test-fraction", 0.2),
                (p, rng) -> regression("teacher-student", teacherStudent(p), p));
        d.add("overparam-linear", "P11 over-parameterized linear regression, n <= d, power-law spectrum (MaSS)",
                Catalog.params("n", 256, "d", 512, "decay", 1.0, "seed", 0L),
                (p, rng) -> overparamLinear(p));
        d.add("sphere", "P12 polynomial target on the unit sphere, regression (Su, Yang)",
                Catalog.params("n", 1000, "d", 10, "degree", 2, "noise", 0.0, "seed", 0L, "test-fraction", 0.2),
                (p, rng) -> regression("sphere", SphereData.generate(p.getInt("n"), p.getInt("d"), p.getInt("degree"),
                        p.getDouble("noise"), p.getLong("seed")).dataset(), p));
    }

    private static DataSplit digits(SpecValues p, Rng rng) {
        TensorDataset all = Digits.load();
        Tensor x = all.x().to(DType.FLOAT32).div(16.0);
        return DataSplit.split("digits", x, all.y().to(DType.INT64), p.getDouble("test-fraction"),
                new Rng(p.getLong("split-seed")).split("digits"), new DataInfo(new int[] {1, 8, 8}, 10, 0), false);
    }

    private static DataSplit fashion(SpecValues p, Rng rng) throws IOException {
        Path dir = FashionMnist.directory();
        DatasetUnavailableException.requireFiles("fashion-mnist", "dataset-fashion-mnist",
                dir.resolve("train-images-idx3-ubyte.gz"), dir.resolve("train-labels-idx1-ubyte.gz"),
                dir.resolve("t10k-images-idx3-ubyte.gz"), dir.resolve("t10k-labels-idx1-ubyte.gz"));
        TensorDataset train = FashionMnist.train();
        TensorDataset test = FashionMnist.test();
        int limit = p.getInt("limit");
        if (limit > 0 && limit < train.size()) {
            train = train.range(0, limit);
        }
        return DataSplit.of("fashion-mnist", train.x().to(DType.FLOAT32).contiguous(), train.y().to(DType.INT64),
                test.x().to(DType.FLOAT32).contiguous(), test.y().to(DType.INT64), new DataInfo(new int[] {1, 28, 28}, 10, 0));
    }

    private static DataSplit sklearn(String name, String file, SpecValues p) throws IOException {
        DatasetUnavailableException.requireFiles(name, "python3-sklearn", SklearnData.directory().resolve(file));
        Csv.Table t = switch (name) {
            case "iris" -> SklearnData.iris();
            case "wine" -> SklearnData.wine();
            default -> SklearnData.breastCancer();
        };
        return classification(name, t.features(), t.labels(), p, true);
    }

    private static DataSplit csv(SpecValues p, Rng rng) throws IOException {
        Path path = Path.of(p.getString("path"));
        DatasetUnavailableException.requireFiles("csv:" + path, null, path);
        boolean regression = p.getBoolean("regression");
        Csv.Table t = Csv.read(path, new Csv.Options().header(true).label(-1).integerLabels(!regression));
        if (regression) {
            Tensor x = t.features().to(DType.FLOAT32);
            return DataSplit.split("csv", x, t.labels().to(DType.FLOAT32), p.getDouble("test-fraction"),
                    new Rng(p.getLong("split-seed")).split("csv"), new DataInfo(new int[] {x.shape()[1]}, 0, 1),
                    p.getBoolean("standardize"));
        }
        return classification("csv", t.features(), t.labels(), p, p.getBoolean("standardize"));
    }

    private static DataSplit libsvm(SpecValues p, Rng rng) throws IOException {
        Path path = Path.of(p.getString("path"));
        DatasetUnavailableException.requireFiles("libsvm:" + path, null, path);
        LibSvm.Data data = LibSvm.read(path, new LibSvm.Options());
        return classification("libsvm", data.x().toDense(), data.classIndices(), p, p.getBoolean("standardize"));
    }

    private static DataSplit classification(String name, Tensor features, Tensor labels, SpecValues p, boolean standardize) {
        Tensor x = features.to(DType.FLOAT32);
        Tensor y = labels.to(DType.INT64);
        DataInfo info = new DataInfo(new int[] {x.shape()[1]}, DataInfo.classCount(y), 0);
        return DataSplit.split(name, x, y, p.getDouble("test-fraction"), new Rng(p.getLong("split-seed")).split(name),
                info, standardize);
    }

    private static DataSplit fourClusters(SpecValues p) {
        FourClusters f = FourClusters.generate(p.getInt("n"), p.getInt("d"), p.getDouble("separation"),
                p.getDouble("radius"), p.getLong("seed"));
        // labels ±1 → class indices {0, 1} (class 1 = +1), so every classifier model applies
        Tensor y = f.y().add(1).div(2).to(DType.INT64);
        return DataSplit.split("four-clusters", f.x(), y, p.getDouble("test-fraction"),
                new Rng(p.getLong("seed")).split("split"), new DataInfo(new int[] {p.getInt("d")}, 2, 0), false);
    }

    private static TensorDataset teacherStudent(SpecValues p) {
        return TeacherStudent.create(p.getInt("d"), p.getInt("teacher"), false, p.getLong("seed"))
                .sample(p.getInt("n"), p.getLong("seed") + 1);
    }

    private static DataSplit overparamLinear(SpecValues p) {
        OverparameterizedLinear o = OverparameterizedLinear.generate(p.getInt("n"), p.getInt("d"), p.getDouble("decay"),
                p.getLong("seed"));
        // interpolation regime: all examples are for training, the question is how fast the loss reaches 0
        return DataSplit.of("overparam-linear", o.x(), o.y(), null, null, new DataInfo(new int[] {p.getInt("d")}, 0, 1));
    }

    private static DataSplit regression(String name, TensorDataset data, SpecValues p) {
        Tensor x = data.x();
        return DataSplit.split(name, x, data.y(), p.getDouble("test-fraction"), new Rng(p.getLong("seed")).split("split"),
                new DataInfo(new int[] {x.shape()[1]}, 0, 1), false);
    }
}
