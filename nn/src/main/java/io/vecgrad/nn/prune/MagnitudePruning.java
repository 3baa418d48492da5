package io.vecgrad.nn.prune;

import io.vecgrad.autodiff.NoGrad;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.Module;
import io.vecgrad.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Global magnitude pruning (Han et al. 2015 style, the baseline of P02's experiment): over all
 * {@code *weight} parameters together, the {@code round(sparsity·N)} weights of smallest
 * |w| are set to zero (ties broken by position, so the count is exact). Fine-tuning keeps the
 * mask: call {@link #apply} after every optimizer step.
 *
 * <pre>{@code
 * Map<String, Tensor> masks = MagnitudePruning.globalMasks(model, 0.9);   // 90 % of the weights
 * MagnitudePruning.apply(model, masks);                                   // zero them
 * // fine-tune: after each optimizer.step(...) call MagnitudePruning.apply(model, masks) again
 * }</pre>
 */
public final class MagnitudePruning {
    private MagnitudePruning() {}

    /** 0/1 masks (the parameters' dtype) by parameter name, removing the given fraction of all weights. */
    public static Map<String, Tensor> globalMasks(Module m, double sparsity) {
        if (!(sparsity >= 0 && sparsity <= 1)) throw new IllegalArgumentException("MagnitudePruning.globalMasks: sparsity must be in [0, 1], got " + sparsity);
        Map<String, Variable> weights = new LinkedHashMap<>();
        m.namedParameters().forEach((k, v) -> { if (k.endsWith("weight")) weights.put(k, v); });
        if (weights.isEmpty()) throw new IllegalArgumentException("MagnitudePruning.globalMasks: " + m + " has no *weight parameter");
        int n = 0;
        for (Variable v : weights.values()) n += v.numel();
        double[] mag = new double[n];
        int at = 0;
        for (Variable v : weights.values()) for (double d : v.value().toDoubleArray()) mag[at++] = Math.abs(d);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> mag[a] != mag[b] ? Double.compare(mag[a], mag[b]) : Integer.compare(a, b));
        boolean[] keep = new boolean[n];
        Arrays.fill(keep, true);
        int cut = (int) Math.round(sparsity * n);
        for (int i = 0; i < cut; i++) keep[order[i]] = false;
        Map<String, Tensor> masks = new LinkedHashMap<>();
        at = 0;
        for (Map.Entry<String, Variable> e : weights.entrySet()) {
            double[] mk = new double[e.getValue().numel()];
            for (int i = 0; i < mk.length; i++) mk[i] = keep[at++] ? 1 : 0;
            masks.put(e.getKey(), Tensor.of(mk, e.getValue().shape()).to(e.getValue().dtype()));
        }
        return masks;
    }

    /** Multiplies each masked parameter by its mask, in place. */
    public static void apply(Module m, Map<String, Tensor> masks) {
        Map<String, Variable> params = m.namedParameters();
        try (NoGrad scope = NoGrad.enter()) {
            masks.forEach((k, mask) -> {
                Variable v = params.get(k);
                if (v == null) throw new IllegalArgumentException("MagnitudePruning.apply: " + m + " has no parameter '" + k + "'");
                v.value().copyFrom(v.value().mul(mask));
            });
        }
    }
}
