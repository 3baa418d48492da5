package io.vecgrad.optim.schedule;

/**
 * P62 learning rate as a function of batch size (Granziol, Zohren and Roberts, JMLR 2022): the
 * largest stable SGD step grows linearly with the batch size B, the Adam-type step with sqrt(B):
 *
 * <pre>
 * SGD:       lr(B) = lr(B0)·(B/B0)
 * Adam-type: lr(B) = lr(B0)·sqrt(B/B0)
 * </pre>
 *
 * <pre>{@code
 * double lr = BatchScaling.linear(0.1, 128, 1024);   // 0.8
 * }</pre>
 */
public final class BatchScaling {
    private BatchScaling() {}

    /** The linear rule for SGD. */
    public static double linear(double lr0, int b0, int b) {
        check(b0, b);
        return lr0 * ((double) b / b0);
    }

    /** The square-root rule for adaptive (Adam-type) methods. */
    public static double sqrt(double lr0, int b0, int b) {
        check(b0, b);
        return lr0 * Math.sqrt((double) b / b0);
    }

    private static void check(int b0, int b) {
        if (b0 < 1 || b < 1) throw new IllegalArgumentException("BatchScaling: batch sizes must be >= 1, got " + b0 + ", " + b);
    }
}
