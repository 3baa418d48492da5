package io.vecgrad.distributed.curriculum;

import io.vecgrad.distributed.ParamVector;

/**
 * Multinomial logistic regression on one client's rows: parameters are a C×(F+1) matrix
 * (weights and bias, row-major) flattened into one vector; loss is the cross-entropy of
 * softmax(W·[x, 1]).
 *
 * <pre>{@code
 * SoftmaxShard shard = SoftmaxShard.of(rows, labels, 10);
 * ParamVector w = ParamVector.zeros(shard.dim());
 * double acc = shard.accuracy(w);
 * }</pre>
 */
public final class SoftmaxShard implements ExampleProblem {
    private final double[][] x;
    private final int[] y;
    private final int classes;
    private final int features;

    private SoftmaxShard(double[][] x, int[] y, int classes) {
        this.x = x;
        this.y = y;
        this.classes = classes;
        this.features = x.length == 0 ? 0 : x[0].length;
    }

    /** A shard of rows {@code x} (N × F) with labels in [0, classes). */
    public static SoftmaxShard of(double[][] x, int[] y, int classes) {
        if (x.length != y.length) throw new IllegalArgumentException("SoftmaxShard: " + x.length + " rows but " + y.length + " labels");
        if (classes < 2) throw new IllegalArgumentException("SoftmaxShard: need ≥ 2 classes, got " + classes);
        for (int i = 0; i < x.length; i++) {
            if (y[i] < 0 || y[i] >= classes) throw new IllegalArgumentException("SoftmaxShard: label " + y[i] + " of row " + i + " outside [0, " + classes + ")");
            if (x[i].length != x[0].length) throw new IllegalArgumentException("SoftmaxShard: row " + i + " has " + x[i].length + " features, row 0 has " + x[0].length);
        }
        return new SoftmaxShard(x, y, classes);
    }

    @Override
    public int size() {
        return x.length;
    }

    @Override
    public int dim() {
        return classes * (features + 1);
    }

    /** The label of example i. */
    public int label(int i) {
        return y[i];
    }

    private double[] probabilities(double[] w, int i) {
        double[] z = new double[classes];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            int o = c * (features + 1);
            double s = w[o + features];
            for (int f = 0; f < features; f++) s += w[o + f] * x[i][f];
            z[c] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            z[c] = Math.exp(z[c] - max);
            sum += z[c];
        }
        for (int c = 0; c < classes; c++) z[c] /= sum;
        return z;
    }

    @Override
    public double loss(ParamVector x, int i) {
        return -Math.log(Math.max(probabilities(x.data(), i)[y[i]], 1e-300));
    }

    @Override
    public double gradient(ParamVector params, int[] batch, ParamVector out) {
        double[] w = params.data(), g = out.data();
        java.util.Arrays.fill(g, 0);
        double loss = 0, scale = 1.0 / batch.length;
        for (int i : batch) {
            double[] pr = probabilities(w, i);
            loss -= Math.log(Math.max(pr[y[i]], 1e-300));
            for (int c = 0; c < classes; c++) {
                double r = (pr[c] - (c == y[i] ? 1 : 0)) * scale;
                int o = c * (features + 1);
                for (int f = 0; f < features; f++) g[o + f] += r * x[i][f];
                g[o + features] += r;
            }
        }
        return loss * scale;
    }

    /** Fraction of rows whose arg-max class is the label. */
    public double accuracy(ParamVector params) {
        int right = 0;
        for (int i = 0; i < x.length; i++) {
            double[] pr = probabilities(params.data(), i);
            int best = 0;
            for (int c = 1; c < classes; c++) if (pr[c] > pr[best]) best = c;
            if (best == y[i]) right++;
        }
        return x.length == 0 ? 0 : right / (double) x.length;
    }

    /** Mean loss over all rows. */
    public double meanLoss(ParamVector params) {
        double s = 0;
        for (int i = 0; i < x.length; i++) s += loss(params, i);
        return x.length == 0 ? 0 : s / x.length;
    }
}
