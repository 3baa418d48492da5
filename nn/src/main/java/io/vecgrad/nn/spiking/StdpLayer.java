package io.vecgrad.nn.spiking;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.Arrays;

/**
 * An unsupervised feature layer of instantaneous (non-leaky integrate-and-fire) neurons trained
 * by spike-timing-dependent plasticity (P23, Vaila et al.). It is not a gradient layer: it learns
 * with {@link #train(double[])} one example at a time and then maps inputs to binary spike
 * features with {@link #features(Tensor)}, which a gradient-trained classifier reads.
 *
 * <p>Rules, as in the paper's SpykeFlow code ({@code spykeflow/network.py}, after Kheradpisheh
 * et al. 2018):
 * <ul>
 *   <li>Encoding: an input of intensity {@code x ∈ (0, 1]} spikes once, at time
 *       {@code round((1 − x)(T − 1))} (brighter is earlier); {@code x ≤ 0} never spikes.
 *   <li>Neurons: {@code V_j(t) = Σ_i w_ij [t_i ≤ t]}, no leak; neuron j fires the first time
 *       {@code V_j ≥ θ}, at most once per example ("instantaneous": a spike reaches the potential
 *       in the same time step).
 *   <li>Competition: at the first time step where any neuron fires, the one with the largest
 *       potential wins (lowest index on ties) and only it learns (winner-take-all).
 *   <li>STDP: {@code Δw_ij = a⁺ w_ij (1 − w_ij)} if input i spiked at or before the winner's
 *       spike, {@code −a⁻ w_ij (1 − w_ij)} otherwise, with {@code a⁻ = 0.75 a⁺} by default
 *       (SpykeFlow: {@code A_minus = 0.75 * A_plus}). The multiplicative form keeps w in (0, 1).
 * </ul>
 * [reconstructed] SpykeFlow is convolutional with pooling and a lateral-inhibition region; this
 * layer is the fully connected special case (one map per neuron), and it leaves out SpykeFlow's
 * learning-rate doubling schedule and "few spikes" homeostasis.
 *
 * <pre>{@code
 * StdpLayer stdp = new StdpLayer(64, 100, StdpLayer.Config.defaults(), new Rng(7));
 * for (double[] image : images) stdp.train(image);
 * Tensor features = stdp.features(x, 20);   // [N, 100] of 0/1: the 20 first to fire
 * }</pre>
 */
public final class StdpLayer {
    /** Spike time of an input or neuron that never spikes. */
    public static final int NEVER = Integer.MAX_VALUE;

    /**
     * @param timeSteps number of time steps T of the latency code
     * @param threshold firing threshold θ on the potential
     * @param aPlus potentiation rate a⁺
     * @param aMinus depression rate a⁻
     * @param initMean mean of the initial weights (Kheradpisheh et al.: 0.8)
     * @param initStd standard deviation of the initial weights (0.05)
     */
    public record Config(int timeSteps, double threshold, double aPlus, double aMinus, double initMean, double initStd) {
        public Config {
            if (timeSteps < 1) throw new IllegalArgumentException("StdpLayer.Config: timeSteps must be >= 1, got " + timeSteps);
            if (!(threshold > 0)) throw new IllegalArgumentException("StdpLayer.Config: threshold must be positive, got " + threshold);
            if (!(aPlus >= 0) || !(aMinus >= 0)) {
                throw new IllegalArgumentException("StdpLayer.Config: rates must be >= 0, got aPlus=" + aPlus + ", aMinus=" + aMinus);
            }
            if (!(initMean > 0 && initMean < 1) || !(initStd >= 0)) {
                throw new IllegalArgumentException("StdpLayer.Config: initial weights need mean in (0, 1) and std >= 0, got "
                        + initMean + ", " + initStd);
            }
        }

        /** T = 16, θ = 8, a⁺ = 0.004, a⁻ = 0.75 a⁺, weights N(0.8, 0.05). */
        public static Config defaults() {
            return new Config(16, 8, 0.004, 0.003, 0.8, 0.05);
        }

        public Config withThreshold(double t) {
            return new Config(timeSteps, t, aPlus, aMinus, initMean, initStd);
        }
    }

    private final int inputs;
    private final int neurons;
    private final Config config;
    private final double[][] w;
    private final long[] wins;

    public StdpLayer(int inputs, int neurons, Config config, Rng rng) {
        if (inputs < 1 || neurons < 1) {
            throw new IllegalArgumentException("StdpLayer: need inputs >= 1 and neurons >= 1, got " + inputs + ", " + neurons);
        }
        this.inputs = inputs;
        this.neurons = neurons;
        this.config = config;
        this.w = new double[neurons][inputs];
        this.wins = new long[neurons];
        Rng r = rng.split("stdp-init");
        for (double[] row : w) {
            for (int i = 0; i < inputs; i++) {
                row[i] = Math.min(0.999, Math.max(0.001, config.initMean() + config.initStd() * r.nextGaussian()));
            }
        }
    }

    public int inputs() { return inputs; }

    public int neurons() { return neurons; }

    /** A copy of the weights, {@code [neurons][inputs]}. */
    public double[][] weights() {
        double[][] c = new double[neurons][];
        for (int j = 0; j < neurons; j++) c[j] = w[j].clone();
        return c;
    }

    /** How many training examples each neuron has won. */
    public long[] wins() {
        return wins.clone();
    }

    /** Latency code of one example: spike time per input, {@link #NEVER} for {@code x ≤ 0}. */
    public static int[] latencies(double[] x, int timeSteps) {
        int[] t = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            double v = Math.min(1, x[i]);
            t[i] = v > 0 ? (int) Math.round((1 - v) * (timeSteps - 1)) : NEVER;
        }
        return t;
    }

    /**
     * The STDP update of one post-synaptic neuron's weights, in place: inputs that spiked at or
     * before {@code postTime} are potentiated by {@code aPlus w(1−w)}, the others depressed by
     * {@code aMinus w(1−w)}.
     */
    public static void stdpUpdate(double[] weights, int[] preTimes, int postTime, double aPlus, double aMinus) {
        if (weights.length != preTimes.length) {
            throw new IllegalArgumentException("StdpLayer.stdpUpdate: " + weights.length + " weights but " + preTimes.length + " spike times");
        }
        for (int i = 0; i < weights.length; i++) {
            double s = weights[i] * (1 - weights[i]);
            weights[i] += preTimes[i] <= postTime ? aPlus * s : -aMinus * s;
        }
    }

    /** First spike time of every neuron for one example ({@link #NEVER} if it stays silent). */
    public int[] spikeTimes(double[] x) {
        check(x);
        int[] pre = latencies(x, config.timeSteps());
        int[] post = new int[neurons];
        for (int j = 0; j < neurons; j++) {
            post[j] = NEVER;
            double v = 0;
            for (int t = 0; t < config.timeSteps() && post[j] == NEVER; t++) {
                for (int i = 0; i < inputs; i++) if (pre[i] == t) v += w[j][i];
                if (v >= config.threshold()) post[j] = t;
            }
        }
        return post;
    }

    /**
     * One unsupervised step on one example: the first neuron to fire (largest potential among
     * those firing first) learns by STDP. Returns the winner, or −1 when no neuron fired.
     */
    public int train(double[] x) {
        check(x);
        int[] pre = latencies(x, config.timeSteps());
        double[] v = new double[neurons];
        for (int t = 0; t < config.timeSteps(); t++) {
            int winner = -1;
            for (int j = 0; j < neurons; j++) {
                for (int i = 0; i < inputs; i++) if (pre[i] == t) v[j] += w[j][i];
                if (v[j] >= config.threshold() && (winner < 0 || v[j] > v[winner])) winner = j;
            }
            if (winner >= 0) {
                stdpUpdate(w[winner], pre, t, config.aPlus(), config.aMinus());
                wins[winner]++;
                return winner;
            }
        }
        return -1;
    }

    /**
     * The k first neurons to fire on one example (lateral inhibition at read-out): indices ordered
     * by spike time, then by larger potential at that time, then by index; silent neurons never
     * count, so fewer than k may come back.
     */
    public int[] firstToFire(double[] x, int k) {
        check(x);
        if (k < 1) throw new IllegalArgumentException("StdpLayer.firstToFire: k must be >= 1, got " + k);
        int[] pre = latencies(x, config.timeSteps());
        double[] v = new double[neurons];
        int[] out = new int[Math.min(k, neurons)];
        boolean[] fired = new boolean[neurons];
        int n = 0;
        for (int t = 0; t < config.timeSteps() && n < out.length; t++) {
            for (int j = 0; j < neurons; j++) for (int i = 0; i < inputs; i++) if (pre[i] == t) v[j] += w[j][i];
            while (n < out.length) {
                int best = -1;
                for (int j = 0; j < neurons; j++) {
                    if (!fired[j] && v[j] >= config.threshold() && (best < 0 || v[j] > v[best])) best = j;
                }
                if (best < 0) break;
                fired[best] = true;
                out[n++] = best;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Binary features {@code [N, neurons]}: 1 for the {@code k} first neurons to fire ({@link #firstToFire}). */
    public Tensor features(Tensor x, int k) {
        int[] s = x.shape();
        if (s.length != 2 || s[1] != inputs) {
            throw new IllegalArgumentException("StdpLayer.features: expected [N, " + inputs + "], got " + Arrays.toString(s));
        }
        double[] all = x.toDoubleArray();
        double[] out = new double[s[0] * neurons];
        for (int n = 0; n < s[0]; n++) {
            for (int j : firstToFire(Arrays.copyOfRange(all, n * inputs, (n + 1) * inputs), k)) out[n * neurons + j] = 1;
        }
        DType d = x.dtype().isFloating() ? x.dtype() : DType.FLOAT32;
        return Tensor.of(out, s[0], neurons).to(d);
    }

    /** Binary features {@code [N, neurons]}: 1 where the neuron fires within T, in x's dtype. */
    public Tensor features(Tensor x) {
        int[] s = x.shape();
        if (s.length != 2 || s[1] != inputs) {
            throw new IllegalArgumentException("StdpLayer.features: expected [N, " + inputs + "], got " + Arrays.toString(s));
        }
        double[] all = x.toDoubleArray();
        double[] out = new double[s[0] * neurons];
        double[] row = new double[inputs];
        for (int n = 0; n < s[0]; n++) {
            System.arraycopy(all, n * inputs, row, 0, inputs);
            int[] t = spikeTimes(row);
            for (int j = 0; j < neurons; j++) out[n * neurons + j] = t[j] == NEVER ? 0 : 1;
        }
        DType d = x.dtype().isFloating() ? x.dtype() : DType.FLOAT32;
        return Tensor.of(out, s[0], neurons).to(d);
    }

    private void check(double[] x) {
        if (x.length != inputs) {
            throw new IllegalArgumentException("StdpLayer: expected " + inputs + " inputs, got " + x.length);
        }
    }
}
