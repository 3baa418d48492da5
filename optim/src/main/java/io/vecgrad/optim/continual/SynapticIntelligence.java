package io.vecgrad.optim.continual;

import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.State;
import io.vecgrad.optim.Update;
import io.vecgrad.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Synaptic intelligence, the "cost per synapse" regulariser against catastrophic forgetting that
 * P23 (Vaila et al.) applies to its spiking classifier. Wrap any optimizer's transform with
 * {@link #wrap}; the wrapped transform works unchanged inside {@code Optimizer.of} and the
 * trainer. Call {@link #consolidate(Params)} at the end of each task.
 *
 * <p>Formulas (Zenke, Poole, Ganguli 2017, eqs. 3–5, as SpykeFlow's
 * {@code spike_mnist_ar1_final_true_grad} notebook uses them):
 * <ul>
 *   <li>during a task, per parameter k, the path integral {@code ω_k += −g_k Δθ_k}, where g is the
 *       gradient of the task loss alone and Δθ the update actually applied this step;
 *   <li>at the task's end, {@code Ω_k += ω_k / ((θ_k − θ_k^start)² + ξ)}, {@code θ* = θ},
 *       ω reset to 0;
 *   <li>while training later tasks the loss carries {@code c Σ_k Ω_k (θ_k − θ*_k)²}: its gradient
 *       {@code 2cΩ(θ − θ*)} is added to the task gradient before the wrapped transform.
 * </ul>
 * SpykeFlow accumulates {@code η²λ/n · g²}, which for plain SGD ({@code Δθ = −ηg}) is Zenke's ω
 * scaled by a constant folded into λ; it uses ξ = 1e-3, the default here.
 *
 * <p>The importance buffers live in this object, not in the optimizer {@link State}: they are
 * not part of optimizer checkpoints (save {@link #importance()} and {@link #anchor()} yourself).
 *
 * <pre>{@code
 * SynapticIntelligence si = new SynapticIntelligence(0.1, 1e-3);
 * Optimizer opt = Optimizer.of(model.parameters(), si.wrap(Sgd.gradientDescent(0.05)));
 * for (Task task : tasks) {
 *     trainer.fit(task.name(), model, opt, task.loader(), null);
 *     si.consolidate(model.parameters());
 * }
 * }</pre>
 */
public final class SynapticIntelligence {
    private final double c;
    private final double xi;
    private final Map<String, double[]> omega = new LinkedHashMap<>();
    private final Map<String, double[]> bigOmega = new LinkedHashMap<>();
    private final Map<String, double[]> start = new LinkedHashMap<>();
    private final Map<String, double[]> anchor = new LinkedHashMap<>();

    /**
     * @param c regularisation strength (0 records importances but leaves training unchanged)
     * @param xi damping ξ of the importance denominator, positive
     */
    public SynapticIntelligence(double c, double xi) {
        if (!(c >= 0) || !Double.isFinite(c)) throw new IllegalArgumentException("SynapticIntelligence: c must be finite and >= 0, got " + c);
        if (!(xi > 0) || !Double.isFinite(xi)) throw new IllegalArgumentException("SynapticIntelligence: xi must be finite and > 0, got " + xi);
        this.c = c;
        this.xi = xi;
    }

    /** The transform {@code inner} with the SI penalty added to its gradients and ω recorded. */
    public GradientTransformation wrap(GradientTransformation inner) {
        return new GradientTransformation() {
            @Override
            public State init(Params params) {
                return inner.init(params);
            }

            @Override
            public Update update(Params grads, State state, Params params) {
                Params total = grads.map((name, g) -> penalised(name, g, params.get(name)));
                Update u = inner.update(total, state, params);
                record(grads, u.updates(), params);
                return u;
            }

            @Override
            public Map<String, Double> hyperParams(State state) {
                return inner.hyperParams(state);
            }
        };
    }

    private Tensor penalised(String name, Tensor g, Tensor theta) {
        double[] big = bigOmega.get(name);
        if (big == null || c == 0) return g;
        double[] gv = g.toDoubleArray();
        double[] th = theta.toDoubleArray();
        double[] star = anchor.get(name);
        for (int k = 0; k < gv.length; k++) gv[k] += 2 * c * big[k] * (th[k] - star[k]);
        return Tensor.of(gv, g.shape()).to(g.dtype());
    }

    private void record(Params grads, Params updates, Params params) {
        for (String name : grads.names()) {
            double[] g = grads.get(name).toDoubleArray();
            double[] d = updates.get(name).toDoubleArray();
            double[] w = omega.computeIfAbsent(name, k -> new double[g.length]);
            start.computeIfAbsent(name, k -> params.get(name).toDoubleArray());
            for (int k = 0; k < g.length; k++) w[k] -= g[k] * d[k];
        }
    }

    /**
     * Ends a task: {@code Ω += ω / ((θ − θ_start)² + ξ)}, anchors {@code θ* = θ}, resets ω and
     * the task's starting point.
     */
    public void consolidate(Params params) {
        for (String name : params.names()) {
            double[] th = params.get(name).toDoubleArray();
            double[] w = omega.getOrDefault(name, new double[th.length]);
            double[] s = start.getOrDefault(name, th);
            double[] big = bigOmega.computeIfAbsent(name, k -> new double[th.length]);
            for (int k = 0; k < th.length; k++) {
                double d = th[k] - s[k];
                big[k] += w[k] / (d * d + xi);
            }
            anchor.put(name, th);
        }
        omega.clear();
        start.clear();
    }

    /** The running path integral ω of the current task (copies). */
    public Map<String, double[]> pathIntegral() {
        return copy(omega);
    }

    /** The consolidated importances Ω (copies). */
    public Map<String, double[]> importance() {
        return copy(bigOmega);
    }

    /** The anchor θ* of the last consolidation (copies). */
    public Map<String, double[]> anchor() {
        return copy(anchor);
    }

    /** The penalty {@code c Σ Ω (θ − θ*)²} at {@code params}: 0 before the first consolidation. */
    public double penalty(Params params) {
        double sum = 0;
        for (Map.Entry<String, double[]> e : bigOmega.entrySet()) {
            double[] th = params.get(e.getKey()).toDoubleArray();
            double[] star = anchor.get(e.getKey());
            for (int k = 0; k < th.length; k++) sum += e.getValue()[k] * (th[k] - star[k]) * (th[k] - star[k]);
        }
        return c * sum;
    }

    private static Map<String, double[]> copy(Map<String, double[]> m) {
        Map<String, double[]> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v.clone()));
        return out;
    }
}
