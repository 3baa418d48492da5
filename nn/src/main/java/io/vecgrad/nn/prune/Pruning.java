package io.vecgrad.nn.prune;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.Module;
import io.vecgrad.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pruning workflow over any module tree that contains {@link GatedLayer}s and
 * {@link GroupGate}s: train with {@code task loss + λ·}{@link #l0Penalty} → {@link #freeze} →
 * {@link #exportStateDict} into the plain model (exact zeros) → {@link SparsityReport}.
 *
 * <pre>{@code
 * GatedLeNet gated = GatedLeNet.fashion(Structure.WEIGHTS, DiffPruneGate.standard(), new Rng(1));
 * Variable loss = Losses.crossEntropy(gated.forward(x), y).add(Pruning.l0Penalty(gated).mul(1e-5));
 * // ... train ...
 * Pruning.freeze(gated);                                       // gates fixed, no more gradient to them
 * LeNet sparse = gated.export();                               // same outputs as gated.eval()
 * SparsityReport report = SparsityReport.of(sparse.stateDict());
 * }</pre>
 */
public final class Pruning {
    private Pruning() {}

    /** Σ of every gated layer's {@code expectedL0()}: a smooth count of the model's non-zero gated weights. */
    public static Variable l0Penalty(Module m) {
        Variable[] sum = {null};
        visit("", m, (prefix, g) -> {
            Variable t = g instanceof GatedLayer gl ? gl.expectedL0() : ((GroupGate) g).expectedL0();
            sum[0] = sum[0] == null ? t : sum[0].add(t);
        });
        if (sum[0] == null) throw new IllegalArgumentException("Pruning.l0Penalty: " + m + " has no gated layer");
        return sum[0];
    }

    /** Sets the gate mode of every gated layer and group gate in {@code m}. */
    public static void setMode(Module m, GateMode mode) {
        visit("", m, (prefix, g) -> {
            if (g instanceof GatedLayer gl) gl.setMode(mode);
            else ((GroupGate) g).setMode(mode);
        });
    }

    /** {@link GateMode#FROZEN}: the current deterministic gates become constants (fine-tune the weights afterwards). */
    public static void freeze(Module m) {
        setMode(m, GateMode.FROZEN);
    }

    /**
     * The state dict of the plain model that {@code m} becomes once its gates are folded in:
     * every {@link GatedLayer} contributes {@code weight}/{@code bias} = its {@link GatedLayer#exportState()},
     * other parameters and buffers are copied under their names. Group gates keep their
     * {@code gate_logits} (they have no plain counterpart).
     */
    public static Map<String, Tensor> exportStateDict(Module m) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        export("", m, out);
        return out;
    }

    private static void export(String prefix, Module m, Map<String, Tensor> out) {
        if (m instanceof GatedLayer g) {
            g.exportState().forEach((k, t) -> out.put(prefix + k, t));
            return;
        }
        m.namedParameters().forEach((k, v) -> { if (k.indexOf('.') < 0) out.put(prefix + k, v.value().copy()); });
        m.namedBuffers().forEach((k, t) -> { if (k.indexOf('.') < 0) out.put(prefix + k, t.copy()); });
        m.children().forEach((k, c) -> export(prefix + k + ".", c, out));
    }

    /** The deterministic gates of every gated layer by the layer's dotted path. */
    public static Map<String, Tensor> masks(Module m) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        visit("", m, (prefix, g) -> out.put(prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1),
                g instanceof GatedLayer gl ? gl.mask() : ((GroupGate) g).mask()));
        return out;
    }

    private interface GateVisitor {
        void visit(String prefix, Module gated);
    }

    private static void visit(String prefix, Module m, GateVisitor v) {
        if (m instanceof GatedLayer || m instanceof GroupGate) v.visit(prefix, m);
        m.children().forEach((k, c) -> visit(prefix + k + ".", c, v));
    }
}
