package io.vecgrad.optim.schedule.mi;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Plug-in (histogram) estimators of entropy and mutual information, in nats, for P18's
 * MI-driven learning rate (Vasudevan, Entropy 22(5):560, 2020): the MI between a network's
 * predicted and true labels from their contingency table, and between a layer's discretised
 * activations and the labels. Continuous variables are discretised by binning, which is what
 * the paper does for layer outputs; the plug-in estimate has a positive bias of about
 * {@code (|A|−1)(|B|−1)/(2n)} nats for independent variables (Miller–Madow), so keep the number
 * of cells well below the sample size.
 *
 * <pre>{@code
 * double nmi = MutualInformation.normalized(predicted, labels);    // I(Ŷ;Y)/H(Y) in [0, 1]
 * double i = MutualInformation.binned(x, y, 20);                  // two continuous samples, 20 quantile bins each
 * double layer = MutualInformation.layer(activations, labels, 4); // per-unit equal-width bins, joint symbol per example
 * }</pre>
 */
public final class MutualInformation {
    private MutualInformation() {}

    /** Plug-in entropy H(A) in nats of a sample of symbols. */
    public static double entropy(long[] a) {
        if (a.length == 0) throw new IllegalArgumentException("MutualInformation.entropy: empty sample");
        Map<Long, Integer> counts = new HashMap<>();
        for (long v : a) counts.merge(v, 1, Integer::sum);
        double h = 0, n = a.length;
        for (int c : counts.values()) h -= c / n * Math.log(c / n);
        return h;
    }

    /** Plug-in I(A;B) = H(A) + H(B) − H(A,B) in nats from paired samples of symbols. */
    public static double discrete(long[] a, long[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("MutualInformation.discrete: samples differ in length, " + a.length + " vs " + b.length);
        if (a.length == 0) throw new IllegalArgumentException("MutualInformation.discrete: empty sample");
        Map<Long, Integer> ca = new HashMap<>(), cb = new HashMap<>();
        Map<Pair, Integer> cab = new HashMap<>();
        for (int i = 0; i < a.length; i++) {
            ca.merge(a[i], 1, Integer::sum);
            cb.merge(b[i], 1, Integer::sum);
            cab.merge(new Pair(a[i], b[i]), 1, Integer::sum);
        }
        double n = a.length, mi = 0;
        for (Map.Entry<Pair, Integer> e : cab.entrySet()) {
            double pab = e.getValue() / n;
            double pa = ca.get(e.getKey().a()) / n, pb = cb.get(e.getKey().b()) / n;
            mi += pab * Math.log(pab / (pa * pb));
        }
        return Math.max(0, mi);
    }

    private record Pair(long a, long b) {}

    /** {@code I(Ŷ;Y)/H(Y)}: 1 for perfect predictions, about 0 for predictions independent of the labels; 0 when H(Y) = 0. */
    public static double normalized(long[] predicted, long[] labels) {
        double h = entropy(labels);
        return h == 0 ? 0 : Math.min(1, discrete(predicted, labels) / h);
    }

    /** Equal-frequency bin index (0 … bins−1) of each value; ties are split by position so bins hold ⌊n/bins⌋ or ⌈n/bins⌉ values. */
    public static long[] quantileBins(double[] x, int bins) {
        if (bins < 1) throw new IllegalArgumentException("MutualInformation.quantileBins: bins must be >= 1, got " + bins);
        Integer[] order = new Integer[x.length];
        for (int i = 0; i < x.length; i++) order[i] = i;
        Arrays.sort(order, (i, j) -> x[i] != x[j] ? Double.compare(x[i], x[j]) : Integer.compare(i, j));
        long[] out = new long[x.length];
        for (int r = 0; r < x.length; r++) out[order[r]] = (long) r * bins / x.length;
        return out;
    }

    /** I(X;Y) of two continuous samples, each discretised into {@code bins} equal-frequency bins. */
    public static double binned(double[] x, double[] y, int bins) {
        return discrete(quantileBins(x, bins), quantileBins(y, bins));
    }

    /**
     * Discretised layer activations as one symbol per example: each unit's value is put into one
     * of {@code bins} equal-width bins over the layer's [min, max] (as in Shwartz-Ziv and Tishby's
     * binning of hidden layers), and the vector of bin indices of an example is its symbol.
     *
     * @param activations {@code [examples][units]}
     */
    public static long[] symbols(double[][] activations, int bins) {
        if (bins < 1) throw new IllegalArgumentException("MutualInformation.symbols: bins must be >= 1, got " + bins);
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[] row : activations) for (double v : row) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        double width = hi > lo ? (hi - lo) / bins : 1;
        Map<String, Long> ids = new HashMap<>();
        long[] out = new long[activations.length];
        for (int i = 0; i < activations.length; i++) {
            char[] key = new char[activations[i].length];
            for (int j = 0; j < key.length; j++) key[j] = (char) Math.min(bins - 1, (int) ((activations[i][j] - lo) / width));
            out[i] = ids.computeIfAbsent(new String(key), k -> (long) ids.size());
        }
        return out;
    }

    /** I(T;Y) of a layer's discretised activations T ({@link #symbols}) and the labels. */
    public static double layer(double[][] activations, long[] labels, int bins) {
        return discrete(symbols(activations, bins), labels);
    }
}
