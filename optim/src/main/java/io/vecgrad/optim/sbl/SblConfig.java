package io.vecgrad.optim.sbl;

/**
 * Settings of {@link SparseBayesianLearning}. Defaults follow the KroSBL reference code
 * (github.com/YanbinHe/JournalKroSBL, {@code KroSBL_f}): at most 150 EM iterations, stop when
 * {@code ‖γ − γ_old‖/‖γ_old‖ < 1e-4}, prune entries below {@code 1e-3·max}, inner AM cycles until the
 * relative change of {@code γ} is below {@code 1e-5}; the noise variance is known (as in the paper's
 * experiments).
 *
 * <pre>{@code
 * SblConfig c = SblConfig.of(1e-3).withMStep(SblMStep.SVD).withMaxIterations(300);
 * }</pre>
 *
 * @param mStep         which M-step
 * @param noiseVariance σ², known, positive
 * @param maxIterations EM iterations at most
 * @param tolerance     stop when the relative change of γ falls below this (0: run all iterations)
 * @param pruneRatio    set γ entries (Kronecker: factor entries) below {@code pruneRatio·max} to 0; 0 disables pruning
 * @param innerTolerance AM inner loop stops when the relative change of γ falls below this
 * @param maxInnerCycles AM inner cycles at most
 */
public record SblConfig(SblMStep mStep, double noiseVariance, int maxIterations, double tolerance, double pruneRatio,
                        double innerTolerance, int maxInnerCycles) {
    /** Validates every field. */
    public SblConfig {
        if (mStep == null) throw new IllegalArgumentException("SblConfig: mStep is null");
        if (!(noiseVariance > 0) || !Double.isFinite(noiseVariance)) {
            throw new IllegalArgumentException("SblConfig: noise variance must be positive and finite, got " + noiseVariance);
        }
        if (maxIterations < 1 || maxInnerCycles < 1) {
            throw new IllegalArgumentException("SblConfig: need maxIterations >= 1 and maxInnerCycles >= 1, got " + maxIterations + ", " + maxInnerCycles);
        }
        if (!(tolerance >= 0) || !(pruneRatio >= 0 && pruneRatio < 1) || !(innerTolerance >= 0)) {
            throw new IllegalArgumentException("SblConfig: need tolerance >= 0, 0 <= pruneRatio < 1, innerTolerance >= 0, got " + tolerance + ", "
                    + pruneRatio + ", " + innerTolerance);
        }
    }

    /** Classic SBL with the reference defaults and noise variance σ². */
    public static SblConfig of(double noiseVariance) {
        return new SblConfig(SblMStep.UNSTRUCTURED, noiseVariance, 150, 1e-4, 1e-3, 1e-5, 1000);
    }

    /** This configuration with another M-step. */
    public SblConfig withMStep(SblMStep m) {
        return new SblConfig(m, noiseVariance, maxIterations, tolerance, pruneRatio, innerTolerance, maxInnerCycles);
    }

    /** This configuration with another iteration cap. */
    public SblConfig withMaxIterations(int n) {
        return new SblConfig(mStep, noiseVariance, n, tolerance, pruneRatio, innerTolerance, maxInnerCycles);
    }

    /** This configuration with another outer stopping tolerance. */
    public SblConfig withTolerance(double t) {
        return new SblConfig(mStep, noiseVariance, maxIterations, t, pruneRatio, innerTolerance, maxInnerCycles);
    }

    /** This configuration with another pruning ratio (0: none). */
    public SblConfig withPruneRatio(double r) {
        return new SblConfig(mStep, noiseVariance, maxIterations, tolerance, r, innerTolerance, maxInnerCycles);
    }
}
