package io.vecgrad.datasets.coreset;

import java.util.Arrays;

/**
 * A weighted coreset: indices into a dataset and one weight per selected example. The weight of
 * a selected example is the size of its cluster (how many examples of its class are closest to
 * it), so the weights are positive integers that sum to the size of the ground set.
 *
 * <pre>{@code
 * Coreset c = FacilityLocation.select(proxyGradients, labels, 0.3);
 * double[] w = c.normalizedWeights();   // mean 1 over the coreset, as the P49 reference code trains with
 * }</pre>
 *
 * @param indices selected examples, per class in greedy order, classes in increasing label order
 * @param weights cluster sizes, {@code weights[j]} belongs to {@code indices[j]}
 */
public record Coreset(int[] indices, double[] weights) {
    public Coreset {
        if (indices.length != weights.length) {
            throw new IllegalArgumentException("Coreset: " + indices.length + " indices but " + weights.length + " weights");
        }
        indices = indices.clone();
        weights = weights.clone();
    }

    /** Number of selected examples. */
    public int size() {
        return indices.length;
    }

    @Override
    public int[] indices() {
        return indices.clone();
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    /** Sum of the weights (the ground-set size for a selection by {@link FacilityLocation}). */
    public double totalWeight() {
        double s = 0;
        for (double w : weights) s += w;
        return s;
    }

    /** The weights rescaled to mean 1 over the coreset ({@code w · k / Σw}). */
    public double[] normalizedWeights() {
        double total = totalWeight();
        double[] out = new double[weights.length];
        for (int j = 0; j < out.length; j++) out[j] = weights[j] * weights.length / total;
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Coreset c && Arrays.equals(indices, c.indices) && Arrays.equals(weights, c.weights);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(indices) + Arrays.hashCode(weights);
    }

    @Override
    public String toString() {
        return "Coreset[" + indices.length + " of total weight " + totalWeight() + "]";
    }
}
