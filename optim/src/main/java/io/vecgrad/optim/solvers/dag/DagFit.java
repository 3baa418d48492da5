package io.vecgrad.optim.solvers.dag;

import io.vecgrad.optim.problems.dag.DagMetrics;

/**
 * What every DAG solver returns.
 *
 * @param raw the solver's weights before thresholding, d×d row-major
 * @param weights the estimate after thresholding (a DAG), d×d row-major
 * @param d number of variables
 * @param iterations inner iterations (L-BFGS steps, Adam steps or swap rounds)
 * @param evaluations score (and gradient) evaluations
 * @param score the solver's own final score (least-squares loss, CoLiDE score...)
 * @param stop why it stopped
 * @param seconds wall time
 */
public record DagFit(double[] raw, double[] weights, int d, long iterations, long evaluations, double score, String stop, double seconds) {
    /** Metrics of {@link #weights()} against a true adjacency. */
    public DagMetrics metrics(double[] trueW) {
        return DagMetrics.of(trueW, weights, d);
    }
}
