package io.vecgrad.train.partition;

import io.vecgrad.autodiff.NoGrad;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.datasets.Batch;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.Sequential;
import io.vecgrad.nn.losses.Losses;
import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.Params;
import io.vecgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Partitioned training with proxy layers (P20: Bidart &amp; Wong, "MonolithNet: Training monolithic
 * deep neural networks via a partitioned training strategy", J. Computational Vision and Imaging
 * Systems 4(1), 2018). The network is split into consecutive partitions
 * {@code N = N_K ∘ … ∘ N_1}; each partition {@code N_k} gets a small proxy head {@code P_k}
 * (e.g. pooling + linear to the classes) and is trained in isolation, with {@code P_k}, on the
 * task loss while the partitions before it are frozen. The last proxy is the final classifier.
 *
 * <p>Source: only the paper's abstract is public (no code found): proxy layers are attached to
 * partitions so that far fewer parameters are trained at a time, to convergence. The procedure
 * below is the spec's reconstruction: in phase {@code k} the prefix {@code N_{k−1} ∘ … ∘ N_1}
 * runs in evaluation mode without a tape ({@link NoGrad}: a stop-gradient at the input of
 * {@code N_k}, so a phase needs the memory of one partition), then cross-entropy of
 * {@code P_k(N_k(h))} is minimised over the parameters of {@code N_k} and {@code P_k} only,
 * each phase with a fresh optimizer state from the same {@link GradientTransformation}.
 * With one partition this is ordinary end-to-end training, and in the last phase the gradient of
 * {@code N_K} and {@code P_K} is exactly the end-to-end gradient of those parameters (the loss is
 * the same function of them); earlier phases differ from end-to-end backprop by design.
 *
 * <pre>{@code
 * import io.vecgrad.datasets.Batch;
 * import io.vecgrad.nn.Module;                    // by name: io.vecgrad.nn.* clashes with java.lang.Module
 * import io.vecgrad.nn.layers.Linear;
 * import io.vecgrad.optim.first.Adam;
 * import io.vecgrad.tensor.DType;
 * import io.vecgrad.tensor.random.Rng;
 * import io.vecgrad.train.partition.ProxyLayerTraining;
 * import java.util.List;
 *
 * Module block1 = new Linear(4, 8).initialize(new Rng(1)), block2 = new Linear(8, 8).initialize(new Rng(2));
 * Module proxy1 = new Linear(8, 3).initialize(new Rng(3)), head = new Linear(8, 3).initialize(new Rng(4));
 * ProxyLayerTraining t = new ProxyLayerTraining(List.of(block1, block2), List.of(proxy1, head), Adam.adam(1e-3));
 * Batch b = new Batch(new Rng(5).normal(DType.FLOAT32, 0, 1, 16, 4), new Rng(6).randint(0, 3, 16), new int[16]);
 * for (int k = 0; k < t.partitions(); k++) t.step(k, b);   // phase k: only block k and head k move
 * Module net = t.assembled();                              // block1 → block2 → head
 * }</pre>
 */
public final class ProxyLayerTraining {
    private final List<Module> partitions;
    private final List<Module> proxies;
    private final GradientTransformation tx;
    private final List<Optimizer> optimizers = new ArrayList<>();
    private final List<Params> live = new ArrayList<>();

    /**
     * @param partitions {@code N_1 … N_K}, applied in this order
     * @param proxies    {@code P_1 … P_K}: {@code P_k} maps the output of {@code N_k} to class logits; {@code P_K} is the final head
     * @param tx         the optimizer each phase starts afresh
     */
    public ProxyLayerTraining(List<Module> partitions, List<Module> proxies, GradientTransformation tx) {
        if (partitions.isEmpty() || partitions.size() != proxies.size()) {
            throw new IllegalArgumentException("ProxyLayerTraining: " + partitions.size() + " partitions need as many proxies, got " + proxies.size());
        }
        this.partitions = List.copyOf(partitions);
        this.proxies = List.copyOf(proxies);
        this.tx = tx;
        for (int k = 0; k < partitions.size(); k++) {
            Map<String, Tensor> p = new LinkedHashMap<>();
            partitions.get(k).namedParameters().forEach((n, v) -> p.put("partition." + n, v.value()));
            proxies.get(k).namedParameters().forEach((n, v) -> p.put("proxy." + n, v.value()));
            live.add(Params.of(p));
            optimizers.add(null);
        }
    }

    /** Number of partitions K. */
    public int partitions() {
        return partitions.size();
    }

    /** The live parameters phase {@code k} trains: {@code partition.*} of {@code N_k} and {@code proxy.*} of {@code P_k}. */
    public Params phaseParameters(int k) {
        check(k);
        return live.get(k);
    }

    /** Output of {@code N_k ∘ … ∘ N_1} (k = 0: the input itself), evaluation mode, no tape. */
    public Tensor features(int k, Tensor x) {
        if (k < 0 || k > partitions.size()) throw new IllegalArgumentException("ProxyLayerTraining.features: depth " + k + " outside [0, " + partitions.size() + "]");
        Tensor h = x;
        try (NoGrad scope = NoGrad.enter()) {
            for (int j = 0; j < k; j++) {
                partitions.get(j).eval();
                h = partitions.get(j).forward(Variable.constant(h)).value();
            }
        }
        return h;
    }

    /**
     * The loss of phase {@code k} on a batch with its gradients: cross-entropy of
     * {@code P_k(N_k(h))}, {@code h} the frozen prefix's output; named like {@link #phaseParameters}.
     */
    public PhaseGradient gradient(int k, Batch b) {
        check(k);
        Tensor h = features(k, b.x());
        Module part = partitions.get(k), proxy = proxies.get(k);
        part.train();
        proxy.train();
        part.zeroGrad();
        proxy.zeroGrad();
        Variable loss = Losses.crossEntropy(proxy.forward(part.forward(Variable.constant(h))), b.y());
        loss.backward();
        Map<String, Tensor> g = new LinkedHashMap<>();
        part.namedParameters().forEach((n, v) -> g.put("partition." + n, grad(v)));
        proxy.namedParameters().forEach((n, v) -> g.put("proxy." + n, grad(v)));
        return new PhaseGradient(loss.value().item(), Params.of(g));
    }

    /** Loss of phase {@code k} and the gradient of its parameters. */
    public record PhaseGradient(double loss, Params gradients) {}

    /** One optimizer step of phase {@code k} on a batch; returns the loss before the step. */
    public double step(int k, Batch b) {
        PhaseGradient r = gradient(k, b);
        if (optimizers.get(k) == null) optimizers.set(k, Optimizer.of(live.get(k), tx));
        optimizers.get(k).step(r.gradients());
        return r.loss();
    }

    /** The trained network: {@code N_1 → … → N_K → P_K} (shares the live modules). */
    public Module assembled() {
        Module[] layers = new Module[partitions.size() + 1];
        for (int k = 0; k < partitions.size(); k++) layers[k] = partitions.get(k);
        layers[partitions.size()] = proxies.get(partitions.size() - 1);
        // registering a child re-draws its parameters (Module#child): keep the trained values
        List<Map<String, Tensor>> trained = new ArrayList<>();
        for (Module m : layers) trained.add(copy(m.stateDict()));
        Module net = new Sequential(layers);
        for (int i = 0; i < layers.length; i++) layers[i].loadStateDict(trained.get(i));
        return net;
    }

    private static Map<String, Tensor> copy(Map<String, Tensor> state) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        state.forEach((k, v) -> out.put(k, v.copy()));
        return out;
    }

    private static Tensor grad(Variable v) {
        return v.grad() == null ? Tensor.zeros(v.value().dtype(), v.value().shape()) : v.grad();
    }

    private void check(int k) {
        if (k < 0 || k >= partitions.size()) throw new IllegalArgumentException("ProxyLayerTraining: phase " + k + " outside [0, " + partitions.size() + ")");
    }
}
