package io.vecgrad.optim.dfo;

import io.vecgrad.optim.zeroth.ZerothOrderResult;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * cDSM, the direct search method with a covering step (Bouchet, Audet, Bourdin 2024,
 * arXiv:2401.07097), minimizing a black box {@code f} over a box {@code [lo, hi]}. It is P42's
 * certified half: the hybrid ({@link AttackHybrid}) plugs its attack in as the {@link SearchStep}.
 *
 * <p>One iteration, in the order of the authors' code ({@code direct_search_method.py} and
 * {@code hybrid_method.py} of {@code PierreYvesBouchet/Optimization-by-Directional-Attacks}):
 * <ol>
 *   <li><b>Search</b> (optional, the hybrid's attack): trial points from a {@link SearchStep}. A move
 *       whose relative decrease {@code (f(x) − f(t)) / (|f(x)| + 1e-10)} is at least
 *       {@code skipRatio} ends the iteration (the authors' {@code sufficient_increase}, τ = 1e-3);
 *       a smaller decrease is kept and the iteration goes on.</li>
 *   <li><b>Covering</b> (cDSM paper, Section 3): one trial point {@code t ∈ argmax dist∞(t, V)} over
 *       {@code t ∈ B∞(x_k, r_c) ∩ box}, V the set of every point evaluated so far. Success (a strict
 *       decrease) ends the iteration and leaves δ unchanged.</li>
 *   <li><b>Poll</b>: {@code x_k + δ d}, d in a positive spanning set scaled to {@code ‖d‖∞ = 1},
 *       opportunistic (the first strict decrease wins). Success: {@code δ ← min(2δ, δ_max)};
 *       failure: {@code δ ← δ/2} (the authors' rule). It stops when {@code δ < δ_min}, after
 *       {@code maxIterations} or when {@code maxEvaluations} are spent.</li>
 * </ol>
 *
 * <p><b>Covering set [reconstructed].</b> The paper's covering point is an argmax of the distance
 * to the trial-point history over the ball; the authors' experiment code draws one random point in
 * the ball instead ("simplified implementation"). We solve the argmax exactly over nested dyadic
 * lattices: level L is {@code x_k + (r_c/2^L)·j}, {@code j ∈ {−2^L, …, 2^L}ⁿ}, projected on the box;
 * the covering point is the first lattice point at maximal ∞-distance from V at the lowest level
 * that still has a point at positive distance. Hence the <b>covering guarantee</b>: while the
 * incumbent stays at x, after {@code (2^{L+1} + 1)ⁿ} covering steps every point of
 * {@code B∞(x, r_c) ∩ box} lies within ∞-distance {@code r_c / 2^{L+1}} of an evaluated point,
 * so the evaluated points are dense around every refined point (the property the paper's
 * convergence to local solutions rests on). Levels with more than {@code maxCoveringCandidates}
 * points are sampled (seeded), and the guarantee is then only approximate.
 *
 * <p>Poll sets: {@link PollType#COORDINATE} {@code {±e_i}} (the plain DSM baseline) or
 * {@link PollType#HOUSEHOLDER}, the authors' default: the 2n columns {@code ±h_i} of
 * {@code H = I − 2vvᵀ} for a fresh random unit v each iteration, rescaled to unit ∞-norm. Every
 * evaluation goes through a cache (an exact repeat is not paid twice). Deterministic per seed.
 *
 * <pre>{@code
 * double[] lo = {-5, -5}, hi = {5, 5};
 * ZerothOrderResult r = CoveringDirectSearch.minimize(TestFunctions::rastrigin, new double[] {3.2, -2.1}, lo, hi,
 *         CoveringDirectSearch.Options.defaults().withMaxEvaluations(500));
 * }</pre>
 */
public final class CoveringDirectSearch {
    /** The poll's positive spanning set. */
    public enum PollType {
        /** {@code {±e_1, …, ±e_n}}. */
        COORDINATE,
        /** {@code {±h_i}}, the columns of a random Householder reflection (the authors' poll). */
        HOUSEHOLDER
    }

    /**
     * Options.
     *
     * @param initialPollSize δ₀ &gt; 0 (the authors' r₀)
     * @param minPollSize stop when δ falls below it (≥ 0; 0: never)
     * @param maxPollSize cap on δ after successes
     * @param coveringRadius r_c of the covering ball (≤ 0: use δ₀, as the authors' code does)
     * @param covering whether the covering step runs (false: plain DSM)
     * @param poll the poll set
     * @param maxEvaluations evaluation budget (counted once per distinct point)
     * @param maxIterations iteration cap
     * @param maxCoveringCandidates largest lattice level enumerated exactly
     * @param skipRatio relative decrease of a search-step move that skips covering and poll
     * @param seed seed of the random poll bases and lattice samples
     */
    public record Options(double initialPollSize, double minPollSize, double maxPollSize, double coveringRadius, boolean covering, PollType poll,
            int maxEvaluations, int maxIterations, int maxCoveringCandidates, double skipRatio, long seed) {
        public Options {
            if (!(initialPollSize > 0) || !Double.isFinite(initialPollSize)) throw bad("initialPollSize must be finite and > 0, got " + initialPollSize);
            if (!(minPollSize >= 0)) throw bad("minPollSize must be >= 0, got " + minPollSize);
            if (!(maxPollSize >= initialPollSize)) throw bad("maxPollSize (" + maxPollSize + ") must be >= initialPollSize (" + initialPollSize + ")");
            if (maxEvaluations < 1) throw bad("maxEvaluations must be >= 1, got " + maxEvaluations);
            if (maxIterations < 1) throw bad("maxIterations must be >= 1, got " + maxIterations);
            if (maxCoveringCandidates < 1) throw bad("maxCoveringCandidates must be >= 1, got " + maxCoveringCandidates);
            if (!(skipRatio >= 0)) throw bad("skipRatio must be >= 0, got " + skipRatio);
        }

        /** δ₀ = 0.5, δ_min = 1e-6, δ_max = ∞, r_c = δ₀, covering on, Householder poll, 1000 evaluations, 4096 candidates, τ = 1e-3, seed 0. */
        public static Options defaults() {
            return new Options(0.5, 1e-6, Double.POSITIVE_INFINITY, 0, true, PollType.HOUSEHOLDER, 1000, Integer.MAX_VALUE, 4096, 1e-3, 0);
        }

        public Options withPollSizes(double initial, double min, double max) {
            return new Options(initial, min, max, coveringRadius, covering, poll, maxEvaluations, maxIterations, maxCoveringCandidates, skipRatio, seed);
        }

        public Options withCovering(boolean on, double radius) {
            return new Options(initialPollSize, minPollSize, maxPollSize, radius, on, poll, maxEvaluations, maxIterations, maxCoveringCandidates, skipRatio, seed);
        }

        public Options withPoll(PollType v) {
            return new Options(initialPollSize, minPollSize, maxPollSize, coveringRadius, covering, v, maxEvaluations, maxIterations, maxCoveringCandidates, skipRatio, seed);
        }

        public Options withMaxEvaluations(int v) {
            return new Options(initialPollSize, minPollSize, maxPollSize, coveringRadius, covering, poll, v, maxIterations, maxCoveringCandidates, skipRatio, seed);
        }

        public Options withMaxIterations(int v) {
            return new Options(initialPollSize, minPollSize, maxPollSize, coveringRadius, covering, poll, maxEvaluations, v, maxCoveringCandidates, skipRatio, seed);
        }

        public Options withMaxCoveringCandidates(int v) {
            return new Options(initialPollSize, minPollSize, maxPollSize, coveringRadius, covering, poll, maxEvaluations, maxIterations, v, skipRatio, seed);
        }

        public Options withSkipRatio(double v) {
            return new Options(initialPollSize, minPollSize, maxPollSize, coveringRadius, covering, poll, maxEvaluations, maxIterations, maxCoveringCandidates, v, seed);
        }

        public Options withSeed(long v) {
            return new Options(initialPollSize, minPollSize, maxPollSize, coveringRadius, covering, poll, maxEvaluations, maxIterations, maxCoveringCandidates, skipRatio, v);
        }

        /** The covering radius in use: {@code coveringRadius}, or δ₀ when it is ≤ 0. */
        public double effectiveCoveringRadius() {
            return coveringRadius > 0 ? coveringRadius : initialPollSize;
        }

        private static IllegalArgumentException bad(String msg) {
            return new IllegalArgumentException("CoveringDirectSearch.Options: " + msg);
        }
    }

    /** The search step of a DSM iteration: any finite list of trial points, tried in order before covering and poll. */
    public interface SearchStep {
        /** Trial points (may be empty) for the current state; they are projected on the box. */
        List<double[]> trialPoints(CoveringDirectSearch state);

        /**
         * Told the outcome of this iteration's search step.
         *
         * @param success whether a trial point strictly decreased f
         * @param sufficient whether the decrease reached {@code skipRatio}
         */
        default void outcome(boolean success, boolean sufficient) {}
    }

    /** How an iteration ended, for tests and traces. */
    public enum Step { SEARCH, COVERING, POLL, FAILURE, STOPPED }

    private final ToDoubleFunction<double[]> f;
    private final double[] lo, hi;
    private final Options o;
    private final int n;
    private final Rng rng;
    private final List<double[]> points = new ArrayList<>();
    private final List<Double> values = new ArrayList<>();
    private final Map<Key, Double> cache = new HashMap<>();
    private final List<Double> history = new ArrayList<>();
    private double[] x;
    private double fx;
    private double delta;
    private int iterations;
    private String reason;
    private Step last = Step.FAILURE;
    private SearchStep search;

    /** Starts at {@code x0} (projected on the box; it is evaluated first). */
    public CoveringDirectSearch(ToDoubleFunction<double[]> f, double[] x0, double[] lo, double[] hi, Options o) {
        n = x0.length;
        if (n == 0) throw new IllegalArgumentException("CoveringDirectSearch: x0 is empty");
        if (lo.length != n || hi.length != n) {
            throw new IllegalArgumentException("CoveringDirectSearch: x0 has length " + n + " but the box has lengths " + lo.length + " and " + hi.length);
        }
        for (int i = 0; i < n; i++) {
            if (!(lo[i] < hi[i]) || !Double.isFinite(lo[i]) || !Double.isFinite(hi[i])) {
                throw new IllegalArgumentException("CoveringDirectSearch: box side " + i + " is [" + lo[i] + ", " + hi[i] + "], need finite lo < hi");
            }
            if (!Double.isFinite(x0[i])) throw new IllegalArgumentException("CoveringDirectSearch: x0[" + i + "] = " + x0[i] + " is not finite");
        }
        this.f = f;
        this.lo = lo.clone();
        this.hi = hi.clone();
        this.o = o;
        this.rng = new Rng(o.seed()).split("p42/cdsm");
        this.delta = o.initialPollSize();
        this.x = project(x0);
        this.fx = evaluate(x);
    }

    /** Minimizes {@code f} over the box from {@code x0}. */
    public static ZerothOrderResult minimize(ToDoubleFunction<double[]> f, double[] x0, double[] lo, double[] hi, Options o) {
        return new CoveringDirectSearch(f, x0, lo, hi, o).run();
    }

    /** Installs the search step (null: none); returns this. */
    public CoveringDirectSearch searchStep(SearchStep s) {
        this.search = s;
        return this;
    }

    /** Iterates until a stopping rule fires and returns the result. */
    public ZerothOrderResult run() {
        while (!stopped()) iterate();
        return result();
    }

    /** Whether a stopping rule has fired (and sets the reason). */
    public boolean stopped() {
        if (reason != null) return true;
        if (points.size() >= o.maxEvaluations()) reason = "maxEvaluations (" + o.maxEvaluations() + ") reached";
        else if (iterations >= o.maxIterations()) reason = "maxIterations (" + o.maxIterations() + ") reached";
        else if (delta < o.minPollSize()) reason = "poll size " + delta + " < minPollSize " + o.minPollSize();
        return reason != null;
    }

    /** One iteration: search (if installed), covering (if on), poll; returns how it ended. */
    public Step iterate() {
        if (stopped()) return last = Step.STOPPED;
        iterations++;
        last = iterateOnce();
        history.add(fx);
        return last;
    }

    private Step iterateOnce() {
        if (search != null) {
            double before = fx;
            boolean moved = false;
            for (double[] t : search.trialPoints(this)) {
                if (tryMove(t)) {
                    moved = true;
                    break;
                }
            }
            boolean sufficient = moved && (before - fx) / (Math.abs(before) + 1e-10) >= o.skipRatio();
            search.outcome(moved, sufficient);
            if (sufficient) return Step.SEARCH;
        }
        if (o.covering()) {
            double[] t = coveringPoint();
            if (t != null && tryMove(t)) return Step.COVERING;
        }
        for (double[] d : pollDirections()) {
            double[] t = new double[n];
            for (int i = 0; i < n; i++) t[i] = x[i] + delta * d[i];
            if (tryMove(t)) {
                delta = Math.min(o.maxPollSize(), 2 * delta);
                return Step.POLL;
            }
        }
        delta /= 2;
        return Step.FAILURE;
    }

    /** Evaluates {@code t} (projected on the box) and moves there on a strict decrease. */
    public boolean tryMove(double[] t) {
        if (t.length != n) throw new IllegalArgumentException("CoveringDirectSearch.tryMove: trial point has length " + t.length + ", expected " + n);
        double[] p = project(t);
        if (points.size() >= o.maxEvaluations() && !cache.containsKey(new Key(p))) return false;
        double v = evaluate(p);
        if (v < fx) {
            x = p;
            fx = v;
            return true;
        }
        return false;
    }

    private double evaluate(double[] p) {
        Key k = new Key(p);
        Double cached = cache.get(k);
        if (cached != null) return cached;
        double v = f.applyAsDouble(p.clone());
        if (Double.isNaN(v)) v = Double.POSITIVE_INFINITY; // a failed evaluation never wins
        cache.put(k, v);
        points.add(p);
        values.add(v);
        return v;
    }

    /**
     * The covering trial point: the first point at maximal ∞-distance from every evaluated point,
     * over the lowest dyadic lattice level of {@code B∞(x, r_c) ∩ box} that still has a point at
     * positive distance; null when 40 levels are exhausted.
     */
    public double[] coveringPoint() {
        double r = o.effectiveCoveringRadius();
        List<double[]> near = new ArrayList<>();
        for (double[] p : points) if (distInf(p, x) <= 2 * r) near.add(p);
        for (int level = 0; level < 40; level++) {
            long side = (1L << (level + 1)) + 1;
            double h = r / (1L << level);
            double total = Math.pow(side, n);
            boolean exact = total <= o.maxCoveringCandidates();
            int count = exact ? (int) total : o.maxCoveringCandidates();
            Rng sampler = rng.split("covering").split(iterations).split(level);
            double[] best = null;
            double bestDist = 0;
            int[] j = new int[n];
            double[] t = new double[n];
            for (int c = 0; c < count; c++) {
                long code = exact ? c : sampler.nextLong((long) Math.min(total, Long.MAX_VALUE));
                for (int i = 0; i < n; i++) {
                    j[i] = (int) (code % side) - (int) (side / 2);
                    code /= side;
                }
                for (int i = 0; i < n; i++) t[i] = Math.max(lo[i], Math.min(hi[i], x[i] + h * j[i]));
                double d = Double.POSITIVE_INFINITY;
                for (double[] p : near) {
                    d = Math.min(d, distInf(p, t));
                    if (d <= bestDist) break;
                }
                if (d > bestDist) {
                    bestDist = d;
                    best = t.clone();
                }
            }
            if (best != null) return best;
        }
        return null;
    }

    private List<double[]> pollDirections() {
        List<double[]> dirs = new ArrayList<>(2 * n);
        if (o.poll() == PollType.COORDINATE) {
            for (int i = 0; i < n; i++) {
                for (int s = 1; s >= -1; s -= 2) {
                    double[] d = new double[n];
                    d[i] = s;
                    dirs.add(d);
                }
            }
            return dirs;
        }
        Rng r = rng.split("poll").split(iterations);
        double[] v = new double[n];
        double norm = 0;
        while (norm == 0) {
            for (int i = 0; i < n; i++) v[i] = r.nextGaussian();
            norm = Math.sqrt(DirectionalAttack.dot(v, v));
        }
        for (int i = 0; i < n; i++) v[i] /= norm;
        for (int c = 0; c < n; c++) {
            double[] h = new double[n];
            double m = 0;
            for (int i = 0; i < n; i++) {
                h[i] = (i == c ? 1 : 0) - 2 * v[i] * v[c];
                m = Math.max(m, Math.abs(h[i]));
            }
            double[] neg = new double[n];
            for (int i = 0; i < n; i++) {
                h[i] /= m;
                neg[i] = -h[i];
            }
            dirs.add(h);
            dirs.add(neg);
        }
        return dirs;
    }

    private double[] project(double[] t) {
        double[] p = new double[n];
        for (int i = 0; i < n; i++) p[i] = Math.max(lo[i], Math.min(hi[i], t[i]));
        return p;
    }

    static double distInf(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    /** The result so far. */
    public ZerothOrderResult result() {
        double[] h = new double[history.size()];
        for (int i = 0; i < h.length; i++) h[i] = history.get(i);
        return new ZerothOrderResult(x, fx, points.size(), iterations, reason == null ? "running" : reason, h);
    }

    /** The incumbent (a copy). */
    public double[] incumbent() {
        return x.clone();
    }

    /** {@code f} at the incumbent. */
    public double incumbentValue() {
        return fx;
    }

    /** The poll size δ. */
    public double pollSize() {
        return delta;
    }

    /** Iterations done. */
    public int iterations() {
        return iterations;
    }

    /** Distinct points evaluated. */
    public int evaluations() {
        return points.size();
    }

    /** Every evaluated point, in evaluation order (copies). */
    public List<double[]> evaluatedPoints() {
        List<double[]> out = new ArrayList<>(points.size());
        for (double[] p : points) out.add(p.clone());
        return out;
    }

    /** The values of {@link #evaluatedPoints()}. */
    public double[] evaluatedValues() {
        double[] v = new double[values.size()];
        for (int i = 0; i < v.length; i++) v[i] = values.get(i);
        return v;
    }

    /** The box's lower corner (a copy). */
    public double[] lower() {
        return lo.clone();
    }

    /** The box's upper corner (a copy). */
    public double[] upper() {
        return hi.clone();
    }

    /** How the last iteration ended. */
    public Step lastStep() {
        return last;
    }

    /** The options. */
    public Options options() {
        return o;
    }

    private record Key(double[] p) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && Arrays.equals(p, k.p);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(p);
        }
    }
}
