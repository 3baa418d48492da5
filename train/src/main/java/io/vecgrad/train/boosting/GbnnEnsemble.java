package io.vecgrad.train.boosting;

import io.vecgrad.autodiff.NoGrad;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.Sequential;
import io.vecgrad.nn.layers.Activation;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fitted GBNN: {@code F(x) = F₀ + Σ_t ρ_t h_t(x)}, the constant model plus the shrunk stages.
 * {@link #assemble()} turns an ensemble of one-hidden-layer stages into the single wide network
 * the paper describes (hidden layers concatenated, output weights scaled by ρ_t).
 *
 * <pre>{@code
 * import io.vecgrad.nn.Module;
 * import io.vecgrad.tensor.DType;
 * import io.vecgrad.tensor.Tensor;
 * import io.vecgrad.tensor.random.Rng;
 * import io.vecgrad.train.boosting.BoostingLoss;
 * import io.vecgrad.train.boosting.Gbnn;
 * import io.vecgrad.train.boosting.GbnnEnsemble;
 *
 * Tensor x = new Rng(1).normal(DType.FLOAT64, 0, 1, 200, 4), xTest = new Rng(2).normal(DType.FLOAT64, 0, 1, 50, 4);
 * Tensor labels = x.argmax(1, false).to(DType.INT64);   // 4 classes: the largest feature
 * GbnnEnsemble f = Gbnn.builder().loss(BoostingLoss.SOFTMAX).stages(10).build().fit(x, labels);
 * long[] classes = f.predictClasses(xTest);
 * Module wide = f.assemble();          // the same predictions from one 10·J-unit network
 * }</pre>
 */
public final class GbnnEnsemble {
    private final BoostingLoss loss;
    private final double[] intercept;
    private final List<Module> stages;
    private final double[] rho;
    private final double[] trainLoss;
    private final DType dtype;

    GbnnEnsemble(BoostingLoss loss, double[] intercept, List<Module> stages, double[] rho, double[] trainLoss, DType dtype) {
        this.loss = loss;
        this.intercept = intercept.clone();
        this.stages = List.copyOf(stages);
        this.rho = rho.clone();
        this.trainLoss = trainLoss.clone();
        this.dtype = dtype;
    }

    public BoostingLoss loss() {
        return loss;
    }

    /** F₀, one value per output. */
    public double[] intercept() {
        return intercept.clone();
    }

    /** The fitted learners h_t, in order (live modules: do not train them further). */
    public List<Module> stages() {
        return stages;
    }

    /** The step lengths ρ_t, shrinkage included. */
    public double[] steps() {
        return rho.clone();
    }

    /** The training loss (mean over all training examples) after each stage. */
    public double[] trainLoss() {
        return trainLoss.clone();
    }

    /** Raw predictions F(x), [N, K] float64, of the first {@code count} stages. */
    public Tensor predict(Tensor x, int count) {
        if (count < 0 || count > stages.size()) {
            throw new IllegalArgumentException("GbnnEnsemble.predict: " + count + " stages asked, " + stages.size() + " fitted");
        }
        int n = x.shape()[0];
        int k = intercept.length;
        double[] f = new double[n * k];
        for (int i = 0; i < n; i++) {
            System.arraycopy(intercept, 0, f, i * k, k);
        }
        for (int t = 0; t < count; t++) {
            double[] h = stageOutput(stages.get(t), x, dtype);
            for (int j = 0; j < f.length; j++) {
                f[j] += rho[t] * h[j];
            }
        }
        return Tensor.of(f, n, k);
    }

    /** Raw predictions F(x) of the whole ensemble, [N, K] float64. */
    public Tensor predict(Tensor x) {
        return predict(x, stages.size());
    }

    /** The predicted class of each example: the arg-max of {@link #predict(Tensor)}'s row (softmax), or F > 0 (binary). */
    public long[] predictClasses(Tensor x) {
        if (loss == BoostingLoss.BINARY_LOGISTIC) {
            double[] f = predict(x).toDoubleArray();
            long[] c = new long[f.length];
            for (int i = 0; i < f.length; i++) {
                c[i] = f[i] > 0 ? 1 : 0;
            }
            return c;
        }
        return predict(x).argmax(1, false).to(DType.INT64).toLongArray();
    }

    /**
     * The single network {@code Linear(d, ΣJ_t) → Sigmoid → Linear(ΣJ_t, K)} with the stages'
     * hidden units side by side, output weights {@code ρ_t W2_t} and output bias
     * {@code F₀ + Σ ρ_t b2_t}: the same function as {@link #predict(Tensor)} (up to rounding).
     * Needs stages built by {@link StageFactory#oneHidden}.
     */
    public Module assemble() {
        int k = intercept.length;
        int d = 0;
        int hidden = 0;
        for (Module s : stages) {
            Map<String, Tensor> sd = s.stateDict();
            if (!sd.keySet().equals(java.util.Set.of("0.weight", "0.bias", "2.weight", "2.bias"))) {
                throw new IllegalStateException("GbnnEnsemble.assemble: stage " + s + " is not Linear-Sigmoid-Linear (state " + sd.keySet() + ")");
            }
            d = sd.get("0.weight").shape()[1];
            hidden += sd.get("0.weight").shape()[0];
        }
        double[] w1 = new double[hidden * d];
        double[] b1 = new double[hidden];
        double[] w2 = new double[k * hidden];
        double[] b2 = intercept.clone();
        int at = 0;
        for (int t = 0; t < stages.size(); t++) {
            Map<String, Tensor> sd = stages.get(t).stateDict();
            int j = sd.get("0.weight").shape()[0];
            System.arraycopy(sd.get("0.weight").toDoubleArray(), 0, w1, at * d, j * d);
            System.arraycopy(sd.get("0.bias").toDoubleArray(), 0, b1, at, j);
            double[] v = sd.get("2.weight").toDoubleArray();
            double[] c = sd.get("2.bias").toDoubleArray();
            for (int o = 0; o < k; o++) {
                for (int u = 0; u < j; u++) {
                    w2[o * hidden + at + u] = rho[t] * v[o * j + u];
                }
                b2[o] += rho[t] * c[o];
            }
            at += j;
        }
        Module wide = new Sequential(new Linear(d, hidden, true, dtype), Activation.sigmoid(), new Linear(hidden, k, true, dtype));
        Map<String, Tensor> state = new LinkedHashMap<>();
        state.put("0.weight", Tensor.of(w1, hidden, d).to(dtype));
        state.put("0.bias", Tensor.of(b1, hidden).to(dtype));
        state.put("2.weight", Tensor.of(w2, k, hidden).to(dtype));
        state.put("2.bias", Tensor.of(b2, k).to(dtype));
        wide.loadStateDict(state);
        return wide;
    }

    /** h(x) as a row-major [N, K] double array, in evaluation mode without a graph. */
    static double[] stageOutput(Module stage, Tensor x, DType dtype) {
        stage.eval();
        try (NoGrad scope = NoGrad.enter()) {
            return stage.forward(x.dtype() == dtype ? x : x.to(dtype)).value().toDoubleArray();
        }
    }
}
