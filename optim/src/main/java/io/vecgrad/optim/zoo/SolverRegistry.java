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
        register("notears-linear", "dag", "baseline", "linear NOTEARS: augmented Lagrangian on tr(e^(W∘W)) − d, W+/W− split on a projected nonnegative L-BFGS",
                "io.vecgrad.optim.solvers.dag.Notears#fit");
        register("topo", "dag", "P39", "TOPO: local search over topological orders by swaps, least-squares refit per order", "io.vecgrad.optim.solvers.dag.Topo#fit");
        register("colide", "dag", "P61", "CoLiDE EV/NV: concomitant noise scale with DAGMA log-det acyclicity, Adam on the central path",
                "io.vecgrad.optim.solvers.dag.Colide#fit");
        register("convex-relu-admm", "convex-nn", "P35", "convex two-layer ReLU program over sampled activation patterns by ADMM (Cholesky once)",
                "io.vecgrad.optim.solvers.relu.ConvexReluAdmm#solve");
        register("two-layer-relu-sgd", "convex-nn", "baseline", "non-convex minibatch SGD on the same regularized two-layer ReLU objective",
                "io.vecgrad.optim.solvers.relu.TwoLayerRelu#trainSgd");
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
