package io.vecgrad.datasets.real;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.datasets.io.Csv;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RealDataTest {
    static void assertLabels(Tensor y, int n, int classes) {
        assertEquals(DType.INT64, y.dtype());
        assertArrayEquals(new int[] {n}, y.shape());
        int[] counts = new int[classes];
        for (long l : y.toLongArray()) counts[(int) l]++;   // throws if out of range
        for (int c = 0; c < classes; c++) assertTrue(counts[c] > 0, "class " + c + " never occurs");
    }

    @Test
    void fashionMnistFromTheDebianPackage() throws IOException {
        assumeTrue(FashionMnist.isAvailable(), "Fashion-MNIST not found in " + FashionMnist.directory()
                + " (apt-get install dataset-fashion-mnist, or set -D" + FashionMnist.PROPERTY + ")");
        TensorDataset train = FashionMnist.train();
        TensorDataset test = FashionMnist.test();
        assertArrayEquals(new int[] {60000, 1, 28, 28}, train.x().shape());
        assertArrayEquals(new int[] {10000, 1, 28, 28}, test.x().shape());
        assertLabels(train.y(), 60000, 10);
        assertLabels(test.y(), 10000, 10);
        assertEquals(6000, train.y().eq(3).to(DType.INT64).sum().item());   // balanced classes
        assertEquals(0.0, train.x().min().item());
        assertEquals(1.0, train.x().max().item());
        assertEquals(0.286, train.x().mean().item(), 0.001);                   // the well-known mean
    }

    @Test
    void digitsLoadFromTheClasspath() {
        TensorDataset d = Digits.load();
        assertArrayEquals(new int[] {1797, 64}, d.x().shape());
        assertEquals(DType.FLOAT32, d.x().dtype());
        assertLabels(d.y(), 1797, 10);
        assertEquals(16.0, d.x().max().item());
        assertEquals(0.0, d.x().min().item());
        assertEquals(0, d.y().get(0));
        assertEquals(13.0, d.x().get(0, 3));   // first row starts 0,0,5,13,9,1
    }

    @Test
    void sklearnTables() throws IOException {
        assumeTrue(SklearnData.isAvailable("iris.csv"), "scikit-learn data not found in " + SklearnData.directory());
        Csv.Table iris = SklearnData.iris();
        assertArrayEquals(new int[] {150, 4}, iris.features().shape());
        assertEquals(List.of("setosa", "versicolor", "virginica"), iris.classNames());
        assertLabels(iris.labels(), 150, 3);
        Csv.Table wine = SklearnData.wine();
        assertArrayEquals(new int[] {178, 13}, wine.features().shape());
        assertLabels(wine.labels(), 178, 3);
        Csv.Table bc = SklearnData.breastCancer();
        assertArrayEquals(new int[] {569, 30}, bc.features().shape());
        assertLabels(bc.labels(), 569, 2);
        assertEquals(List.of("malignant", "benign"), bc.classNames());
    }

    @Test
    void diabetesMatchesScikitLearn() throws IOException {
        assumeTrue(SklearnData.isAvailable("diabetes_data_raw.csv.gz"), "scikit-learn data not found in " + SklearnData.directory());
        TensorDataset d = SklearnData.diabetes();
        assertArrayEquals(new int[] {442, 10}, d.x().shape());
        assertArrayEquals(new int[] {442}, d.y().shape());
        // sklearn.datasets.load_diabetes(scaled=False): data.sum() = 276404.2336, target.sum() = 67243, target[:3] = 151, 75, 141
        assertEquals(276404.2336, d.x().sum().item(), 1e-6);
        assertEquals(67243.0, d.y().sum().item(), 1e-9);
        assertEquals(75.0, d.y().get(1));
        assertEquals(4.8598, d.x().get(0, 8));
    }
}
