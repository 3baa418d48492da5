package io.vecgrad.train.boosting;

import io.vecgrad.datasets.DataLoader;
import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.nn.Module;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.first.Adam;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import io.vecgrad.train.Model;
import io.vecgrad.train.OptimizerRecipe;
import io.vecgrad.train.RunSummary;
import io.vecgrad.train.Trainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * GBNN, gradient-boosted training of neural networks (Emami and Martínez-Muñoz,
 * arXiv:1909.12098; spec papers/solvers.md P50; algorithm as in {@code gbnn/GBNN.py} of
 * GAA-UAM/GBNN): start from the constant model F₀; at each stage t compute the
 * pseudo-residuals {@code r = −∂ℓ/∂F} at {@code F_{t−1}}, fit a small network h_t to them by
 * squared error on a random subsample, take the Newton step length ρ_t (shrunk by η) and set
 * {@code F_t = F_{t−1} + η ρ_t h_t}. The result is a {@link GbnnEnsemble}.
 *
 * <p><b>Each stage is a plain training run of the one {@link Trainer}</b>: a train {@link Model}
 * with the MSE loss over {@code (x_sub, r_sub)}, the optimizer from the {@link OptimizerRecipe}
 * (default Adam) at a constant learning rate, {@code epochs} passes in batches of
 * {@code batchSize}. The authors fit each stage with L-BFGS (scikit-learn's MLPRegressor,
 * 200 iterations); here the optimizer is the caller's choice, which is the one deviation.
 *
 * <p><b>Seeds.</b> Stage t draws everything from {@code s_t = stageSeed(seed, t)}: the network's
 * initialization {@code new Rng(s_t)}, the subsample (the first ⌊subsample·N⌋ entries of
 * {@code new Rng(s_t).split("subsample").permutation(N)}, sorted), the loader's and the
 * trainer's seeds {@code s_t}. So stage 0 with subsample 1 is exactly the plain fit of
 * {@code factory.create(d, K, new Rng(s_0))} to {@code (x, −∂ℓ/∂F₀)} (tested bit for bit), and
 * the same seed gives bitwise the same ensemble.
 *
 * <pre>{@code
 * GbnnEnsemble f = Gbnn.builder().loss(BoostingLoss.SOFTMAX).stages(20).stage(StageFactory.oneHidden(2, DType.FLOAT64), DType.FLOAT64)
 *         .epochs(30).learningRate(1e-2).seed(1).build().fit(xTrain, yTrain);
 * long[] predicted = f.predictClasses(xTest);
 * }</pre>
 */
public final class Gbnn {
    private final Builder b;

    private Gbnn(Builder b) {
        this.b = b;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The seed stage {@code t} of a run seeded {@code seed} draws from. */
    public static long stageSeed(long seed, int t) {
        return new Rng(seed).split("gbnn/stage").split(t).nextLong();
    }

    /**
     * Fits the ensemble.
     *
     * @param x features [N, d]
     * @param y SQUARED: targets [N] or [N, K]; SOFTMAX: class indices [N] in 0..K−1; BINARY_LOGISTIC: labels [N] in {0, 1}
     */
    public GbnnEnsemble fit(Tensor x, Tensor y) {
        if (x.dim() != 2 || y.shape()[0] != x.shape()[0]) {
            throw new IllegalArgumentException("Gbnn.fit: need x [N, d] and y with N rows, got x " + Arrays.toString(x.shape())
                    + ", y " + Arrays.toString(y.shape()));
        }
        int n = x.shape()[0];
        int d = x.shape()[1];
        double[] targets = targets(y);
        int k = targets.length / n;
        Tensor xs = x.to(b.dtype);
        double[] f = new double[n * k];
        double[] f0 = b.loss.initial(targets, n, k);
        for (int i = 0; i < n; i++) {
            System.arraycopy(f0, 0, f, i * k, k);
        }
        List<Module> stages = new ArrayList<>();
        double[] rho = new double[b.stages];
        double[] losses = new double[b.stages];
        for (int t = 0; t < b.stages; t++) {
            long s = stageSeed(b.seed, t);
            double[] r = b.loss.residuals(targets, f, n, k);
            Module h = fitStage(xs, r, n, d, k, s, "gbnn/stage-" + t);
            double[] out = GbnnEnsemble.stageOutput(h, xs, b.dtype);
            rho[t] = b.eta * b.loss.step(targets, r, out, b.lineSearch);
            for (int j = 0; j < f.length; j++) {
                f[j] += rho[t] * out[j];
            }
            losses[t] = b.loss.value(targets, f, n, k);
            stages.add(h);
        }
        return new GbnnEnsemble(b.loss, f0, stages, rho, losses, b.dtype);
    }

    /** One plain Trainer run of a fresh stage network on (x, r) restricted to the stage's subsample. */
    private Module fitStage(Tensor x, double[] r, int n, int d, int k, long seed, String label) {
        int[] rows = subsample(n, seed);
        Tensor xi = x;
        double[] ri = r;
        if (rows.length < n) {
            xi = Tensor.of(pickRows(x.toDoubleArray(), rows, d), rows.length, d).to(b.dtype);
            ri = pickRows(r, rows, k);
        }
        Module h = b.factory.create(d, k, new Rng(seed));
        Model model = new Model(h, new int[] {d}, b.dtype, Model.Loss.MSE);
        Optimizer opt = b.optimizer.build(model.parameters(), Schedule.constant(b.learningRate));
        TensorDataset data = new TensorDataset(xi, Tensor.of(ri, rows.length, k).to(b.dtype));
        try (DataLoader loader = DataLoader.of(data).batchSize(b.batchSize).seed(seed).build()) {
            RunSummary run = Trainer.builder().epochs(b.epochs).seed(seed).build().fit(label, model, opt, loader, null);
            if (!"done".equals(run.status())) {
                throw new IllegalStateException("Gbnn: " + label + " ended " + run.status() + " (loss " + run.trainLoss() + ")");
            }
        }
        return h;
    }

    private static double[] pickRows(double[] a, int[] rows, int width) {
        double[] out = new double[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(a, rows[i] * width, out, i * width, width);
        }
        return out;
    }

    private int[] subsample(int n, long seed) {
        int m = (int) (b.subsample * n);
        if (m >= n) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return all;
        }
        long[] p = new Rng(seed).split("subsample").permutation(n).toLongArray();
        int[] rows = new int[Math.max(1, m)];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (int) p[i];
        }
        Arrays.sort(rows);
        return rows;
    }

    /** Targets as a row-major [N, K] array: one-hot rows for the softmax loss. */
    private double[] targets(Tensor y) {
        int n = y.shape()[0];
        if (b.loss == BoostingLoss.SQUARED) {
            return y.to(DType.FLOAT64).contiguous().toDoubleArray();
        }
        if (y.dim() != 1) {
            throw new IllegalArgumentException("Gbnn.fit: the " + b.loss + " loss takes class indices [N], got y " + Arrays.toString(y.shape()));
        }
        long[] labels = y.to(DType.INT64).toLongArray();
        if (b.loss == BoostingLoss.BINARY_LOGISTIC) {
            double[] pm = new double[n];
            for (int i = 0; i < n; i++) {
                if (labels[i] != 0 && labels[i] != 1) {
                    throw new IllegalArgumentException("Gbnn.fit: binary label " + labels[i] + " at row " + i + " is not 0 or 1");
                }
                pm[i] = 2 * labels[i] - 1;
            }
            return pm;
        }
        long max = Arrays.stream(labels).max().orElse(0);
        int k = b.classes > 0 ? b.classes : (int) max + 1;
        double[] onehot = new double[n * k];
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= k) {
                throw new IllegalArgumentException("Gbnn.fit: label " + labels[i] + " at row " + i + " outside 0.." + (k - 1));
            }
            onehot[i * k + (int) labels[i]] = 1;
        }
        return onehot;
    }

    /** Configures GBNN; defaults as the authors' code where it applies (η = 1, subsample 0.5). */
    public static final class Builder {
        private BoostingLoss loss = BoostingLoss.SQUARED;
        private int stages = 10;
        private StageFactory factory = StageFactory.oneHidden(1, DType.FLOAT64);
        private DType dtype = DType.FLOAT64;
        private double eta = 1.0;
        private double subsample = 0.5;
        private boolean lineSearch;
        private int epochs = 50;
        private int batchSize = 32;
        private double learningRate = 1e-2;
        private OptimizerRecipe optimizer = (params, lr) -> Optimizer.of(params, Adam.adam(lr, 0.9, 0.999, 1e-8, 0, false));
        private long seed;
        private int classes;

        private Builder() {}

        public Builder loss(BoostingLoss l) {
            this.loss = l;
            return this;
        }

        /** Number of boosting stages T (the code's {@code total_nn / num_nn_step}). */
        public Builder stages(int t) {
            if (t < 1) {
                throw new IllegalArgumentException("Gbnn: stages must be >= 1, got " + t);
            }
            this.stages = t;
            return this;
        }

        /** The stage networks and their dtype (default: one logistic hidden unit, float64). */
        public Builder stage(StageFactory f, DType dt) {
            this.factory = f;
            this.dtype = dt;
            return this;
        }

        /** Shrinkage η multiplying each Newton step (default 1). */
        public Builder eta(double e) {
            if (!(e > 0)) {
                throw new IllegalArgumentException("Gbnn: eta must be > 0, got " + e);
            }
            this.eta = e;
            return this;
        }

        /** Fraction of the training rows each stage is fitted on (default 0.5; 1 = all). */
        public Builder subsample(double s) {
            if (!(s > 0 && s <= 1)) {
                throw new IllegalArgumentException("Gbnn: subsample must be in (0, 1], got " + s);
            }
            this.subsample = s;
            return this;
        }

        /** Squared loss: use the exact line search {@code Σ r h / Σ h²} instead of the code's step 1. */
        public Builder lineSearch(boolean on) {
            this.lineSearch = on;
            return this;
        }

        /** Trainer epochs per stage. */
        public Builder epochs(int e) {
            this.epochs = e;
            return this;
        }

        public Builder batchSize(int s) {
            this.batchSize = s;
            return this;
        }

        /** The constant learning rate of each stage's optimizer. */
        public Builder learningRate(double lr) {
            this.learningRate = lr;
            return this;
        }

        /** How each stage's optimizer is built (default Adam). */
        public Builder optimizer(OptimizerRecipe r) {
            this.optimizer = r;
            return this;
        }

        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** Softmax loss: the number of classes (default: the largest label + 1). */
        public Builder classes(int k) {
            this.classes = k;
            return this;
        }

        public Gbnn build() {
            return new Gbnn(this);
        }
    }
}
