package io.vecgrad.optim.dfo;

import io.vecgrad.autodiff.NoGrad;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.Sequential;
import io.vecgrad.nn.layers.Activation;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.first.Adam;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A small neural-network surrogate {@code Φ: Rⁿ → R} of a black-box objective, fitted on the
 * points a direct search has evaluated: the network P42's hybrid attacks when the objective
 * itself is not a network. {@code Linear(n, H) → tanh → Linear(H, H) → tanh → Linear(H, 1)} in
 * float64, inputs scaled to {@code [−1, 1]} by the box, targets standardized; full-batch Adam on the
 * mean squared error, warm-started from the previous fit (the Adam state carries over). Each fit
 * uses the {@code maxPoints} evaluated points nearest (∞-norm) to a centre, the incumbent: a local
 * model where the attack will be made.
 *
 * <p>Not in the paper, whose Φ is given (an already trained network); the brief of this
 * reproduction asks for the hybrid on analytic test functions, where a surrogate trained on the
 * evaluated points plays Φ and {@code f} is the identity [reconstructed setting].
 *
 * <pre>{@code
 * NeuralSurrogate s = new NeuralSurrogate(new double[] {-1, -1}, new double[] {1, 1}, NeuralSurrogate.Options.defaults());
 * s.fit(points, values, incumbent);                 // points: List<double[]>, values: double[]
 * double[] g = DirectionalAttack.inputVjp(s.network(), incumbent, new double[] {1});   // ∇Φ(incumbent)
 * }</pre>
 */
public final class NeuralSurrogate {
    /**
     * Options.
     *
     * @param hidden width H of both hidden layers
     * @param epochs Adam steps per fit
     * @param learningRate Adam's learning rate
     * @param maxPoints how many evaluated points (nearest to the centre) one fit uses
     * @param seed initialization seed
     */
    public record Options(int hidden, int epochs, double learningRate, int maxPoints, long seed) {
        public Options {
            if (hidden < 1) throw new IllegalArgumentException("NeuralSurrogate.Options: hidden must be >= 1, got " + hidden);
            if (epochs < 1) throw new IllegalArgumentException("NeuralSurrogate.Options: epochs must be >= 1, got " + epochs);
            if (!(learningRate > 0)) throw new IllegalArgumentException("NeuralSurrogate.Options: learningRate must be > 0, got " + learningRate);
            if (maxPoints < 2) throw new IllegalArgumentException("NeuralSurrogate.Options: maxPoints must be >= 2, got " + maxPoints);
        }

        /** H = 32, 60 Adam steps of 0.01 per fit, 128 nearest points, seed 0. */
        public static Options defaults() {
            return new Options(32, 60, 0.01, 128, 0);
        }

        public Options withSeed(long v) {
            return new Options(hidden, epochs, learningRate, maxPoints, v);
        }

        public Options withEpochs(int v) {
            return new Options(hidden, v, learningRate, maxPoints, seed);
        }
    }

    private final int n;
    private final double[] mid, half;
    private final Options o;
    private final Module net;
    private final Optimizer opt;
    private final Tensor midT, halfT;
    private double yMean, yScale = 1;
    private double lastLoss = Double.NaN;

    /** An untrained surrogate over the box {@code [lo, hi]}. */
    public NeuralSurrogate(double[] lo, double[] hi, Options o) {
        n = lo.length;
        if (n == 0 || hi.length != n) throw new IllegalArgumentException("NeuralSurrogate: box lengths " + lo.length + " and " + hi.length + " (need equal, >= 1)");
        mid = new double[n];
        half = new double[n];
        for (int i = 0; i < n; i++) {
            if (!(lo[i] < hi[i])) throw new IllegalArgumentException("NeuralSurrogate: box side " + i + " is [" + lo[i] + ", " + hi[i] + "], need lo < hi");
            mid[i] = (lo[i] + hi[i]) / 2;
            half[i] = (hi[i] - lo[i]) / 2;
        }
        this.o = o;
        midT = Tensor.of(mid.clone(), n);
        halfT = Tensor.of(half.clone(), n);
        net = new Sequential(new Linear(n, o.hidden(), true, DType.FLOAT64), Activation.tanh(), new Linear(o.hidden(), o.hidden(), true, DType.FLOAT64),
                Activation.tanh(), new Linear(o.hidden(), 1, true, DType.FLOAT64));
        net.initialize(new Rng(o.seed()).split("p42/surrogate"));
        Map<String, Tensor> live = new LinkedHashMap<>();
        net.namedParameters().forEach((k, v) -> live.put(k, v.value()));
        opt = Optimizer.of(Params.of(live), Adam.adam(o.learningRate()));
    }

    /**
     * Fits on the {@code maxPoints} points nearest to {@code center}; returns the final training
     * mean squared error in standardized units.
     */
    public double fit(List<double[]> points, double[] values, double[] center) {
        if (points.size() != values.length) throw new IllegalArgumentException("NeuralSurrogate.fit: " + points.size() + " points but " + values.length + " values");
        if (points.size() < 2) throw new IllegalArgumentException("NeuralSurrogate.fit: need >= 2 points, got " + points.size());
        Integer[] idx = new Integer[points.size()];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> Double.compare(CoveringDirectSearch.distInf(points.get(a), center), CoveringDirectSearch.distInf(points.get(b), center)));
        int m = Math.min(o.maxPoints(), idx.length);
        List<Integer> use = new ArrayList<>();
        for (int i = 0; i < m; i++) if (Double.isFinite(values[idx[i]])) use.add(idx[i]);
        if (use.size() < 2) throw new IllegalArgumentException("NeuralSurrogate.fit: fewer than 2 finite values among the " + m + " nearest points");
        double[] xs = new double[use.size() * n], ys = new double[use.size()];
        double mean = 0;
        for (int r = 0; r < use.size(); r++) {
            double[] p = points.get(use.get(r));
            if (p.length != n) throw new IllegalArgumentException("NeuralSurrogate.fit: point of length " + p.length + ", expected " + n);
            for (int i = 0; i < n; i++) xs[r * n + i] = (p[i] - mid[i]) / half[i];
            ys[r] = values[use.get(r)];
            mean += ys[r];
        }
        mean /= ys.length;
        double var = 0;
        for (double y : ys) var += (y - mean) * (y - mean);
        yMean = mean;
        yScale = Math.sqrt(var / ys.length) > 1e-12 ? Math.sqrt(var / ys.length) : 1;
        for (int r = 0; r < ys.length; r++) ys[r] = (ys[r] - yMean) / yScale;
        Variable xv = Variable.constant(Tensor.of(xs, ys.length, n));
        Variable yv = Variable.constant(Tensor.of(ys, ys.length, 1));
        for (int e = 0; e < o.epochs(); e++) {
            net.zeroGrad();
            Variable loss = net.forward(xv).sub(yv).square().mean();
            loss.backward();
            Map<String, Tensor> g = new LinkedHashMap<>();
            net.namedParameters().forEach((k, v) -> g.put(k, v.grad() == null ? Tensor.zeros(DType.FLOAT64, v.shape()) : v.grad()));
            opt.step(Params.of(g));
            lastLoss = loss.value().item();
        }
        return lastLoss;
    }

    /** Φ as an autodiff function of a raw point (length n) to the predicted objective (shape [1]), in the objective's units. */
    public Function<Variable, Variable> network() {
        double ym = yMean, ys = yScale;
        return x -> net.forward(x.sub(Variable.constant(midT)).div(Variable.constant(halfT))).mul(ys).add(ym);
    }

    /** The predicted objective at {@code x}. */
    public double predict(double[] x) {
        try (NoGrad scope = NoGrad.enter()) {
            return network().apply(Variable.constant(Tensor.of(x.clone(), n))).value().toDoubleArray()[0];
        }
    }

    /** Training MSE (standardized) of the last fit. */
    public double lastLoss() {
        return lastLoss;
    }
}
