package io.vecgrad.optim.particles;

import io.vecgrad.optim.zoo.Catalog;
import io.vecgrad.optim.zoo.SolverRegistry;
import java.util.List;

/**
 * The one list of particle samplers (and the targets they sample), with the seed-paper IDs they
 * implement, a one-line description and the Java entry point a user calls; {@code vecgrad list
 * samplers} prints it. It is the {@link SolverRegistry} pattern with the same entry record: entry
 * points are text ({@code "Class#method"}) and a test resolves each one by reflection, so a
 * renamed class fails the build instead of leaving a stale listing.
 *
 * <p>Adding a sampler is one {@link #register} line in the static block below (append at the end).
 *
 * <pre>{@code
 * for (SolverRegistry.Entry e : SamplerRegistry.all()) System.out.println(e.name() + "  " + e.doc());
 * SolverRegistry.Entry svgd = SamplerRegistry.get("svgd");
 * }</pre>
 */
public final class SamplerRegistry {
    private static final Catalog ENTRIES = new Catalog("SamplerRegistry", "sampler");

    static {
        String p = "io.vecgrad.optim.particles.";
        register("svgd", "sampler", "baseline", "Stein variational gradient descent: RBF kernel, median bandwidth, the reference code's AdaGrad step",
                p + "Svgd#run");
        register("a-svgd", "sampler", "P30", "annealed SVGD: the driving term scaled by gamma(t) (cyclical, linear or tanh schedule), then plain SVGD",
                p + "Annealing#cyclical");
        register("nvgd", "sampler", "P28", "neural variational gradient descent: a witness MLP trained between particle steps replaces the kernel",
                p + "Nvgd#run");
        register("gaussian-mixture", "target", "baseline", "Gaussian mixture with diagonal components: exact samples, mode shares and coverage",
                p + "GaussianMixture#isotropic");
        register("gaussian", "target", "baseline", "Gaussian with full covariance", p + "GaussianTarget");
        register("bayesian-logistic-regression", "target", "baseline", "posterior of logistic regression, Gaussian prior; held-out predictive log-likelihood",
                p + "BayesianLogisticRegression#predictiveLogLikelihood");
        register("bayesian-neural-net", "target", "baseline", "one-hidden-layer Bayesian neural net (the SVGD paper's): Gaussian prior, Gamma hyperpriors, score by autodiff",
                p + "BayesianNeuralNet#regression");
        register("mmd", "metric", "baseline", "biased squared maximum mean discrepancy to reference samples, pooled median bandwidth", p + "Mmd#squared");
    }

    private SamplerRegistry() {}

    /** Adds an entry; names are unique. */
    static void register(String name, String family, String papers, String doc, String entryPoint) {
        ENTRIES.add(name, family, papers, doc, entryPoint);
    }

    /** Every sampler, in registration order. */
    public static List<SolverRegistry.Entry> all() {
        return ENTRIES.all();
    }

    /** The entry {@code name}; IllegalArgumentException listing the names when unknown. */
    public static SolverRegistry.Entry get(String name) {
        return ENTRIES.get(name);
    }
}
