package io.vecgrad.experiments.papers;

import io.vecgrad.autodiff.NoGrad;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.datasets.DataLoader;
import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.datasets.real.Digits;
import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.Sequential;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.nn.spiking.BinaryActivation;
import io.vecgrad.nn.spiking.StdpLayer;
import io.vecgrad.nn.spiking.Surrogate;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.continual.SynapticIntelligence;
import io.vecgrad.optim.first.Adam;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import io.vecgrad.train.Model;
import io.vecgrad.train.Trainer;
import java.util.Arrays;
import java.util.List;

/**
 * P23 (Vaila, Chiasson, Saxena: spiking networks with STDP features, binary classification layers
 * and a "cost per synapse" regulariser against catastrophic forgetting): split digits into 5
 * incremental tasks and compare the accuracy on old tasks with and without synaptic intelligence.
 *
 * <p><b>Setting.</b> sklearn digits (1,797 images, 8×8, scaled to [0, 1]), shuffled per seed,
 * 70 % train / 30 % test. Features: an {@link StdpLayer} of 100 instantaneous neurons trained
 * unsupervised for one pass over the training images (T = 16, θ = 16, a⁺ = 0.004, a⁻ = 0.75 a⁺),
 * read out as binary spike features: 1 for the 20 first neurons to fire
 * ({@link StdpLayer#firstToFire}, lateral inhibition at read-out). θ and k were chosen on the
 * features' nearest-class-mean accuracy over all 10 classes (seed 1: 76 %), before any
 * forgetting run; with "fired at all" features nearly every neuron fires and the readout is at
 * chance. Classifier: Linear(100, 100) → {@link BinaryActivation}
 * with the paper's clipped-ReLU surrogate (τ = 0.25) → Linear(100, 10). Tasks: digits {0,1},
 * {2,3}, {4,5}, {6,7}, {8,9}, trained in order through {@link Trainer} (Adam lr 1e-3, batch 32,
 * 20 epochs per task, a fresh Adam per task); as in SpykeFlow's notebooks the logits outside the
 * current task's classes are masked during training, and a task is scored by the arg-max over its
 * own two classes (task-incremental). The SI arm wraps Adam with
 * {@link SynapticIntelligence}(c = 0.1, ξ = 1e-3), Zenke et al.'s split-MNIST values; the plain
 * arm is the same run with c = 0. Seeds 1, 2, 3.
 *
 * <p><b>Threshold</b> (fixed before running): after the fifth task, the mean test accuracy on
 * tasks 1–4 (averaged over seeds) with SI ≥ without SI + 2 points, and SI's accuracy on the last
 * task ≥ the plain arm's − 5 points (the regulariser does not buy memory by refusing to learn).
 *
 * <pre>{@code
 * Outcome o = P23SpikingContinual.run(3, 20, false);
 * }</pre>
 */
public final class P23SpikingContinual extends PaperExperiment {
    static double THETA = 16;
    static int K = 20;
    private static final int[][] TASKS = {{0, 1}, {2, 3}, {4, 5}, {6, 7}, {8, 9}};

    public P23SpikingContinual() {
        super("p23-stdp-si", List.of("P23"),
                "P23 STDP spike features + binary-activation classifier on 5 incremental digit tasks, with and without the synaptic-intelligence cost per synapse, 3 seeds",
                Experiments.params("seeds", 3, "epochs", 20));
    }

    @Override
    public String claim() {
        return "the cost-per-synapse (synaptic intelligence) regulariser reduces catastrophic forgetting of earlier tasks in a spiking network trained on incremental tasks";
    }

    @Override
    public String threshold() {
        return "after task 5: mean test accuracy on tasks 1-4 with SI >= without SI + 2 points (mean over seeds), and SI's last-task accuracy >= plain's - 5 points";
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws java.io.IOException {
        Outcome o = ctx.quick() ? run(1, 1, true) : run(p.getInt("seeds"), p.getInt("epochs"), false);
        return o.toResult(ctx.dir());
    }

    /** Runs {@code seeds} seeds (1…seeds) of both arms; {@code small} uses 300 images and 20 neurons. */
    public static Outcome run(int seeds, int epochs, boolean small) {
        Outcome o = new Outcome();
        o.line("P23: digits split into 5 tasks " + Arrays.deepToString(TASKS) + ", " + epochs + " epochs per task, seeds 1.." + seeds
                + (small ? " (quick: 300 images, 20 STDP neurons)" : ""));
        double oldPlain = 0, oldSi = 0, lastPlain = 0, lastSi = 0;
        for (int seed = 1; seed <= seeds; seed++) {
            Split d = features(seed, small);
            double[] plain = arm(d, seed, epochs, 0.0);
            double[] si = arm(d, seed, epochs, 0.1);
            o.row("p23-task-accuracy", "seed,arm,task1,task2,task3,task4,task5", seed, "plain", plain[0], plain[1], plain[2], plain[3], plain[4]);
            o.row("p23-task-accuracy", "seed,arm,task1,task2,task3,task4,task5", seed, "si", si[0], si[1], si[2], si[3], si[4]);
            oldPlain += mean(plain, 4) / seeds;
            oldSi += mean(si, 4) / seeds;
            lastPlain += plain[4] / seeds;
            lastSi += si[4] / seeds;
            o.line(String.format("seed %d: spike-feature readout on all 10 classes %.1f %%; old tasks plain %.1f %%, SI %.1f %%", seed,
                    100 * d.jointAccuracy, 100 * mean(plain, 4), 100 * mean(si, 4)));
        }
        o.figure("old_tasks_acc_plain", oldPlain).figure("old_tasks_acc_si", oldSi)
                .figure("last_task_acc_plain", lastPlain).figure("last_task_acc_si", lastSi);
        o.check(String.format("old tasks: SI %.2f %% >= plain %.2f %% + 2 points", 100 * oldSi, 100 * oldPlain), oldSi >= oldPlain + 0.02);
        o.check(String.format("plasticity: SI last task %.2f %% >= plain %.2f %% - 5 points", 100 * lastSi, 100 * lastPlain), lastSi >= lastPlain - 0.05);
        return o;
    }

    record Split(double[][] trainX, int[] trainY, double[][] testX, int[] testY, int hidden, double jointAccuracy) {}

    /** Shuffles and splits digits, trains the STDP layer on the training images, returns spike features. */
    static Split features(int seed, boolean small) {
        return features(seed, small, THETA);
    }

    static Split features(int seed, boolean small, double theta) {
        TensorDataset all = Digits.load();
        int n = small ? 300 : all.size();
        double[] x = all.x().toDoubleArray();
        double[] y = all.y().toDoubleArray();
        int[] perm = new int[all.size()];
        double[] order = new Rng(seed).split("p23-shuffle").permutation(all.size()).toDoubleArray();
        for (int i = 0; i < perm.length; i++) perm[i] = (int) order[i];
        int nTrain = (int) (0.7 * n);
        int neurons = small ? 20 : 100;
        StdpLayer stdp = new StdpLayer(64, neurons, StdpLayer.Config.defaults().withThreshold(theta), new Rng(seed).split("p23-stdp"));
        double[][] images = new double[n][64];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 64; k++) images[i][k] = x[perm[i] * 64 + k] / 16.0;
            labels[i] = (int) y[perm[i]];
        }
        for (int i = 0; i < nTrain; i++) stdp.train(images[i]);
        double[][] f = new double[n][];
        for (int i = 0; i < n; i++) {
            f[i] = new double[neurons];
            for (int j : stdp.firstToFire(images[i], K)) f[i][j] = 1;
        }
        double joint = nearestMeanAccuracy(Arrays.copyOfRange(f, 0, nTrain), Arrays.copyOfRange(labels, 0, nTrain),
                Arrays.copyOfRange(f, nTrain, n), Arrays.copyOfRange(labels, nTrain, n));
        return new Split(Arrays.copyOfRange(f, 0, nTrain), Arrays.copyOfRange(labels, 0, nTrain),
                Arrays.copyOfRange(f, nTrain, n), Arrays.copyOfRange(labels, nTrain, n), neurons, joint);
    }

    /** Trains the classifier on the 5 tasks in order; returns the test accuracy per task after the last. */
    static double[] arm(Split d, int seed, int epochs, double c) {
        TaskMask mask = new TaskMask();
        Module net = new Sequential(new Linear(d.hidden, 100), new BinaryActivation(Surrogate.clippedRelu(0.25)), new Linear(100, 10), mask);
        net.initialize(new Rng(seed).split("p23-net"));
        Model model = new Model(net, new int[] {d.hidden}, DType.FLOAT32, Model.Loss.CROSS_ENTROPY);
        SynapticIntelligence si = new SynapticIntelligence(c, 1e-3);
        for (int t = 0; t < TASKS.length; t++) {
            TensorDataset task = subset(d.trainX, d.trainY, TASKS[t]);
            mask.only(TASKS[t]);
            Optimizer opt = Optimizer.of(model.parameters(), si.wrap(Adam.adam(1e-3)));
            DataLoader loader = DataLoader.of(task).batchSize(32).seed(seed * 100L + t).build();
            Trainer.builder().epochs(epochs).seed(seed).logEvery(1000).build().fit("p23-task" + (t + 1), model, opt, loader, null);
            si.consolidate(model.parameters());
        }
        mask.off();
        double[] acc = new double[TASKS.length];
        for (int t = 0; t < TASKS.length; t++) acc[t] = taskAccuracy(net, subset(d.testX, d.testY, TASKS[t]), TASKS[t]);
        return acc;
    }

    private static double taskAccuracy(Module net, TensorDataset data, int[] classes) {
        net.eval();
        double[] logits;
        try (NoGrad g = NoGrad.enter()) {
            logits = net.forward(Variable.constant(data.x())).value().toDoubleArray();
        }
        net.train();
        double[] y = data.y().toDoubleArray();
        int hits = 0;
        for (int i = 0; i < y.length; i++) {
            int pick = logits[i * 10 + classes[0]] >= logits[i * 10 + classes[1]] ? classes[0] : classes[1];
            if (pick == (int) y[i]) hits++;
        }
        return y.length == 0 ? Double.NaN : (double) hits / y.length;
    }

    private static TensorDataset subset(double[][] x, int[] y, int[] classes) {
        int count = 0;
        for (int v : y) if (v == classes[0] || v == classes[1]) count++;
        int h = x[0].length;
        float[] xs = new float[count * h];
        long[] ys = new long[count];
        int k = 0;
        for (int i = 0; i < y.length; i++) {
            if (y[i] != classes[0] && y[i] != classes[1]) continue;
            for (int j = 0; j < h; j++) xs[k * h + j] = (float) x[i][j];
            ys[k++] = y[i];
        }
        return new TensorDataset(Tensor.of(xs, count, h), Tensor.of(ys, count));
    }

    /** Nearest-class-mean accuracy of the spike features on all 10 classes (a feature-quality figure). */
    private static double nearestMeanAccuracy(double[][] tx, int[] ty, double[][] sx, int[] sy) {
        int h = tx[0].length;
        double[][] mu = new double[10][h];
        int[] cnt = new int[10];
        for (int i = 0; i < tx.length; i++) {
            cnt[ty[i]]++;
            for (int j = 0; j < h; j++) mu[ty[i]][j] += tx[i][j];
        }
        for (int c = 0; c < 10; c++) for (int j = 0; j < h; j++) mu[c][j] /= Math.max(1, cnt[c]);
        int hits = 0;
        for (int i = 0; i < sx.length; i++) {
            int best = -1;
            double bd = Double.POSITIVE_INFINITY;
            for (int c = 0; c < 10; c++) {
                if (cnt[c] == 0) continue;
                double dd = 0;
                for (int j = 0; j < h; j++) dd += (sx[i][j] - mu[c][j]) * (sx[i][j] - mu[c][j]);
                if (dd < bd) { bd = dd; best = c; }
            }
            if (best == sy[i]) hits++;
        }
        return (double) hits / sx.length;
    }

    private static double mean(double[] v, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += v[i];
        return s / n;
    }

    /** Adds −1e4 to the logits outside the current task's classes (SpykeFlow's {@code set1_mask}). */
    static final class TaskMask extends Module {
        private Tensor offset;

        void only(int[] classes) {
            double[] m = new double[10];
            Arrays.fill(m, -1e4);
            for (int c : classes) m[c] = 0;
            offset = Tensor.of(m).to(DType.FLOAT32);
        }

        void off() {
            offset = null;
        }

        @Override
        public Variable forward(Variable x) {
            return offset == null ? x : x.add(Variable.constant(offset));
        }
    }
}
