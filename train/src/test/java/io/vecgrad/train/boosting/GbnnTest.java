package io.vecgrad.train.boosting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.autodiff.Autodiff;
import io.vecgrad.autodiff.NoGrad;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.datasets.DataLoader;
import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.nn.Module;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.first.Adam;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import io.vecgrad.train.Model;
import io.vecgrad.train.Trainer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The properties of papers/solvers.md P50. */
class GbnnTest {
    static final int N = 40;
    static final int D = 3;

    static Tensor features(long seed) {
        return new Rng(seed).uniform(DType.FLOAT64, -1, 1, N, D);
    }

    /** y = sin(2 x₀) + x₁ x₂ + 3. */
    static Tensor regressionTargets(Tensor x) {
        double[] a = x.toDoubleArray();
        double[] y = new double[N];
        for (int i = 0; i < N; i++) {
            y[i] = Math.sin(2 * a[i * D]) + a[i * D + 1] * a[i * D + 2] + 3;
        }
        return Tensor.of(y, N);
    }

    /** Three classes by the sign pattern of x₀ and x₁. */
    static Tensor classLabels(Tensor x) {
        double[] a = x.toDoubleArray();
        long[] y = new long[N];
        for (int i = 0; i < N; i++) {
            y[i] = a[i * D] < 0 ? 0 : a[i * D + 1] < 0 ? 1 : 2;
        }
        return Tensor.of(y, N);
    }

    static Gbnn.Builder small() {
        return Gbnn.builder().stage(StageFactory.oneHidden(3, DType.FLOAT64), DType.FLOAT64).epochs(5).batchSize(8)
                .learningRate(0.05).seed(7);
    }

    static double[] forward(Module m, Tensor x) {
        m.eval();
        try (NoGrad scope = NoGrad.enter()) {
            return m.forward(x).value().toDoubleArray();
        }
    }

    @Test
    void theFirstStageIsAPlainTrainerFitToTheFirstResiduals() {
        Tensor x = features(1);
        Tensor y = regressionTargets(x);
        GbnnEnsemble f = small().stages(1).subsample(1).build().fit(x, y);

        long s = Gbnn.stageSeed(7, 0);
        Module plain = StageFactory.oneHidden(3, DType.FLOAT64).create(D, 1, new Rng(s));
        double mean = y.sum().item() / N;
        Model model = new Model(plain, new int[] {D}, DType.FLOAT64, Model.Loss.MSE);
        Optimizer adam = Optimizer.of(model.parameters(), Adam.adam(0.05));
        try (DataLoader loader = DataLoader.of(new TensorDataset(x, y.sub(mean).reshape(N, 1))).batchSize(8).seed(s).build()) {
            Trainer.builder().epochs(5).seed(s).build().fit("plain", model, adam, loader, null);
        }
        Map<String, Tensor> a = f.stages().get(0).stateDict();
        Map<String, Tensor> b = plain.stateDict();
        assertEquals(b.keySet(), a.keySet());
        for (String k : a.keySet()) {
            assertArrayEquals(b.get(k).toDoubleArray(), a.get(k).toDoubleArray(), k);
        }
        assertEquals(mean, f.intercept()[0]);
        assertEquals(1.0, f.steps()[0]);
        double[] h = forward(plain, x);
        double[] p = f.predict(x).toDoubleArray();
        for (int i = 0; i < N; i++) {
            assertEquals(mean + h[i], p[i], "row " + i);
        }
    }

    @Test
    void thePredictionIsTheShrunkSumOfTheStagesAndTheAssembledNetworkAgrees() {
        Tensor x = features(2);
        GbnnEnsemble f = small().loss(BoostingLoss.SOFTMAX).stages(4).eta(0.5).build().fit(x, classLabels(x));
        double[] expected = new double[N * 3];
        for (int t = 0; t < 4; t++) {
            double[] h = forward(f.stages().get(t), x);
            for (int j = 0; j < expected.length; j++) {
                expected[j] += f.steps()[t] * h[j];
            }
        }
        assertArrayEquals(new double[3], f.intercept());
        assertArrayEquals(expected, f.predict(x).toDoubleArray());
        assertArrayEquals(forward(f.assemble(), x), f.predict(x).toDoubleArray(), 1e-12);
        // staged prediction: the first two stages only
        double[] two = f.predict(x, 2).toDoubleArray();
        double[] h0 = forward(f.stages().get(0), x);
        double[] h1 = forward(f.stages().get(1), x);
        for (int j = 0; j < two.length; j++) {
            assertEquals(f.steps()[0] * h0[j] + f.steps()[1] * h1[j], two[j], 1e-15);
        }
    }

    @Test
    void theSameSeedGivesTheSameBits() {
        Tensor x = features(3);
        Tensor y = classLabels(x);
        double[] a = small().loss(BoostingLoss.SOFTMAX).stages(3).build().fit(x, y).predict(x).toDoubleArray();
        double[] b = small().loss(BoostingLoss.SOFTMAX).stages(3).build().fit(x, y).predict(x).toDoubleArray();
        double[] c = small().loss(BoostingLoss.SOFTMAX).stages(3).seed(8).build().fit(x, y).predict(x).toDoubleArray();
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, c));
    }

    @Test
    void pseudoResidualsAreTheNegativeGradientOfTheLoss() {
        Rng rng = new Rng(4);
        int n = 5;
        int k = 3;
        double[] f = rng.normal(DType.FLOAT64, 0, 2, n * k).toDoubleArray();
        double[] y = rng.normal(DType.FLOAT64, 0, 1, n * k).toDoubleArray();
        double[] onehot = new double[n * k];
        for (int i = 0; i < n; i++) {
            onehot[i * k + i % k] = 1;
        }
        Tensor yt = Tensor.of(y, n, k);
        Tensor oh = Tensor.of(onehot, n, k);
        Tensor gSq = Autodiff.grad(v -> v.sub(Variable.constant(yt)).square().sum().mul(0.5), Tensor.of(f, n, k));
        Tensor gCe = Autodiff.grad(v -> v.logSoftmax(1).mul(Variable.constant(oh)).sum().neg(), Tensor.of(f, n, k));
        double[] rSq = BoostingLoss.SQUARED.residuals(y, f, n, k);
        double[] rCe = BoostingLoss.SOFTMAX.residuals(onehot, f, n, k);
        double[] gs = gSq.toDoubleArray();
        double[] gc = gCe.toDoubleArray();
        for (int j = 0; j < n * k; j++) {
            assertEquals(-gs[j], rSq[j], 1e-15, "squared " + j);
            assertEquals(-gc[j], rCe[j], 1e-15, "softmax " + j);
        }
        // the loss values are the autodiff ones too (means over rows)
        double ce = -Variable.constant(Tensor.of(f, n, k)).logSoftmax(1).mul(Variable.constant(oh)).sum().item() / n;
        assertEquals(ce, BoostingLoss.SOFTMAX.value(onehot, f, n, k), 1e-14);
    }

    @Test
    void withTheExactLineSearchTheSquaredLossNeverRises() {
        Tensor x = features(5);
        Tensor y = regressionTargets(x);
        GbnnEnsemble f = small().stages(6).subsample(1).lineSearch(true).build().fit(x, y);
        double[] yv = y.toDoubleArray();
        double start = BoostingLoss.SQUARED.value(yv, f.predict(x, 0).toDoubleArray(), N, 1);
        double previous = start;
        for (double l : f.trainLoss()) {
            assertTrue(l <= previous, l + " > " + previous + " in " + java.util.Arrays.toString(f.trainLoss()));
            previous = l;
        }
        assertTrue(previous < 0.9 * start, "barely fitted: " + start + " -> " + previous);
    }

    @Test
    void badInputIsRefusedWithTheShapes() {
        Tensor x = features(6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> small().build().fit(x, Tensor.zeros(DType.FLOAT64, N - 1)));
        assertTrue(e.getMessage().contains("[" + (N - 1) + "]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> small().loss(BoostingLoss.SOFTMAX).classes(2).build().fit(x, classLabels(x)));
        assertThrows(IllegalArgumentException.class, () -> Gbnn.builder().subsample(0));
    }

    @Test
    void theBinaryLossFollowsItsGradientAndFitsASignPattern() {
        Rng rng = new Rng(9);
        int n = 6;
        double[] f = rng.normal(DType.FLOAT64, 0, 1.5, n).toDoubleArray();
        double[] y = {1, -1, -1, 1, 1, -1};
        Tensor yt = Tensor.of(y, n);
        Tensor g = Autodiff.grad(v -> v.mul(Variable.constant(yt)).mul(-2).softplus().sum(), Tensor.of(f, n));
        double[] r = BoostingLoss.BINARY_LOGISTIC.residuals(y, f, n, 1);
        for (int i = 0; i < n; i++) {
            assertEquals(-g.toDoubleArray()[i], r[i], 1e-15, "residual " + i);
        }

        Tensor x = features(10);
        double[] a = x.toDoubleArray();
        long[] labels = new long[N];
        int ones = 0;
        for (int i = 0; i < N; i++) {
            labels[i] = a[i * D] * a[i * D + 1] > 0 ? 1 : 0;
            ones += (int) labels[i];
        }
        GbnnEnsemble e = small().loss(BoostingLoss.BINARY_LOGISTIC).stages(8).subsample(1).epochs(20).build().fit(x, Tensor.of(labels, N));
        double mean = (2.0 * ones - N) / N;
        assertEquals(0.5 * Math.log((1 + mean) / (1 - mean)), e.intercept()[0], 1e-15);
        double[] loss = e.trainLoss();
        assertTrue(loss[loss.length - 1] < loss[0], java.util.Arrays.toString(loss));
        long[] predicted = e.predictClasses(x);
        int hits = 0;
        for (int i = 0; i < N; i++) {
            hits += predicted[i] == labels[i] ? 1 : 0;
        }
        assertTrue(hits >= 0.75 * N, hits + " of " + N + " right");
        assertThrows(IllegalArgumentException.class, () -> small().loss(BoostingLoss.BINARY_LOGISTIC).build().fit(x, classLabels(x)));
    }
}
