package io.vecgrad.nn.prune;

import io.vecgrad.autodiff.NoGrad;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.Init;
import io.vecgrad.nn.Module;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A layer whose weight is multiplied by approximately binary gates: the shared part of
 * {@link GatedLinear} and {@link GatedConv2d}. Parameters are {@code weight}, optional
 * {@code bias} and {@code gate_logits} (one per weight or one per output unit, see
 * {@link Structure}); {@link #exportState()} gives the plain layer's {@code weight}/{@code bias}
 * with the deterministic gates folded in, so gated-off weights are exact zeros.
 *
 * <p>Noise for {@link GateMode#STOCHASTIC} comes from the stream set by
 * {@link Module#setRng}: the k-th forward call after it draws from {@code rng.split(k)}, as
 * {@code Dropout} does, so a seeded run repeats its gates bit for bit.
 *
 * <pre>{@code
 * GatedLinear fc = new GatedLinear(64, 10, Structure.WEIGHTS, DiffPruneGate.standard());
 * Variable loss = task.add(fc.expectedL0().mul(1e-4));   // L0 surrogate: smooth count of open weights
 * Map<String, Tensor> plain = fc.exportState();          // weight·gate, for a plain Linear
 * }</pre>
 */
public abstract class GatedLayer extends Module {
    /** The gate parameter's name. */
    public static final String GATE = "gate_logits";

    private final GateState state;
    private final Structure structure;
    private final int units, perUnit;

    /**
     * @param units output units (rows of the weight)
     * @param perUnit weights per output unit
     */
    protected GatedLayer(GateFunction fn, Structure structure, int units, int perUnit, DType dtype) {
        this.state = new GateState(fn);
        this.structure = structure;
        this.units = units;
        this.perUnit = perUnit;
        param(GATE, Init.constant(fn.initialLogit()), dtype, gateShape());
    }

    /** The weight's shape (the layer registers it). */
    protected abstract int[] weightShape();

    private int[] gateShape() {
        return structure == Structure.WEIGHTS ? new int[] {units * perUnit} : new int[] {units};
    }

    public GateFunction gateFunction() {
        return state.fn;
    }

    public Structure structure() {
        return structure;
    }

    public GateMode mode() {
        return state.mode();
    }

    /** Sets how gates are computed while training; {@link GateMode#FROZEN} stores the current deterministic gates. */
    public void setMode(GateMode m) {
        state.setMode(m, p(GATE));
    }

    @Override
    protected void onRng(Rng r) {
        state.setRng(r);
    }

    /** Gate values for this forward pass, shaped to broadcast against the weight. */
    protected final Variable gates() {
        return state.gates(p(GATE), isTraining()).reshape(broadcastShape());
    }

    private int[] broadcastShape() {
        int[] w = weightShape();
        if (structure == Structure.WEIGHTS) return w.clone();
        int[] s = new int[w.length];
        java.util.Arrays.fill(s, 1);
        s[0] = units;
        return s;
    }

    /** {@code weight ⊙ gates}. */
    protected final Variable gatedWeight() {
        return p("weight").mul(gates());
    }

    /** The bias, gated with its unit under {@link Structure#UNITS}; null without bias. */
    protected final Variable gatedBias() {
        if (!hasParam("bias")) return null;
        if (structure == Structure.WEIGHTS) return p("bias");
        return p("bias").mul(gates().reshape(units));
    }

    /**
     * The L0 surrogate of this layer: Σ over gates of the gate's non-zero surrogate times the
     * number of weights it switches, i.e. a smooth count of the non-zero weights.
     */
    public Variable expectedL0() {
        Variable p = state.fn.nonZeroProbability(p(GATE)).sum();
        return structure == Structure.WEIGHTS ? p : p.mul(perUnit);
    }

    /** The deterministic gates (as {@link #exportState} uses them), shaped to broadcast against the weight. */
    public Tensor mask() {
        return state.mask(p(GATE)).reshape(broadcastShape());
    }

    /** Number of weights (biases excluded). */
    public long weightCount() {
        return (long) units * perUnit;
    }

    /** {@code weight} and {@code bias} of the equivalent plain layer: deterministic gates folded in, exact zeros where a gate is 0. */
    public Map<String, Tensor> exportState() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (NoGrad scope = NoGrad.enter()) {
            Tensor m = mask();
            out.put("weight", p("weight").value().mul(m).contiguous());
            if (hasParam("bias")) {
                Tensor b = p("bias").value();
                out.put("bias", (structure == Structure.UNITS ? b.mul(m.reshape(units)) : b.copy()).contiguous());
            }
        }
        return out;
    }

    /** For {@code toString}: gate name, structure and mode. */
    protected final String gateDescription() {
        return state.fn.name() + ", " + structure.name().toLowerCase(java.util.Locale.ROOT) + ", " + state.mode().name().toLowerCase(java.util.Locale.ROOT);
    }
}
