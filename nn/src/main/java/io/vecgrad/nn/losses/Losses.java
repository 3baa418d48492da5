package io.vecgrad.nn.losses;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.autodiff.ops.FusedOps;
import io.vecgrad.autodiff.ops.Mse;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Shape;
import io.vecgrad.tensor.Tensor;
import java.util.Arrays;

/**
 * Loss functions with PyTorch's definitions; each takes a {@link Reduction} (default mean).
 * Labels for classification losses are integer tensors {@code [N]}; binary targets are ±1.
 *
 * <pre>{@code
 * Variable loss = Losses.crossEntropy(logits, labels);                 // logits [N, K], labels [N] INT64
 * Variable smooth = Losses.crossEntropy(logits, labels, 0.1, Reduction.MEAN);
 * Variable logistic = Losses.binaryLogistic(f, y);                     // mean softplus(−y·f)
 * }</pre>
 */
public final class Losses {
    private Losses() {}

    /** Mean squared error {@code (pred − target)²}. */
    public static Variable mse(Variable pred, Variable target) {
        return mse(pred, target, Reduction.MEAN);
    }

    public static Variable mse(Variable pred, Variable target, Reduction r) {
        // The mean as one fused node (Mse: same bits as the composed form below, its oracle; same shape check and message).
        if (r == Reduction.MEAN) return Mse.mse(pred, target);
        sameShape("mse", pred, target);
        return r.apply(pred.sub(target).square());
    }

    /**
     * Binary logistic loss {@code log(1 + exp(−y·f)) = softplus(−y·f)} for labels y = ±1; stable
     * for large margins (no overflow, no cancellation).
     */
    public static Variable binaryLogistic(Variable f, Variable y) {
        return binaryLogistic(f, y, Reduction.MEAN);
    }

    public static Variable binaryLogistic(Variable f, Variable y, Reduction r) {
        sameShape("binaryLogistic", f, y);
        return r.apply(f.mul(y).neg().softplus());
    }

    /** Hinge loss {@code max(0, 1 − y·f)} for labels y = ±1. */
    public static Variable hinge(Variable f, Variable y, Reduction r) {
        sameShape("hinge", f, y);
        return r.apply(f.mul(y).rsub(1).relu());
    }

    /** Huber loss with threshold δ: {@code d²/2} for |d| &lt; δ, else {@code δ(|d| − δ/2)} (PyTorch's huber_loss). */
    public static Variable huber(Variable pred, Variable target, double delta, Reduction r) {
        sameShape("huber", pred, target);
        Variable a = pred.sub(target).abs();
        Variable c = a.clamp(0, delta);
        return r.apply(c.square().mul(0.5).add(a.sub(c).mul(delta)));
    }

    /** Softmax cross-entropy of logits {@code [N, K]} against integer labels {@code [N]}. */
    public static Variable crossEntropy(Variable logits, Tensor labels) {
        return crossEntropy(logits, labels, 0, Reduction.MEAN);
    }

    /**
     * Softmax cross-entropy with label smoothing ε: {@code (1 − ε)·(−log p_y) + ε·mean_k(−log p_k)}
     * (PyTorch's {@code label_smoothing}).
     */
    public static Variable crossEntropy(Variable logits, Tensor labels, double smoothing, Reduction r) {
        if (!(smoothing >= 0 && smoothing <= 1)) throw new IllegalArgumentException("crossEntropy: label smoothing must be in [0, 1], got " + smoothing);
        checkLabels("crossEntropy", logits, labels);
        classesInRange("crossEntropy", labels, logits.shape()[1]);
        if (smoothing == 0 && logits.dtype().isFloating()) {
            // One fused pass forward and backward (FusedOps); the composed form below is its oracle.
            return r.apply(FusedOps.softmaxCrossEntropy(logits, labels));
        }
        Variable logp = logits.logSoftmax(1);
        Variable nll = picked(logp, labels).neg();
        if (smoothing > 0) nll = nll.mul(1 - smoothing).sub(logp.mean(new int[] {1}, false).mul(smoothing));
        return r.apply(nll);
    }

    /** Every label must name one of the {@code k} classes: checked here, not left to gather's index error. */
    private static void classesInRange(String op, Tensor labels, int k) {
        if (labels.size(0) == 0 || labels.min().item() >= 0 && labels.max().item() < k) return;
        long[] l = labels.to(DType.INT64).toLongArray();
        int i = 0;
        while (l[i] >= 0 && l[i] < k) i++;
        throw new IllegalArgumentException(op + ": label " + l[i] + " at position " + i + " is not a class index of the "
                + k + " classes (expected 0.." + (k - 1) + ")");
    }

    /** Negative log-likelihood of log-probabilities {@code [N, K]} at integer labels {@code [N]}. */
    public static Variable nll(Variable logProbs, Tensor labels, Reduction r) {
        checkLabels("nll", logProbs, labels);
        return r.apply(picked(logProbs, labels).neg());
    }

    private static Variable picked(Variable logp, Tensor labels) {
        int n = labels.size(0);
        return logp.gather(1, labels.to(DType.INT64).reshape(n, 1)).reshape(n);
    }

    private static void checkLabels(String op, Variable scores, Tensor labels) {
        int[] s = scores.shape();
        if (s.length != 2 || labels.dim() != 1 || labels.size(0) != s[0] || labels.dtype().isFloating() || labels.dtype() == DType.BOOL) {
            throw new IllegalArgumentException(op + ": expected scores [N, K] and integer labels [N], got scores "
                    + Shape.str(s) + " and labels " + Shape.str(labels.shape()) + " of " + labels.dtype());
        }
    }

    private static void sameShape(String op, Variable a, Variable b) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException(op + ": prediction shape " + Shape.str(a.shape()) + " differs from target shape " + Shape.str(b.shape()));
        }
    }
}
