package io.vecgrad.distributed.fed;

import io.vecgrad.distributed.LocalProblem;
import io.vecgrad.distributed.ParamVector;
import io.vecgrad.tensor.random.Rng;

/**
 * Multinomial logistic regression on one worker's shard: mean softmax cross-entropy plus
 * {@code (l2/2)‖W‖²}, with the gradient written out by hand so that a hundred simulated workers
 * stay cheap. Parameters are laid out as {@code nn.layers.Linear}'s are (weight {@code [classes,
 * dim]} row-major, then bias {@code [classes]}); tests check the gradient against the nn/autodiff
 * version ({@link ModuleProblem} over a {@code Linear}). Minibatches draw {@code batch} indices
 * of the shard with replacement from the step's stream; {@code batch ≤ 0} means the full shard
 * (deterministic gradient).
 *
 * <pre>{@code
 * ClassificationData train = ClassificationData.digits(0.25, 1)[0];
 * SoftmaxRegression p = new SoftmaxRegression(train, Shards.iid(train.size(), 10, 1)[3], 32, 1e-4);
 * ParamVector g = ParamVector.zeros(p.dim());
 * double loss = p.gradient(ParamVector.zeros(p.dim()), new Rng(5), g);
 * double acc = p.accuracy(x, test);
 * }</pre>
 */
public final class SoftmaxRegression implements LocalProblem, Classifier {
    private final ClassificationData data;
    private final int[] shard;
    private final int batch;
    private final double l2;
    private final int d;
    private final int k;

    /** The problem of the examples {@code shard} of {@code data}. */
    public SoftmaxRegression(ClassificationData data, int[] shard, int batch, double l2) {
        if (shard.length == 0) throw new IllegalArgumentException("SoftmaxRegression: empty shard");
        if (!(l2 >= 0)) throw new IllegalArgumentException("SoftmaxRegression: l2 must be ≥ 0, got " + l2);
        for (int i : shard) {
            if (i < 0 || i >= data.size()) throw new IllegalArgumentException("SoftmaxRegression: shard index " + i + " outside 0.." + (data.size() - 1));
        }
        this.data = data;
        this.shard = shard.clone();
        this.batch = batch;
        this.l2 = l2;
        this.d = data.dim();
        this.k = data.classes();
    }

    @Override
    public int dim() {
        return k * d + k;
    }

    /** Examples in this worker's shard. */
    public int shardSize() {
        return shard.length;
    }

    @Override
    public double gradient(ParamVector x, Rng rng, ParamVector out) {
        double[] g = out.data();
        java.util.Arrays.fill(g, 0);
        int m = batch <= 0 ? shard.length : batch;
        double loss = 0;
        double[] p = new double[k];
        for (int s = 0; s < m; s++) {
            int row = batch <= 0 ? shard[s] : shard[rng.nextInt(shard.length)];
            loss += softmax(x.data(), data.features()[row], p, data.labels()[row]);
            p[data.labels()[row]] -= 1;
            double[] f = data.features()[row];
            for (int c = 0; c < k; c++) {
                double pc = p[c] / m;
                int base = c * d;
                for (int j = 0; j < d; j++) g[base + j] += pc * f[j];
                g[k * d + c] += pc;
            }
        }
        double[] w = x.data();
        for (int i = 0; i < k * d; i++) g[i] += l2 * w[i];
        return loss / m + penalty(w);
    }

    /** Writes softmax probabilities into p; returns −log p[label]. */
    private double softmax(double[] w, double[] f, double[] p, int label) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            double z = w[k * d + c];
            int base = c * d;
            for (int j = 0; j < d; j++) z += w[base + j] * f[j];
            p[c] = z;
            max = Math.max(max, z);
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            p[c] = Math.exp(p[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < k; c++) p[c] /= sum;
        return -Math.log(Math.max(p[label], Double.MIN_NORMAL));
    }

    private double penalty(double[] w) {
        if (l2 == 0) return 0;
        double s = 0;
        for (int i = 0; i < k * d; i++) s += w[i] * w[i];
        return 0.5 * l2 * s;
    }

    @Override
    public double loss(ParamVector x) {
        double[] p = new double[k];
        double loss = 0;
        for (int row : shard) loss += softmax(x.data(), data.features()[row], p, data.labels()[row]);
        return loss / shard.length + penalty(x.data());
    }

    @Override
    public double accuracy(ParamVector x, ClassificationData test) {
        double[] p = new double[k];
        int correct = 0;
        for (int i = 0; i < test.size(); i++) {
            softmax(x.data(), test.features()[i], p, test.labels()[i]);
            int arg = 0;
            for (int c = 1; c < k; c++) if (p[c] > p[arg]) arg = c;
            if (arg == test.labels()[i]) correct++;
        }
        return (double) correct / test.size();
    }
}
