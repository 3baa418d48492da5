package io.vecgrad.experiments;

import java.util.List;
import java.util.Map;

/**
 * A paper reproduction as a library object: what it claims, with which parameters, against
 * which threshold (fixed before running, never tuned to pass), and a {@link #run} that
 * measures and returns the verdict. {@link io.vecgrad.experiments.papers.Experiments#all()} lists the built-in ones; the
 * command line's {@code vecgrad experiment NAME} only looks them up here.
 *
 * <pre>{@code
 * Experiment e = Experiments.find("p11-mass").orElseThrow();
 * ExperimentResult r = e.run(Parameters.of(e.defaults(), Map.of("seeds", 3)), context);
 * System.out.println(r.verdict() + ": " + r.measured());
 * }</pre>
 */
public interface Experiment {
    /** Lower-case name used on the command line, e.g. {@code p11-mass}. */
    String id();

    /** The seed-paper IDs it reproduces, e.g. {@code ["P11"]} (see the papers' README), or {@code "baseline"} for a comparison of standard methods that no seed paper makes (an issue asks for it). */
    List<String> papers();

    /** One line for listings. */
    String description();

    /** The claim in one sentence, e.g. "GD drives the logistic loss below 0.01". */
    String claim();

    /** The PASS condition, stated before running (thresholds are parameters with fixed defaults). */
    String threshold();

    /** Every accepted parameter with its default; the default's type is the parameter's type. */
    Map<String, Object> defaults();

    /**
     * Runs the experiment and judges the claim.
     *
     * @param params {@link #defaults()} with the caller's overrides
     * @param context seed, size ({@code quick}), the run folder for artifacts, and named training runs
     */
    ExperimentResult run(Parameters params, ExperimentContext context) throws Exception;
}
