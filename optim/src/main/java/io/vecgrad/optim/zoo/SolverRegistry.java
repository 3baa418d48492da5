package io.vecgrad.optim.zoo;

import java.util.List;

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
    private static final Catalog ENTRIES = new Catalog("SolverRegistry", "solver");

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
        String minmax = "io.vecgrad.optim.minmax.";
        register("gda", "minmax", "baseline", "simultaneous gradient descent-ascent on a monotone VI (diverges on bilinear games)", minmax + "GradientDescentAscent");
        register("extragradient", "minmax", "baseline", "extragradient (Korpelevich) for monotone VIs / saddle points, distributed bit accounting", minmax + "Extragradient");
        register("optimistic-gradient", "minmax", "baseline", "optimistic gradient / Popov past extragradient, one operator call per iteration", minmax + "OptimisticGradient");
        register("masha1", "minmax", "P67", "MASHA1: distributed extragradient with unbiased (Rand-k) compression and a loopless VR anchor", minmax + "Masha#masha1");
        register("masha2", "minmax", "P67", "MASHA2: distributed extragradient with contractive (Top-k) compression and error feedback", minmax + "Masha#masha2");
        String online = "io.vecgrad.optim.online.";
        register("online-gradient-descent", "online", "baseline", "projected online gradient descent (zero-hint OMD) with regret tracking", online + "OnlineGradientDescent#of");
        register("hedge", "online", "baseline", "Hedge / entropic OMD on the simplex", online + "OnlineGradientDescent#hedge");
        register("optimistic-omd", "online", "P44", "optimistic online mirror descent, Euclidean, last-gradient hint, adaptive step D/sqrt(sum |g-M|^2)", online + "OptimisticOmd#euclidean");
        register("optimistic-omd-entropic", "online", "P44", "optimistic OMD on the simplex (optimistic Hedge), multiplicative steps", online + "OptimisticOmd#entropic");
        register("sso", "surrogate", "P58", "target-based surrogate: one grad of h(z) per outer step, m inner steps (any optimizer or Armijo) on the target-space surrogate",
                "io.vecgrad.optim.surrogate.Sso");
        register("mfac-static-ihvp", "second-order", "P48", "M-FAC static inverse empirical-Fisher products (blocked Woodbury precomputation, O(dm) query, diagonal)",
                "io.vecgrad.optim.mfac.StaticIhvp#of");
        register("mfac-dynamic-ihvp", "second-order", "P48", "M-FAC sliding-window inverse empirical-Fisher products (O(dm + m²) query, O(dm + m³) replace)",
                "io.vecgrad.optim.mfac.DynamicIhvp");
        register("mfac-woodfisher-pruning", "second-order", "P48", "WoodFisher/OBS one-shot pruning saliency w²/(2[F⁻¹]_kk) and compensating update from the static M-FAC inverse",
                "io.vecgrad.optim.mfac.WoodFisherPruning#prune");
        register("adasketch-newton", "constrained", "P36", "AdaSketch-Newton: SQP on c(x) = 0 with Gaussian/Kaczmarz sketched KKT solves, adaptive accuracy and penalties, exact augmented Lagrangian Armijo search",
                "io.vecgrad.optim.constrained.AdaSketchNewton#solve");
        register("sqp-exact", "constrained", "P36 baseline", "SQP with exact (LU) KKT solves and the same augmented Lagrangian merit, penalties and Armijo search",
                "io.vecgrad.optim.constrained.AdaSketchNewton#sqp");
        String newton = "io.vecgrad.optim.newton.";
        register("newton-cg", "second-order", "baseline", "line-search Newton-CG on Hessian-vector products (SciPy's Newton-CG)", newton + "NewtonCg#minimize");
        register("trust-ncg", "second-order", "baseline", "trust-region Newton-CG, Steihaug-Toint subproblem (SciPy's trust-ncg)", newton + "TrustRegionNcg#minimize");
        register("bfgs", "quasi-newton", "baseline", "dense BFGS with strong-Wolfe search (SciPy's BFGS)", newton + "Bfgs#minimize");
        register("l-bfgs-b", "quasi-newton", "baseline", "L-BFGS with box bounds, projected active-set search, SciPy's pgtol/factr stops", newton + "LbfgsB#minimize");
        register("levenberg-marquardt", "least-squares", "baseline", "Levenberg-Marquardt with Marquardt scaling and Nielsen damping (SciPy's least_squares 'lm')", newton + "LevenbergMarquardt#minimize");
        register("gauss-newton", "least-squares", "baseline", "undamped Gauss-Newton; reports a singular JᵀJ", newton + "LevenbergMarquardt#gaussNewton");
        register("hessian-free", "second-order", "baseline", "Hessian-free training of nn modules: GGN + CG, Martens' Levenberg-Marquardt damping", newton + "HessianFree#step");
        register("hessian-spectrum", "diagnostics", "P62", "SLQ Hessian spectral density, extreme eigenvalues, learning rates from the spectrum and batch size", newton + "HessianSpectrum#estimate");
        register("hypergrad-aid-neumann-stochastic", "bilevel", "baseline", "AID hypergradient, Neumann adjoint with mini-batch HVPs (StocBiO; optional random truncation)", bilevel + "StochasticNeumann");
        register("hypergrad-soba", "bilevel", "baseline", "single-loop SOBA tracking of the adjoint, one HVP step per call", bilevel + "SobaTracking");
        register("hypergrad-itd-forward", "bilevel", "baseline", "ITD hypergradient in forward mode: K·dim(x) JVPs, no stored iterates", bilevel + "Hypergradients#itdForward");
        register("bilevel-loop", "bilevel", "baseline", "outer optim optimizer on hypergradients, warm-started periodic inner solves, per-step listener", bilevel + "BilevelSolver#builder");
        register("bilevel-inner-lbfgs", "bilevel", "baseline", "L-BFGS inner solver to a gradient tolerance, for implicit differentiation", bilevel + "InnerSolvers#lbfgs");
        register("bo-rep", "bilevel", "P64", "BO-REP: normalized-momentum upper step, SOBA adjoint tracking, periodic lower updates, initialization refinement", bilevel + "BoRep");
        register("lv-hba", "bilevel", "P59", "LV-HBA: Hessian-free single loop on the proximal Lagrangian value function (coupled lower-level constraints)", bilevel + "LvHba");
        register("bsvrb-v1", "bilevel", "P43", "BSVRB v1: multi-block bilevel, MSVR-tracked dense Hessians (projected onto H >= mu I), STORM outer step", bilevel + "Bsvrb");
        register("bsvrb-v2", "bilevel", "P43", "BSVRB v2: multi-block bilevel, MSVR-tracked HVP residuals and adjoint vectors, STORM outer step", bilevel + "Bsvrb");
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
        String matrix = "io.vecgrad.optim.solvers.matrix.";
        register("sensing-gd-symmetric", "matrix", "P54", "GD on X for symmetric matrix sensing ½‖A(XXᵀ) − y‖², exact (k = r) or over-parameterized (k > r)", matrix + "FactorGd#symmetric");
        register("sensing-gd-asymmetric", "matrix", "P54", "GD on (F, G) for asymmetric matrix sensing ½‖A(FGᵀ) − y‖², optionally with the one-step fix", matrix + "FactorGd#asymmetric");
        register("sensing-one-step-fix", "matrix", "P54", "P54's one product-preserving rebalancing (F P, G P⁻ᵀ) that removes the α-dependent rate (reconstructed form)", matrix + "OneStepFix#transform");
        register("factored-gd", "matrix", "baseline", "simultaneous GD on both factors of any factored objective (matrix factorization, sensing)", matrix + "FactorGd#factored");
        register("perturbed-gd-mf", "matrix", "P27", "perturbed GD: gradient at (X+E, Y+D), selects the balanced, flattest, lowest-norm factorization", matrix + "PerturbedGd#run");
        register("altmin", "matrix", "baseline", "alternating minimization for matrix completion (Jain-Netrapalli-Sanghavi), exact per-column least squares", matrix + "AltMin#run");
        register("altmin-robust", "matrix", "P34", "robust AltMin: sketch-and-precondition (CountSketch + PCG) least-squares steps", matrix + "LeastSquaresSolver#sketched");
        register("sor-chebcb", "linear", "P51", "contextual omega (diagonal-shift context) by the ChebCB inverse-gap-weighting bandit on Chebyshev features", "io.vecgrad.optim.linear.ChebCb#select");
        register("notears-linear", "dag", "baseline", "linear NOTEARS: augmented Lagrangian on tr(e^(W∘W)) − d, W+/W− split on a projected nonnegative L-BFGS",
                "io.vecgrad.optim.solvers.dag.Notears#fit");
        register("topo", "dag", "P39", "TOPO: local search over topological orders by swaps, least-squares refit per order", "io.vecgrad.optim.solvers.dag.Topo#fit");
        register("colide", "dag", "P61", "CoLiDE EV/NV: concomitant noise scale with DAGMA log-det acyclicity, Adam on the central path",
                "io.vecgrad.optim.solvers.dag.Colide#fit");
        register("convex-relu-admm", "convex-nn", "P35", "convex two-layer ReLU program over sampled activation patterns by ADMM (Cholesky once)",
                "io.vecgrad.optim.solvers.relu.ConvexReluAdmm#solve");
        register("two-layer-relu-sgd", "convex-nn", "baseline", "non-convex minibatch SGD on the same regularized two-layer ReLU objective",
                "io.vecgrad.optim.solvers.relu.TwoLayerRelu#trainSgd");
        register("spsa-shared-seed", "zeroth-order", "P63", "SPSA with directions regenerated from a shared seed: workers exchange one scalar (8 bytes, or 1 quantized) per sample",
                "io.vecgrad.optim.zeroth.SharedSeedSpsa#run");
        register("spsa-replica", "zeroth-order", "P63", "one worker's SPSA replica: measure (two forwards, one scalar out) and apply (regenerate, step); the full-exchange baseline too",
                "io.vecgrad.optim.zeroth.SpsaReplica");
        String zeroth = "io.vecgrad.optim.zeroth.";
        register("hill-climbing", "zeroth-order", "P03", "stochastic hill climbing over model weights: Gaussian step on all weights, accept when not worse", zeroth + "HillClimbing#climb");
        register("random-search", "zeroth-order", "P03", "random search over model weights: fresh uniform draws, keep the best", zeroth + "HillClimbing#randomSearch");
        register("cbo", "zeroth-order", "P53", "consensus-based optimization (CBXpy update and defaults): isotropic/anisotropic noise, particle batches, alpha schedule", zeroth + "Cbo#minimize");
        register("nelder-mead", "zeroth-order", "baseline", "Nelder-Mead simplex, SciPy's rules, defaults and stopping tests (optionally adaptive)", zeroth + "NelderMead#minimize");
        register("cma-es", "zeroth-order", "baseline", "CMA-ES as Hansen's purecma: rank-one + rank-mu covariance, CSA step size, purecma's stops", zeroth + "CmaEs#minimize");
        register("sbl", "sparse-bayesian", "P55", "classic sparse Bayesian learning by EM (Tipping/Wipf): gamma = diag(Sigma) + mu^2, the KroSBL baseline",
                "io.vecgrad.optim.sbl.SparseBayesianLearning#fit");
        register("kronecker-sbl-am", "sparse-bayesian", "P55", "AM-KroSBL: EM with gamma = gamma_1 (x) ... (x) gamma_I, the M-step by alternating exact factor minimizers",
                "io.vecgrad.optim.sbl.KroneckerMStep#alternating");
        register("kronecker-sbl-svd", "sparse-bayesian", "P55", "SVD-KroSBL: EM whose M-step takes the factors of rank-1 approximations of diag(Sigma) + mu^2",
                "io.vecgrad.optim.sbl.KroneckerMStep#svd");
        String dfo = "io.vecgrad.optim.dfo.";
        register("directional-attack", "dfo", "P42", "FGSM/PGD attack of a network along an output direction u in an inf-ball: d = r sign(J^T u), J^T u by autodiff",
                dfo + "DirectionalAttack#attack");
        register("cdsm", "dfo", "P42", "covering direct search: poll (halve on failure, double on success) + covering step at the farthest dyadic-lattice point",
                dfo + "CoveringDirectSearch#minimize");
        register("dsm-coordinate", "dfo", "baseline", "plain direct search with the coordinate poll {+-e_i} (cdsm with covering off, PollType.COORDINATE)",
                dfo + "CoveringDirectSearch#minimize");
        register("attack-cdsm-composite", "dfo", "P42", "min f(Phi(x)) for a given network Phi: attack along -grad f(Phi(x)), then cDSM covering and poll",
                dfo + "AttackHybrid#minimizeComposite");
        register("attack-cdsm-surrogate", "dfo", "P42", "black-box f: attack a neural surrogate refitted on the evaluated points, then cDSM covering and poll",
                dfo + "AttackHybrid#minimizeWithSurrogate");
        register("robust-active-policy", "active-learning", "P45", "learning to actively learn: a query policy trained by REINFORCE against an adversary over lower-bound problem classes (min-max over classes and instances)",
                "io.vecgrad.optim.active.RobustPolicyTraining#train");
    }

    private SolverRegistry() {}

    /** Adds an entry; names are unique. */
    static void register(String name, String family, String papers, String doc, String entryPoint) {
        ENTRIES.add(name, family, papers, doc, entryPoint);
    }

    /** Every solver, in registration order. */
    public static List<Entry> all() {
        return ENTRIES.all();
    }

    /** The entry {@code name}; IllegalArgumentException listing the names when unknown. */
    public static Entry get(String name) {
        return ENTRIES.get(name);
    }
}
