package io.vecgrad.train.diagnostics;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.train.EpochEnd;
import io.vecgrad.train.EpochListener;
import io.vecgrad.train.Model;
import io.vecgrad.train.report.CurvePlots;
import io.vecgrad.train.report.Table;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * P66 (Rosenfeld &amp; Risteski, "Outliers with Opposing Signals Have an Outsized Effect on Neural
 * Network Optimization", ICLR 2024, arXiv:2311.04163): finds paired groups of training
 * examples whose losses swing most and in antiphase while their gradients pull in opposite
 * directions. The paper identifies the groups by the examples with the largest loss changes
 * between iterates; the procedure below is the spec's [reconstructed] protocol:
 *
 * <pre>
 * observe: ℓ_i(θ_t) for a fixed probe set P at each observed step (one batched forward pass)
 * Δ_i(t) = ℓ_i(θ_{t+1}) − ℓ_i(θ_t);   Σ_i Δ_i(t) = |P|·(L_P(θ_{t+1}) − L_P(θ_t))
 * outliers(t) = top-K examples by |Δ_i(t)|, ties broken by index
 * candidates = the 2K examples most often among the outliers (then by Σ_t |Δ_i(t)|, then index)
 * groups A, B = two-means on the candidates' unit per-example gradient directions (cosine),
 *               seeded with the most frequent candidate and the candidate most opposed to it
 * a pair is reported when cos(∇L_A, ∇L_B) &lt; cosine threshold (−0.5), corr(ΔL_A, ΔL_B) &lt; 0 and
 *               the outsized-effect test holds: share of Σ|Δ| carried by A ∪ B ≥ 3·|A ∪ B|/|P|
 * </pre>
 *
 * The third test is ours (the paper's "outsized effect", made a number): in a two-class problem
 * the boundary examples of the two classes always have opposed gradients and antiphase losses,
 * so the first two tests alone flag clean data; what sets opposing signals apart is that a few
 * examples carry a large share of all loss change.
 *
 * with {@code L_A} the mean probe loss over group A and ∇L_A the gradient of that mean at the
 * current parameters. The tracker is an {@link EpochListener} (observing at epoch ends) or is
 * fed by a hand-written loop through {@link #observe} at every step, as the paper measures.
 *
 * <pre>{@code
 * OpposingSignals sig = new OpposingSignals(model, probe.x(), probe.y(), 20, -0.5);
 * for (int t = 0; t < steps; t++) { sig.observe(t); trainOneStep(); }
 * OpposingSignals.Detection d = sig.detect();
 * if (d.opposing()) System.out.println(d.a().labels() + " vs " + d.b().labels() + ", cos " + d.cosine());
 * Map<String, String> section = sig.write(runDir, d);
 * }</pre>
 */
public final class OpposingSignals implements EpochListener {
    /** A group of probe examples: their indices and a histogram label → count. */
    public record Group(int[] indices, Map<Long, Integer> labels) {}

    /**
     * The detected pair and its evidence.
     *
     * @param cosine cos(∇L_A, ∇L_B) of the group-mean gradients
     * @param antiphase corr(ΔL_A, ΔL_B) over the observed steps
     * @param changeShare the share of Σ_t Σ_i |Δ_i(t)| carried by A ∪ B
     * @param probeShare |A ∪ B| / |P|
     * @param opposing whether the pair passes both tests
     */
    public record Detection(Group a, Group b, double cosine, double antiphase, double changeShare, double probeShare, boolean opposing) {}

    private final Model model;
    private final Tensor x;
    private final Tensor y;
    private final int topK;
    private final double cosineThreshold;
    /** The outsized-effect factor: A ∪ B must carry at least this multiple of its probe share of Σ|Δ|. */
    public static final double OUTSIZED = 3;
    private final List<Long> steps = new ArrayList<>();
    private final List<double[]> losses = new ArrayList<>();

    /**
     * @param x probe inputs (leading axis = example), y their labels
     * @param topK K, the outliers kept per step (2K candidates are clustered)
     * @param cosineThreshold the group-gradient cosine below which a pair is opposing (the spec: −0.5)
     */
    public OpposingSignals(Model model, Tensor x, Tensor y, int topK, double cosineThreshold) {
        int n = x.shape()[0];
        if (topK < 1 || 2 * topK > n) throw new IllegalArgumentException("OpposingSignals: needs 1 <= K and 2K <= probe size, got K=" + topK + ", probe " + n);
        if (!(cosineThreshold > -1 && cosineThreshold < 1)) throw new IllegalArgumentException("OpposingSignals: cosine threshold must be in (-1, 1), got " + cosineThreshold);
        this.model = model;
        this.x = x;
        this.y = y;
        this.topK = topK;
        this.cosineThreshold = cosineThreshold;
    }

    @Override
    public void onEpochEnd(EpochEnd end) {
        observe(end.step());
    }

    /** Records the probe's per-example losses at the model's current parameters. */
    public void observe(long step) {
        steps.add(step);
        losses.add(PerExample.losses(model, x, y));
    }

    /** The number of observations so far. */
    public int observations() {
        return losses.size();
    }

    /** {@code Δ_i(t) = ℓ_i(θ_{t+1}) − ℓ_i(θ_t)} between observations t and t + 1. */
    public double[] lossChanges(int t) {
        if (t < 0 || t + 1 >= losses.size()) throw new IllegalArgumentException("OpposingSignals.lossChanges: interval " + t + " needs observations " + t + " and " + (t + 1) + ", have " + losses.size());
        double[] a = losses.get(t), b = losses.get(t + 1);
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) d[i] = b[i] - a[i];
        return d;
    }

    /** The K examples with the largest |Δ_i(t)|, largest first, ties broken by the smaller index. */
    public int[] outliers(int t) {
        double[] d = lossChanges(t);
        return IntStream.range(0, d.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -Math.abs(d[i])).thenComparingInt(i -> i))
                .limit(topK).mapToInt(Integer::intValue).toArray();
    }

    /** The mean probe loss over {@code group} at each observation. */
    public double[] groupLoss(int[] group) {
        double[] out = new double[losses.size()];
        for (int t = 0; t < out.length; t++) {
            double s = 0;
            for (int i : group) s += losses.get(t)[i];
            out[t] = s / group.length;
        }
        return out;
    }

    /** Clusters the frequent outliers into two groups and tests them (needs at least 3 observations). */
    public Detection detect() {
        int n = x.shape()[0];
        if (losses.size() < 3) throw new IllegalStateException("OpposingSignals.detect: needs at least 3 observations, have " + losses.size());
        int[] count = new int[n];
        double[] total = new double[n];
        double all = 0;
        for (int t = 0; t + 1 < losses.size(); t++) {
            for (int i : outliers(t)) count[i]++;
            double[] d = lossChanges(t);
            for (int i = 0; i < n; i++) {
                total[i] += Math.abs(d[i]);
                all += Math.abs(d[i]);
            }
        }
        int[] cand = IntStream.range(0, n).boxed()
                .sorted(Comparator.<Integer>comparingInt(i -> -count[i]).thenComparingDouble(i -> -total[i]).thenComparingInt(i -> i))
                .limit(2L * topK).mapToInt(Integer::intValue).toArray();
        double[][] dir = new double[cand.length][];
        for (int c = 0; c < cand.length; c++) dir[c] = unit(PerExample.meanGradient(model, x.slice(0, cand[c], cand[c] + 1), y.slice(0, cand[c], cand[c] + 1)));
        boolean[] inB = twoMeans(dir);
        int[] a = pick(cand, inB, false), b = pick(cand, inB, true);
        if (a.length == 0 || b.length == 0) {
            Group g = group(cand);
            return new Detection(g, new Group(new int[0], Map.of()), Double.NaN, Double.NaN, share(cand, total, all), (double) cand.length / n, false);
        }
        double cos = cosine(PerExample.meanGradient(model, rows(x, a), rows(y, a)), PerExample.meanGradient(model, rows(x, b), rows(y, b)));
        double corr = correlation(differences(groupLoss(a)), differences(groupLoss(b)));
        return new Detection(group(a), group(b), cos, corr, share(cand, total, all), (double) cand.length / n, cos < cosineThreshold && corr < 0
                && share(cand, total, all) >= OUTSIZED * cand.length / n);
    }

    /**
     * Writes {@code opposing-signals.csv} (per observation: step, probe loss, L_A, L_B, rest) and
     * {@code opposing-signals-losses.png} (the paper's antiphase plot) into {@code dir}; returns
     * the report section.
     */
    public Map<String, String> write(Path dir, Detection d) throws IOException {
        double[] la = d.a().indices().length > 0 ? groupLoss(d.a().indices()) : new double[losses.size()];
        double[] lb = d.b().indices().length > 0 ? groupLoss(d.b().indices()) : new double[losses.size()];
        boolean[] inPair = new boolean[x.shape()[0]];
        for (int i : d.a().indices()) inPair[i] = true;
        for (int i : d.b().indices()) inPair[i] = true;
        int[] rest = IntStream.range(0, inPair.length).filter(i -> !inPair[i]).toArray();
        double[] lr = rest.length > 0 ? groupLoss(rest) : new double[losses.size()];
        double[] lp = groupLoss(IntStream.range(0, inPair.length).toArray());
        double[] st = steps.stream().mapToDouble(Long::doubleValue).toArray();
        List<double[]> rows = new ArrayList<>();
        for (int t = 0; t < st.length; t++) rows.add(new double[] {st[t], lp[t], la[t], lb[t], lr[t]});
        DiagnosticFiles.writeCsv(dir.resolve("opposing-signals.csv"), "step,probe_loss,group_a_loss,group_b_loss,rest_loss", rows);
        CurvePlots.write(dir.resolve("opposing-signals-losses.png"), "opposing-signal groups: mean loss (P66)", "step", "loss", List.of(
                new CurvePlots.Curve("group A " + d.a().labels(), st, la), new CurvePlots.Curve("group B " + d.b().labels(), st, lb),
                new CurvePlots.Curve("rest of probe", st, lr), new CurvePlots.Curve("probe", st, lp)), false, false);
        Table t = new Table("group", "size", "labels", "first indices");
        t.row("A", Integer.toString(d.a().indices().length), d.a().labels().toString(), head(d.a().indices()));
        t.row("B", Integer.toString(d.b().indices().length), d.b().labels().toString(), head(d.b().indices()));
        String html = "<p>Probe of " + x.shape()[0] + " examples, " + losses.size() + " observations, top-" + topK + " loss changes per step. "
                + "Group-gradient cosine " + GradientNoiseMonitor.f(d.cosine()) + ", antiphase correlation of the group-loss changes "
                + GradientNoiseMonitor.f(d.antiphase()) + ", share of |Δℓ| " + GradientNoiseMonitor.f(d.changeShare()) + ": "
                + (d.opposing() ? "<b>opposing pair</b>" : "no opposing pair") + ".</p>\n" + t.toHtml()
                + GradientNoiseMonitor.img("opposing-signals-losses.png") + "<p>Data: <a href=\"opposing-signals.csv\">opposing-signals.csv</a></p>";
        return Map.of("Opposing signals (P66)", html);
    }

    private static String head(int[] idx) {
        return Arrays.toString(Arrays.copyOf(idx, Math.min(idx.length, 12))) + (idx.length > 12 ? " ..." : "");
    }

    private Group group(int[] idx) {
        long[] lab = y.to(DType.INT64).toLongArray();
        Map<Long, Integer> h = new TreeMap<>();
        for (int i : idx) h.merge(lab[i], 1, Integer::sum);
        int[] sorted = idx.clone();
        Arrays.sort(sorted);
        return new Group(sorted, h);
    }

    private static double share(int[] cand, double[] total, double all) {
        double s = 0;
        for (int i : cand) s += total[i];
        return all == 0 ? 0 : s / all;
    }

    /** Two-means on unit vectors by cosine, seeded with row 0 and the row most opposed to it; deterministic. */
    static boolean[] twoMeans(double[][] dir) {
        int m = dir.length;
        int far = 0;
        for (int i = 1; i < m; i++) if (NoiseCovariance.dot(dir[i], dir[0]) < NoiseCovariance.dot(dir[far], dir[0])) far = i;
        double[] ca = dir[0].clone(), cb = dir[far].clone();
        boolean[] inB = new boolean[m];
        for (int iter = 0; iter < 50; iter++) {
            boolean changed = false;
            for (int i = 0; i < m; i++) {
                boolean b = NoiseCovariance.dot(dir[i], cb) > NoiseCovariance.dot(dir[i], ca);
                changed |= b != inB[i];
                inB[i] = b;
            }
            if (!changed && iter > 0) break;
            ca = centroid(dir, inB, false);
            cb = centroid(dir, inB, true);
        }
        return inB;
    }

    private static double[] centroid(double[][] dir, boolean[] inB, boolean side) {
        double[] c = new double[dir[0].length];
        for (int i = 0; i < dir.length; i++) {
            if (inB[i] != side) continue;
            for (int j = 0; j < c.length; j++) c[j] += dir[i][j];
        }
        return c;
    }

    private static int[] pick(int[] cand, boolean[] inB, boolean side) {
        return IntStream.range(0, cand.length).filter(i -> inB[i] == side).map(i -> cand[i]).toArray();
    }

    private static Tensor rows(Tensor t, int[] idx) {
        long[] l = new long[idx.length];
        for (int i = 0; i < idx.length; i++) l[i] = idx[i];
        return t.indexSelect(0, Tensor.wrap(l, l.length)).contiguous();
    }

    private static double[] unit(double[] v) {
        double n = Math.sqrt(NoiseCovariance.dot(v, v));
        double[] u = v.clone();
        if (n > 0) for (int i = 0; i < u.length; i++) u[i] /= n;
        return u;
    }

    static double cosine(double[] a, double[] b) {
        double na = Math.sqrt(NoiseCovariance.dot(a, a)), nb = Math.sqrt(NoiseCovariance.dot(b, b));
        return na == 0 || nb == 0 ? 0 : NoiseCovariance.dot(a, b) / (na * nb);
    }

    static double[] differences(double[] v) {
        double[] d = new double[v.length - 1];
        for (int i = 0; i < d.length; i++) d[i] = v[i + 1] - v[i];
        return d;
    }

    /** Pearson correlation; 0 when either side is constant. */
    static double correlation(double[] a, double[] b) {
        double ma = Arrays.stream(a).average().orElse(0), mb = Arrays.stream(b).average().orElse(0);
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa == 0 || sbb == 0 ? 0 : sab / Math.sqrt(saa * sbb);
    }
}
