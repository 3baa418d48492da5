package io.vecgrad.optim.active;

/**
 * The hardest instances of the class {@code Θ(r) = {(h, Δ) : ρ*(h, Δ) ≤ r}}: for every hypothesis h the
 * instance with the smallest allowed gap {@code Δ_h(r)} (see {@link IdentificationProblem}). Smaller
 * gaps only make every query less informative, so the worst case over {@code Θ(r)} is a worst case
 * over these |H| particles, which the adversary of {@link RobustPolicyTraining} weighs.
 *
 * <pre>{@code
 * ProblemClass c = ProblemClass.of(IdentificationProblem.thresholds(24), 4.0);
 * double g0 = c.gap(0), g12 = c.gap(12);   // the end hypothesis gets a smaller gap (g = 1 there)
 * }</pre>
 *
 * @param r the complexity bound
 * @param gaps {@code gaps[h] = Δ_h(r)}
 */
public record ProblemClass(double r, double[] gaps) {
    public ProblemClass {
        gaps = gaps.clone();
        for (int h = 0; h < gaps.length; h++) IdentificationProblem.checkGap(gaps[h], "ProblemClass(h=" + h + ")");
    }

    /** The class {@code Θ(r)} of {@code problem}. */
    public static ProblemClass of(IdentificationProblem problem, double r) {
        double[] g = new double[problem.hypotheses()];
        for (int h = 0; h < g.length; h++) g[h] = problem.gapFor(h, r);
        return new ProblemClass(r, g);
    }

    /** A class with one gap for every hypothesis (e.g. Δ = 1/2: noiseless answers). */
    public static ProblemClass uniformGap(IdentificationProblem problem, double gap) {
        double[] g = new double[problem.hypotheses()];
        java.util.Arrays.fill(g, gap);
        return new ProblemClass(Double.NaN, g);
    }

    public double gap(int h) {
        return gaps[h];
    }

    public int size() {
        return gaps.length;
    }

    @Override
    public double[] gaps() {
        return gaps.clone();
    }
}
