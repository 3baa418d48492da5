package io.vecgrad.optim.bcd;

/**
 * Settings of {@link LassoCoordinateDescent}.
 *
 * @param selection the coordinate rule
 * @param tol stop when the duality gap of the scaled objective is ≤ {@code tol·‖b‖²/n}
 *     (scikit-learn's test, which compares the unscaled gap with {@code tol·‖b‖²})
 * @param maxEpochs at most this many epochs of {@code p} updates
 * @param seed the random rule's seed (ignored by the other rules)
 *
 * <pre>{@code
 * var opts = CoordinateDescentOptions.defaults().withSelection(Selection.GAUSS_SOUTHWELL).withTol(1e-8);
 * }</pre>
 */
public record CoordinateDescentOptions(Selection selection, double tol, int maxEpochs, long seed) {
    public CoordinateDescentOptions {
        if (selection == null) throw new IllegalArgumentException("CoordinateDescentOptions: selection is null");
        if (!(tol >= 0) || Double.isInfinite(tol)) throw new IllegalArgumentException("CoordinateDescentOptions: tol must be finite and ≥ 0, got " + tol);
        if (maxEpochs < 1) throw new IllegalArgumentException("CoordinateDescentOptions: maxEpochs must be ≥ 1, got " + maxEpochs);
    }

    /** Cyclic, tol 1e-4 and 1000 epochs (scikit-learn's defaults), seed 0. */
    public static CoordinateDescentOptions defaults() {
        return new CoordinateDescentOptions(Selection.CYCLIC, 1e-4, 1000, 0);
    }

    public CoordinateDescentOptions withSelection(Selection s) {
        return new CoordinateDescentOptions(s, tol, maxEpochs, seed);
    }

    public CoordinateDescentOptions withTol(double t) {
        return new CoordinateDescentOptions(selection, t, maxEpochs, seed);
    }

    public CoordinateDescentOptions withMaxEpochs(int e) {
        return new CoordinateDescentOptions(selection, tol, e, seed);
    }

    public CoordinateDescentOptions withSeed(long s) {
        return new CoordinateDescentOptions(selection, tol, maxEpochs, s);
    }
}
