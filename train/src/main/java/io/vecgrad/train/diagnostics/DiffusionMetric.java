package io.vecgrad.train.diagnostics;

/**
 * P19 (Fioresi, Chaudhari &amp; Soatto, Entropy 22(1):101, 2020): the geometry SGD's noise
 * induces. The paper models SGD trajectories as geodesics of metrics built from the diffusion
 * matrix D; the measurements here are the spec's [design note], not the paper's own protocol:
 * the length of a step Δθ in the metric of the pseudo-inverse of D restricted to its top-k
 * eigenspace,
 *
 * <pre>
 * ℓ(Δθ) = sqrt( Σ_i (v_iᵀΔθ)² / λ_i )        over the retained pairs with λ_i &gt; 0
 * span(Δθ) = Σ_i (v_iᵀΔθ)² / ‖Δθ‖²            ∈ [0, 1], the share of the step in that eigenspace
 * </pre>
 *
 * next to the Euclidean length ‖Δθ‖. The eigenvectors must be orthonormal (as
 * {@link NoiseCovariance#top} returns them).
 *
 * <pre>{@code
 * DiffusionMetric metric = DiffusionMetric.of(NoiseCovariance.of(g).top(20, new Rng(0)));
 * DiffusionMetric.Step s = metric.measure(deltaTheta);   // euclidean, metric length, span fraction
 * }</pre>
 */
public final class DiffusionMetric {
    /** One step's figures. */
    public record Step(double euclidean, double metric, double spanFraction) {}

    private final double[] values;
    private final double[][] vectors;
    private final int d;

    private DiffusionMetric(double[] values, double[][] vectors) {
        if (values.length != vectors.length || values.length == 0) {
            throw new IllegalArgumentException("DiffusionMetric: needs as many eigenvectors as eigenvalues (at least one), got " + values.length + " values, " + vectors.length + " vectors");
        }
        this.d = vectors[0].length;
        for (int i = 0; i < values.length; i++) {
            if (vectors[i].length != d) throw new IllegalArgumentException("DiffusionMetric: eigenvector " + i + " has length " + vectors[i].length + ", eigenvector 0 has " + d);
            if (!(values[i] >= 0)) throw new IllegalArgumentException("DiffusionMetric: eigenvalue " + i + " is " + values[i] + " (needs >= 0)");
        }
        this.values = values.clone();
        this.vectors = vectors.clone();
    }

    /** From eigenpairs ({@link NoiseCovariance#top}). */
    public static DiffusionMetric of(NoiseCovariance.Eigenpairs pairs) {
        return new DiffusionMetric(pairs.values(), pairs.vectors());
    }

    /** From eigenvalues and orthonormal eigenvectors ({@code vectors[i]} of length d). */
    public static DiffusionMetric of(double[] values, double[][] vectors) {
        return new DiffusionMetric(values, vectors);
    }

    /** The retained eigenspace's dimension k. */
    public int rank() {
        return values.length;
    }

    /** Euclidean length, metric length and span fraction of {@code step} (length d). */
    public Step measure(double[] step) {
        if (step.length != d) throw new IllegalArgumentException("DiffusionMetric.measure: step of length " + step.length + " for dimension " + d);
        double norm2 = NoiseCovariance.dot(step, step);
        double inSpan = 0, metric2 = 0;
        for (int i = 0; i < values.length; i++) {
            double c = NoiseCovariance.dot(vectors[i], step);
            inSpan += c * c;
            if (values[i] > 0) metric2 += c * c / values[i];
        }
        double fraction = norm2 == 0 ? 0 : Math.min(1, inSpan / norm2);
        return new Step(Math.sqrt(norm2), Math.sqrt(metric2), fraction);
    }
}
