/**
 * Sparse Bayesian learning: classic SBL by EM and Kronecker-structured SBL (P55, He and Joseph,
 * arXiv:2307.14719) with the alternating-minimization and SVD-based M-steps.
 *
 * <pre>{@code
 * SblResult r = SparseBayesianLearning.fit(phi, y, SblConfig.of(1e-4).withMStep(SblMStep.ALTERNATING));
 * }</pre>
 */
package io.vecgrad.optim.sbl;
