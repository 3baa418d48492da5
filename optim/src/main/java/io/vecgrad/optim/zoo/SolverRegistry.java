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
        String matrix = "io.vecgrad.optim.solvers.matrix.";
        register("sensing-gd-symmetric", "matrix", "P54", "GD on X for symmetric matrix sensing ½‖A(XXᵀ) − y‖², exact (k = r) or over-parameterized (k > r)", matrix + "FactorGd#symmetric");
        register("sensing-gd-asymmetric", "matrix", "P54", "GD on (F, G) for asymmetric matrix sensing ½‖A(FGᵀ) − y‖², optionally with the one-step fix", matrix + "FactorGd#asymmetric");
        register("sensing-one-step-fix", "matrix", "P54", "P54's one product-preserving rebalancing (F P, G P⁻ᵀ) that removes the α-dependent rate (reconstructed form)", matrix + "OneStepFix#transform");
        register("factored-gd", "matrix", "baseline", "simultaneous GD on both factors of any factored objective (matrix factorization, sensing)", matrix + "FactorGd#factored");
        register("perturbed-gd-mf", "matrix", "P27", "perturbed GD: gradient at (X+E, Y+D), selects the balanced, flattest, lowest-norm factorization", matrix + "PerturbedGd#run");
        register("altmin", "matrix", "baseline", "alternating minimization for matrix completion (Jain-Netrapalli-Sanghavi), exact per-column least squares", matrix + "AltMin#run");
        register("altmin-robust", "matrix", "P34", "robust AltMin: sketch-and-precondition (CountSketch + PCG) least-squares steps", matrix + "LeastSquaresSolver#sketched");
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
