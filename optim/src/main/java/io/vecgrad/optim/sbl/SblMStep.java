package io.vecgrad.optim.sbl;

/**
 * How the M-step of {@link SparseBayesianLearning} turns {@code q = diag(Σ) + μ⊙μ} into the next prior
 * variances {@code γ}.
 *
 * <pre>{@code
 * SblConfig c = SblConfig.of(1e-4).withMStep(SblMStep.ALTERNATING);
 * }</pre>
 */
public enum SblMStep {
    /** Classic SBL (Tipping 2001; Wipf and Rao 2004): {@code γ = q}, one variance per column. */
    UNSTRUCTURED,
    /** AM-KroSBL: {@code γ = γ_1 ⊗ … ⊗ γ_I}, factors updated in turn by their exact minimizers ({@link KroneckerMStep#alternating}). */
    ALTERNATING,
    /** SVD-KroSBL: the Kronecker factors of a sequence of rank-1 approximations of {@code q} ({@link KroneckerMStep#svd}). */
    SVD
}
