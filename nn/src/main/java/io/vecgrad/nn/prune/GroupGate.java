package io.vecgrad.nn.prune;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.Init;
import io.vecgrad.nn.Module;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;

/**
 * Gates on groups of activations along one axis: {@code groups} gates, each multiplying
 * {@code size} consecutive entries. With size 1 on the feature axis it gates neurons, on axis 1
 * of NCHW maps it gates channels, and on the last axis of a {@code [N, T, heads·headDim]}
 * attention output with size = headDim it gates attention heads (put it before the output
 * projection). Parameter: {@code gate_logits [groups]}. A zero gate zeroes every entry of its
 * group exactly, so the group's contribution to the output is removed.
 *
 * <pre>{@code
 * GroupGate heads = new GroupGate(-1, 4, 16, DiffPruneGate.standard());   // 4 heads of 16 dims
 * Variable gated = heads.forward(attended);                                // [N, T, 64]
 * Variable l0 = heads.expectedL0();                                        // smooth count of open heads
 * }</pre>
 */
public class GroupGate extends Module {
    private final int axis, groups, size;
    private final GateState state;
    private final Tensor index;

    public GroupGate(int axis, int groups, int size, GateFunction gate) {
        this(axis, groups, size, gate, DType.FLOAT32);
    }

    public GroupGate(int axis, int groups, int size, GateFunction gate, DType dtype) {
        if (groups < 1 || size < 1) throw new IllegalArgumentException("GroupGate: groups and size must be >= 1, got groups=" + groups + ", size=" + size);
        this.axis = axis;
        this.groups = groups;
        this.size = size;
        this.state = new GateState(gate);
        long[] idx = new long[groups * size];
        for (int i = 0; i < idx.length; i++) idx[i] = i / size;
        this.index = Tensor.of(idx);
        param(GatedLayer.GATE, Init.constant(gate.initialLogit()), dtype, groups);
    }

    public void setMode(GateMode m) {
        state.setMode(m, p(GatedLayer.GATE));
    }

    public GateMode mode() {
        return state.mode();
    }

    @Override
    protected void onRng(Rng r) {
        state.setRng(r);
    }

    @Override
    public Variable forward(Variable x) {
        int[] s = x.shape();
        int ax = axis < 0 ? s.length + axis : axis;
        if (ax < 0 || ax >= s.length || s[ax] != groups * size) {
            throw shapeError("axis " + axis + " of length " + groups * size + " (" + groups + " groups of " + size + ")", s);
        }
        Variable z = state.gates(p(GatedLayer.GATE), isTraining());
        int[] b = new int[s.length];
        java.util.Arrays.fill(b, 1);
        b[ax] = groups * size;
        return x.mul(z.indexSelect(0, index).reshape(b));
    }

    /** Smooth count of open groups times the group size. */
    public Variable expectedL0() {
        return state.fn.nonZeroProbability(p(GatedLayer.GATE)).sum().mul(size);
    }

    /** The deterministic gates, one per group. */
    public Tensor mask() {
        return state.mask(p(GatedLayer.GATE));
    }

    @Override
    public String toString() {
        return "GroupGate(axis=" + axis + ", groups=" + groups + ", size=" + size + ", " + state.fn.name() + ")";
    }
}
