package io.vecgrad.optim.constrained;

/**
 * Parameters of {@link AdaSketchNewton}; {@link #defaults()} are the reference code's
 * ({@code Parameter/Param.jl} and the CUTEst drivers of IlgeeHong/AdaSketch-Newton):
 * η1 = 1, η2 = 0.1, δ = 0.1, ξ_B = 0.1, β = 0.1, ν = 1.5, θ = 1, at most 1e4 iterations,
 * KKT tolerance 1e-4, 1e5 sketch steps per accuracy loop, reduced-Hessian threshold 1e-6 (the
 * logistic-regression driver uses 1e-2 and 1e6 steps), LICQ threshold λ_min(GGᵀ) ≥ 1e-2, the
 * Gaussian sketch.
 *
 * <pre>{@code
 * AdaSketchOptions o = AdaSketchOptions.defaults().withSolve(KktSolve.KACZMARZ).withTolerance(1e-6).withSeed(3);
 * }</pre>
 *
 * @param eta1 initial penalty on ‖c‖² of the merit function
 * @param eta2 initial penalty on ‖∇_x L‖²
 * @param delta initial accuracy parameter δ
 * @param xiB ξ_B of the Hessian modification and of ψ
 * @param beta Armijo constant β (also in δ_trial)
 * @param nu penalty growth factor ν
 * @param theta accuracy multiplier θ
 * @param maxIterations outer iterations
 * @param tolerance stop when ‖(∇_x L, c)‖ ≤ tolerance
 * @param maxSketchSteps cap of each accuracy loop
 * @param reducedHessianThreshold modify B when λ_min(ZᵀHZ) is below it
 * @param licqThreshold stop (singular Jacobian) when λ_min(GGᵀ) is below it
 * @param solve the KKT solver
 * @param seed seed of the sketches
 * @param maxHalvings line-search halvings before giving up
 */
public record AdaSketchOptions(double eta1, double eta2, double delta, double xiB, double beta, double nu, double theta,
                               int maxIterations, double tolerance, long maxSketchSteps, double reducedHessianThreshold,
                               double licqThreshold, KktSolve solve, long seed, int maxHalvings) {
    public AdaSketchOptions {
        if (!(eta1 > 0 && eta2 > 0 && delta > 0 && xiB > 0 && nu > 1 && theta > 0)) {
            throw new IllegalArgumentException("AdaSketchOptions: need eta1, eta2, delta, xiB, theta > 0 and nu > 1");
        }
        if (!(beta > 0 && beta < 0.5)) throw new IllegalArgumentException("AdaSketchOptions: beta must be in (0, 1/2), got " + beta);
        if (maxIterations < 0 || maxSketchSteps < 1 || maxHalvings < 1) throw new IllegalArgumentException("AdaSketchOptions: negative iteration caps");
        if (!(tolerance > 0)) throw new IllegalArgumentException("AdaSketchOptions: tolerance must be > 0, got " + tolerance);
    }

    /** The reference code's parameters with the Gaussian sketch. */
    public static AdaSketchOptions defaults() {
        return new AdaSketchOptions(1.0, 0.1, 0.1, 0.1, 0.1, 1.5, 1.0, 10_000, 1e-4, 100_000, 1e-6, 1e-2, KktSolve.GAUSSIAN, 0, 60);
    }

    public AdaSketchOptions withSolve(KktSolve s) {
        return new AdaSketchOptions(eta1, eta2, delta, xiB, beta, nu, theta, maxIterations, tolerance, maxSketchSteps, reducedHessianThreshold, licqThreshold, s, seed, maxHalvings);
    }

    public AdaSketchOptions withTolerance(double t) {
        return new AdaSketchOptions(eta1, eta2, delta, xiB, beta, nu, theta, maxIterations, t, maxSketchSteps, reducedHessianThreshold, licqThreshold, solve, seed, maxHalvings);
    }

    public AdaSketchOptions withMaxIterations(int k) {
        return new AdaSketchOptions(eta1, eta2, delta, xiB, beta, nu, theta, k, tolerance, maxSketchSteps, reducedHessianThreshold, licqThreshold, solve, seed, maxHalvings);
    }

    public AdaSketchOptions withMaxSketchSteps(long s) {
        return new AdaSketchOptions(eta1, eta2, delta, xiB, beta, nu, theta, maxIterations, tolerance, s, reducedHessianThreshold, licqThreshold, solve, seed, maxHalvings);
    }

    public AdaSketchOptions withReducedHessianThreshold(double t) {
        return new AdaSketchOptions(eta1, eta2, delta, xiB, beta, nu, theta, maxIterations, tolerance, maxSketchSteps, t, licqThreshold, solve, seed, maxHalvings);
    }

    public AdaSketchOptions withLicqThreshold(double t) {
        return new AdaSketchOptions(eta1, eta2, delta, xiB, beta, nu, theta, maxIterations, tolerance, maxSketchSteps, reducedHessianThreshold, t, solve, seed, maxHalvings);
    }

    public AdaSketchOptions withSeed(long s) {
        return new AdaSketchOptions(eta1, eta2, delta, xiB, beta, nu, theta, maxIterations, tolerance, maxSketchSteps, reducedHessianThreshold, licqThreshold, solve, s, maxHalvings);
    }

    public AdaSketchOptions withPenalties(double e1, double e2) {
        return new AdaSketchOptions(e1, e2, delta, xiB, beta, nu, theta, maxIterations, tolerance, maxSketchSteps, reducedHessianThreshold, licqThreshold, solve, seed, maxHalvings);
    }
}
