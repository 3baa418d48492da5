package io.vecgrad.train;

import io.vecgrad.autodiff.NoGrad;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.Sequential;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.optim.schedule.mi.MiLearningRate;
import io.vecgrad.optim.schedule.mi.MutualInformation;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * P18's MI-driven learning rate wired into the trainer: an {@link EpochListener} that, at the
 * end of every epoch, runs the model on a probe set (the paper uses the training data), measures
 * the normalised MI between predicted and true labels ({@link MutualInformation#normalized}) and
 * feeds optim's {@link MiLearningRate}; {@link #schedule()} reads the current rate live.
 *
 * <p>Layer-wise ({@link #layerwise}): for a {@link Sequential} model, each listed child's output is
 * discretised ({@link MutualInformation#layer}, {@code bins} equal-width bins per unit) and its
 * {@code I(T_l; Y)/H(Y)} drives that layer's own controller; {@link #schedule(String)} gives the
 * layer's rate (combine with {@code Transforms.partition} to give each layer its optimizer).
 * The output layer's MI is always that of the predictions. State is saved in checkpoints.
 *
 * <pre>{@code
 * MiScheduleHook mi = MiScheduleHook.global(MiLearningRate.of(0.5, 0.01, 0.02), net, trainSubset);
 * Optimizer opt = Optimizer.of(model.parameters(), Sgd.sgd(mi.schedule()));
 * Trainer t = Trainer.builder().learningRate(mi.schedule()).onEpochEnd(mi).build();
 * }</pre>
 */
public final class MiScheduleHook implements EpochListener, Schedule {
    private static final String OUTPUT = "output";
    private Module model;
    private TensorDataset probe;
    private final int bins, probeSize;
    private final Map<String, MiLearningRate> controllers = new LinkedHashMap<>();
    private final Map<String, Double> lastNmi = new LinkedHashMap<>();
    private final List<Map<String, Double>> history = new ArrayList<>();

    private MiScheduleHook(Module model, TensorDataset probe, int bins, MiLearningRate initial, List<String> layers, int probeSize) {
        if (probe != null && probe.size() == 0) throw new IllegalArgumentException("MiScheduleHook: empty probe set");
        this.model = model;
        this.probe = probe;
        this.bins = bins;
        this.probeSize = probeSize;
        for (String l : layers) {
            model.submodule(l);   // fails early with the module's message if absent
            controllers.put(l, initial);
        }
        controllers.put(OUTPUT, initial);
    }

    /** One rate for the whole network, from the MI of its predictions on {@code probe}. */
    public static MiScheduleHook global(MiLearningRate initial, Module model, TensorDataset probe) {
        return new MiScheduleHook(model, probe, 0, initial, List.of(), probe.size());
    }

    /**
     * A global hook whose model and probe set are given later by {@link #bind} (the command line's
     * {@code --schedule mi}: the schedule is built before the model). The probe set will be the
     * first {@code probeSize} training examples.
     */
    public static MiScheduleHook unbound(MiLearningRate initial, int probeSize) {
        if (probeSize < 1) throw new IllegalArgumentException("MiScheduleHook.unbound: probeSize must be >= 1, got " + probeSize);
        return new MiScheduleHook(null, null, 0, initial, List.of(), probeSize);
    }

    /** Binds an {@link #unbound} hook to the trainer's model and its training data (inputs reshaped to the model's input shape). */
    public MiScheduleHook bind(Model m, TensorDataset train) {
        int n = Math.min(probeSize, train.size());
        if (n == 0) throw new IllegalArgumentException("MiScheduleHook.bind: empty training set");
        int[] shape = new int[m.inputShape().length + 1];
        shape[0] = n;
        System.arraycopy(m.inputShape(), 0, shape, 1, shape.length - 1);
        Tensor x = train.x().slice(0, 0, n).contiguous().reshape(shape).to(m.dtype()).contiguous();
        this.model = m.module();
        this.probe = new TensorDataset(x, train.y().slice(0, 0, n).contiguous());
        return this;
    }

    /** The network-wide rate at step {@code t} (the same as {@link #schedule()}). */
    @Override
    public double at(long t) {
        return controllers.get(OUTPUT).lr();
    }

    /**
     * One rate per listed child of {@code model} (names as in {@code model.children()}), from the
     * MI of its discretised output; the output rate ({@link #schedule()}) is for everything else.
     */
    public static MiScheduleHook layerwise(MiLearningRate initial, Sequential model, TensorDataset probe, List<String> layers, int bins) {
        if (bins < 2) throw new IllegalArgumentException("MiScheduleHook.layerwise: bins must be >= 2, got " + bins);
        return new MiScheduleHook(model, probe, bins, initial, layers, probe.size());
    }

    @Override
    public void onEpochEnd(EpochEnd end) {
        update();
    }

    /** Measures the MI on the probe set and updates every controller (what each epoch end does). */
    public void update() {
        Map<String, Double> nmi = measure();
        nmi.forEach((k, v) -> controllers.put(k, controllers.get(k).observe(v)));
        lastNmi.clear();
        lastNmi.putAll(nmi);
        Map<String, Double> row = new LinkedHashMap<>(nmi);
        controllers.forEach((k, c) -> row.put(k + ".lr", c.lr()));
        history.add(row);
    }

    private Map<String, Double> measure() {
        if (model == null) throw new IllegalStateException("MiScheduleHook: not bound to a model; call bind(model, trainData) first");
        boolean wasTraining = model.isTraining();
        model.eval();
        long[] labels = probe.y().to(DType.INT64).toLongArray();
        double hy = MutualInformation.entropy(labels);
        Map<String, Double> out = new LinkedHashMap<>();
        try (NoGrad scope = NoGrad.enter()) {
            Variable h = Variable.constant(probe.x());
            if (controllers.size() > 1) {
                for (Map.Entry<String, Module> c : model.children().entrySet()) {
                    h = c.getValue().forward(h);
                    if (controllers.containsKey(c.getKey()) && !OUTPUT.equals(c.getKey())) {
                        double i = MutualInformation.layer(rows(h.value()), labels, bins);
                        out.put(c.getKey(), hy == 0 ? 0 : Math.min(1, i / hy));
                    }
                }
            } else {
                h = model.forward(h);
            }
            long[] pred = h.value().argmax(1, false).to(DType.INT64).toLongArray();
            out.put(OUTPUT, MutualInformation.normalized(pred, labels));
        } finally {
            model.train(wasTraining);
        }
        return out;
    }

    private static double[][] rows(Tensor t) {
        int n = t.size(0), d = t.numel() / n;
        double[] flat = t.contiguous().toDoubleArray();
        double[][] r = new double[n][d];
        for (int i = 0; i < n; i++) System.arraycopy(flat, i * d, r[i], 0, d);
        return r;
    }

    /** The network-wide rate (the output's controller), read live at every step. */
    public Schedule schedule() {
        return t -> controllers.get(OUTPUT).lr();
    }

    /** The rate of layer {@code name} (a child listed in {@link #layerwise}). */
    public Schedule schedule(String name) {
        if (!controllers.containsKey(name)) throw new IllegalArgumentException("MiScheduleHook: no controller for layer '" + name + "'; have " + controllers.keySet());
        return t -> controllers.get(name).lr();
    }

    /** The current controller of {@code name} ({@code "output"} for the network-wide one). */
    public MiLearningRate controller(String name) {
        return controllers.get(name);
    }

    /** The normalised MI measured at the last update, by layer and {@code "output"}. */
    public Map<String, Double> lastNmi() {
        return Map.copyOf(lastNmi);
    }

    /** One row per update: the normalised MI of each layer and {@code <layer>.lr} after it. */
    public List<Map<String, Double>> history() {
        return List.copyOf(history);
    }

    @Override
    public Map<String, String> state() {
        Map<String, String> m = new LinkedHashMap<>();
        controllers.forEach((k, c) -> {
            m.put(k + ".lr", Long.toHexString(Double.doubleToRawLongBits(c.lr())));
            m.put(k + ".nmi_ref", Long.toHexString(Double.doubleToRawLongBits(c.nmiRef())));
        });
        return m;
    }

    @Override
    public void restore(Map<String, String> m) {
        controllers.replaceAll((k, c) -> new MiLearningRate(c.lrMax(), c.lrMin(), c.threshold(), unhex(m.get(k + ".lr")), unhex(m.get(k + ".nmi_ref"))));
    }

    private static double unhex(String s) {
        return Double.longBitsToDouble(Long.parseUnsignedLong(s, 16));
    }
}
