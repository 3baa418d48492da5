package io.vecgrad.optim.sbl;

/**
 * What {@link SparseBayesianLearning#fit} returns.
 *
 * <pre>{@code
 * SblResult r = SparseBayesianLearning.fit(phi, y, SblConfig.of(1e-4));
 * double[] xHat = r.mean();
 * }</pre>
 *
 * @param mean         posterior mean μ (the estimate of x), length N
 * @param gamma        prior variances γ after the last M-step (0 where pruned), length N
 * @param factors      the Kronecker factors {@code γ_i} (empty for the unstructured M-step)
 * @param objective    negative log marginal likelihood {@code log|C| + yᵀC⁻¹y}, {@code C = σ²I + ΦΓΦᵀ},
 *                     at the γ of each E-step (entry t: before M-step t)
 * @param iterations   EM iterations run
 * @param converged    whether the relative change of γ fell below the tolerance
 */
public record SblResult(double[] mean, double[] gamma, double[][] factors, double[] objective, int iterations, boolean converged) {}
