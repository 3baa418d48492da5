package io.vecgrad.distributed.fed;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.distributed.LocalProblem;
import io.vecgrad.distributed.ParamVector;
import io.vecgrad.nn.Functional;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.losses.Losses;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A worker's objective for any {@code nn} classifier: mean softmax cross-entropy of the module's
 * logits on minibatches of the shard, plus {@code (l2/2)‖θ‖²}, with gradients from autodiff. The
 * flat vector lists the module's parameters in {@code namedParameters()} order, each row-major,
 * in float64. Each problem owns its module instance (built by {@code factory} and converted to
 * float64), because a module must not be called functionally from two threads at once.
 *
 * <pre>{@code
 * ModuleProblem p = new ModuleProblem(() -> new Sequential(new Linear(64, 32), Activation.relu(), new Linear(32, 10)),
 *         train, shard, 32, 1e-4);
 * ParamVector x0 = p.initialParams(new Rng(1));
 * }</pre>
 */
public final class ModuleProblem implements LocalProblem, Classifier {
    private final Module module;
    private final ClassificationData data;
    private final int[] shard;
    private final int batch;
    private final double l2;
    private final List<String> names = new ArrayList<>();
    private final List<int[]> shapes = new ArrayList<>();
    private final int dim;

    /** The problem of the examples {@code shard} of {@code data} for a module from {@code factory}. */
    public ModuleProblem(Supplier<Module> factory, ClassificationData data, int[] shard, int batch, double l2) {
        if (shard.length == 0) throw new IllegalArgumentException("ModuleProblem: empty shard");
        this.module = factory.get().to(DType.FLOAT64);
        this.data = data;
        this.shard = shard.clone();
        this.batch = batch;
        this.l2 = l2;
        int n = 0;
        for (Map.Entry<String, Variable> e : module.namedParameters().entrySet()) {
            names.add(e.getKey());
            shapes.add(e.getValue().shape());
            n += e.getValue().numel();
        }
        this.dim = n;
    }

    @Override
    public int dim() {
        return dim;
    }

    /** The module's parameters after {@code module.initialize(rng)}, flattened. */
    public ParamVector initialParams(Rng rng) {
        module.initialize(rng);
        double[] out = new double[dim];
        int off = 0;
        for (Variable v : module.namedParameters().values()) {
            double[] a = v.value().toDoubleArray();
            System.arraycopy(a, 0, out, off, a.length);
            off += a.length;
        }
        return new ParamVector(out);
    }

    private Map<String, Variable> unflatten(ParamVector x) {
        Map<String, Variable> params = new LinkedHashMap<>();
        int off = 0;
        for (int i = 0; i < names.size(); i++) {
            int[] shape = shapes.get(i);
            int n = 1;
            for (int s : shape) n *= s;
            params.put(names.get(i), Variable.parameter(Tensor.of(java.util.Arrays.copyOfRange(x.data(), off, off + n), shape)));
            off += n;
        }
        return params;
    }

    private Variable lossOn(Map<String, Variable> params, int[] rows) {
        int f = data.dim();
        double[] xb = new double[rows.length * f];
        long[] yb = new long[rows.length];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(data.features()[rows[r]], 0, xb, r * f, f);
            yb[r] = data.labels()[rows[r]];
        }
        Variable logits = Functional.call(module, params, Variable.constant(Tensor.of(xb, rows.length, f)));
        return Losses.crossEntropy(logits, Tensor.of(yb));
    }

    @Override
    public double gradient(ParamVector x, Rng rng, ParamVector out) {
        int m = batch <= 0 ? shard.length : batch;
        int[] rows = new int[m];
        for (int s = 0; s < m; s++) rows[s] = batch <= 0 ? shard[s] : shard[rng.nextInt(shard.length)];
        Map<String, Variable> params = unflatten(x);
        Variable loss = lossOn(params, rows);
        loss.backward();
        int off = 0;
        for (Variable v : params.values()) {
            double[] g = v.grad().toDoubleArray();
            System.arraycopy(g, 0, out.data(), off, g.length);
            off += g.length;
        }
        out.axpyInPlace(l2, x);
        return loss.item() + 0.5 * l2 * x.squaredNorm();
    }

    @Override
    public double loss(ParamVector x) {
        try (io.vecgrad.autodiff.NoGrad scope = io.vecgrad.autodiff.NoGrad.enter()) {
            return lossOn(unflatten(x), shard).item() + 0.5 * l2 * x.squaredNorm();
        }
    }

    @Override
    public double accuracy(ParamVector x, ClassificationData test) {
        try (io.vecgrad.autodiff.NoGrad scope = io.vecgrad.autodiff.NoGrad.enter()) {
            int f = test.dim();
            double[] xb = new double[test.size() * f];
            for (int r = 0; r < test.size(); r++) System.arraycopy(test.features()[r], 0, xb, r * f, f);
            double[] logits = Functional.call(module, unflatten(x), Variable.constant(Tensor.of(xb, test.size(), f))).value().toDoubleArray();
            int k = logits.length / test.size(), correct = 0;
            for (int r = 0; r < test.size(); r++) {
                int arg = 0;
                for (int c = 1; c < k; c++) if (logits[r * k + c] > logits[r * k + arg]) arg = c;
                if (arg == test.labels()[r]) correct++;
            }
            return (double) correct / test.size();
        }
    }
}
