package io.vecgrad.optim.zoo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one list of solvers that are not step-by-step optimizers — linear, bilevel, coordinate,
 * second-order, constrained, min-max and structured-problem solvers — with the seed-paper IDs
 * they implement, a one-line description and the Java entry point a user calls. {@code vecgrad
 * list solvers} prints it. Entries name their entry point as text ({@code "Class#method"}) so this
 * catalog imports no solver package (no package cycles); a test resolves every entry point by
 * reflection, so a renamed class fails the build instead of leaving a stale listing.
 *
 * <p>Adding a solver is one {@link #register} line in the static block below.
 *
 * <pre>{@code
 * for (SolverRegistry.Entry e : SolverRegistry.all()) System.out.println(e.name() + "  " + e.doc());
 * SolverRegistry.Entry cd = SolverRegistry.get("lasso-cd");
 * }</pre>
 */
public final class SolverRegistry {
    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    /**
     * One solver.
     *
     * @param name lower-case listing name, e.g. {@code lasso-cd}
     * @param family the kind of problem it solves, e.g. {@code linear}, {@code bilevel}, {@code bcd}
     * @param papers seed-paper IDs ({@code "P40"}) or {@code "baseline"}
     * @param doc one line: what it solves and how
     * @param entryPoint fully qualified class, optionally {@code #method}, that a user calls
     */
    public record Entry(String name, String family, String papers, String doc, String entryPoint) {
        public Entry {
            if (!name.matches("[a-z0-9][a-z0-9._-]*")) {
                throw new IllegalArgumentException("SolverRegistry: name must be lower-case letters, digits, '.', '_' or '-': " + name);
            }
        }

        /** The class part of {@link #entryPoint()}. */
        public String className() {
            int hash = entryPoint.indexOf('#');
            return hash < 0 ? entryPoint : entryPoint.substring(0, hash);
        }

        /** The method part of {@link #entryPoint()}, or empty when it names a class. */
        public String methodName() {
            int hash = entryPoint.indexOf('#');
            return hash < 0 ? "" : entryPoint.substring(hash + 1);
        }
    }

    static {
        String bilevel = "io.vecgrad.optim.bilevel.";
        register("implicit-diff", "bilevel", "baseline", "y*(x) as an autodiff value whose backward solves the adjoint system (JAXopt custom_root)", bilevel + "ImplicitDiff#root");
        register("hypergrad-aid-cg", "bilevel", "baseline", "AID hypergradient, adjoint by conjugate gradients on HVPs", bilevel + "Hypergradients#aidCg");
        register("hypergrad-aid-neumann", "bilevel", "baseline", "AID hypergradient, adjoint by a truncated Neumann series", bilevel + "Hypergradients#aidNeumann");
        register("hypergrad-itd", "bilevel", "baseline", "ITD hypergradient: reverse mode through K unrolled inner steps (truncation K')", bilevel + "Hypergradients#itdReverse");
        register("hypergrad-darts", "bilevel", "baseline", "DARTS finite-difference hypergradient approximation", bilevel + "Hypergradients#darts");
        register("lasso-cd", "bcd", "P40", "Lasso / elastic net by coordinate descent (cyclic, random, Gauss-Southwell), scikit-learn's gap stop",
                "io.vecgrad.optim.bcd.LassoCoordinateDescent");
        register("lbfgs", "quasi-newton", "baseline", "L-BFGS with strong-Wolfe line search (PyTorch's torch.optim.LBFGS)", "io.vecgrad.optim.linesearch.Lbfgs");
        String bcd = "io.vecgrad.optim.bcd.";
        register("bcd", "bcd", "P40", "block coordinate descent on f + separable g: any selection rule x update (Lb, LA, Hb, Newton-LS, exact, message passing), proximal L1/box", bcd + "BlockCoordinateDescent#solve");
        register("bcd-rule-cyclic", "bcd", "P40", "selection: cyclic over fixed blocks, or a random permutation consumed tau at a time (variable blocks)", bcd + "BlockRules#fixed");
        register("bcd-rule-random", "bcd", "P40", "selection: a uniform block, or tau uniform coordinates", bcd + "BlockRules#fixed");
        register("bcd-rule-lipschitz", "bcd", "P40", "selection: sample blocks with P(b) ~ L_b, or coordinates ~ L_i without replacement", bcd + "BlockRules#fixed");
        register("bcd-rule-gs", "bcd", "P40", "selection: Gauss-Southwell, largest gradient block (fixed, variable top-tau, or greedy forest)", bcd + "BlockRules#fixed");
        register("bcd-rule-gsl", "bcd", "P40", "selection: Gauss-Southwell-Lipschitz, gradient scaled by the block Lipschitz constant", bcd + "BlockRules#fixed");
        register("bcd-rule-gsd", "bcd", "P40", "selection: GS with a diagonal bound d_i = L_i (or Gershgorin row sums: GSDHB)", bcd + "BlockRules#variable");
        register("bcd-rule-gsq", "bcd", "P40", "selection: Gauss-Southwell-quadratic g_b^T H_b^-1 g_b (fixed), iterative hard thresholding (variable)", bcd + "BlockRules#variable");
        register("bcd-rule-gs-q", "bcd", "P40", "selection: proximal Gauss-Southwell-q for f + separable g (L1, box)", bcd + "BlockRules#variable");
        register("bcd-forest-blocks", "bcd", "P40", "greedy forest blocks (GSTree, GSLTree, RTree) and forest / red-black partitions of a sparse quadratic", bcd + "BlockRules#forest");
        register("bcd-message-passing", "bcd", "P40", "exact solve of a forest block of a sparse quadratic by Gaussian elimination leaves-to-root, linear time", bcd + "ForestSolve#solveBlock");
        register("ista", "proximal", "baseline", "proximal gradient with step 1/L on f + g (any Prox: L1, box, nuclear norm, ...)", bcd + "ProximalGradient#ista");
        register("fista", "proximal", "baseline", "FISTA (Beck-Teboulle accelerated proximal gradient) on f + g", bcd + "ProximalGradient#fista");
        register("sor", "linear", "P51", "successive over-relaxation for SPD systems (dense or CSR), cost = sweeps to relative residual tol", "io.vecgrad.optim.linear.Sor#solve");
        register("ssor", "linear", "P51", "symmetric SOR: forward and backward sweeps", "io.vecgrad.optim.linear.Sor#ssor");
        register("sor-tsallis-inf", "linear", "P51", "omega for a sequence of SOR solves chosen by the Tsallis-INF bandit on iteration counts", "io.vecgrad.optim.linear.TsallisInf#select");
        register("sor-chebcb", "linear", "P51", "contextual omega (diagonal-shift context) by the ChebCB inverse-gap-weighting bandit on Chebyshev features", "io.vecgrad.optim.linear.ChebCb#select");
    }

    private SolverRegistry() {}

    /** Adds an entry; names are unique. */
    static void register(String name, String family, String papers, String doc, String entryPoint) {
        if (ENTRIES.putIfAbsent(name, new Entry(name, family, papers, doc, entryPoint)) != null) {
            throw new IllegalStateException("SolverRegistry: duplicate solver name " + name);
        }
    }

    /** Every solver, in registration order. */
    public static List<Entry> all() {
        return Collections.unmodifiableList(new ArrayList<>(ENTRIES.values()));
    }

    /** The entry {@code name}; IllegalArgumentException listing the names when unknown. */
    public static Entry get(String name) {
        Entry e = ENTRIES.get(name);
        if (e == null) {
            throw new IllegalArgumentException("unknown solver '" + name + "'; known: " + String.join(", ", ENTRIES.keySet()));
        }
        return e;
    }
}
