package io.vecgrad.autodiff.linalg;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The layout that flattens named parameter tensors into one 1-D vector (in the map's
 * iteration order) and back, so that an operator over a model's parameters (a Hessian, a
 * Gauss–Newton matrix) is a plain {@code LinearOperator} over vectors.
 *
 * <pre>{@code
 * ParameterVector layout = ParameterVector.of(params);      // {"w": [784, 256], "b": [256], ...}
 * Tensor flat = layout.flatten(params);                      // [layout.size()]
 * Map<String, Tensor> back = layout.unflatten(ritzVector);   // the same names and shapes
 * }</pre>
 */
public final class ParameterVector {
    private final String[] names;
    private final int[][] shapes;
    private final int[] offsets;
    private final DType dtype;

    private ParameterVector(String[] names, int[][] shapes, int[] offsets, DType dtype) {
        this.names = names;
        this.shapes = shapes;
        this.offsets = offsets;
        this.dtype = dtype;
    }

    /** The layout of {@code params}; the dtype is the promotion of all their (floating) dtypes. */
    public static ParameterVector of(Map<String, Tensor> params) {
        String[] names = params.keySet().toArray(new String[0]);
        int[][] shapes = new int[names.length][];
        int[] offsets = new int[names.length + 1];
        DType dt = null;
        for (int i = 0; i < names.length; i++) {
            Tensor t = params.get(names[i]);
            if (!t.dtype().isFloating()) throw new IllegalArgumentException("ParameterVector: parameter " + names[i] + " has dtype " + t.dtype() + ", need float32/float64");
            dt = dt == null ? t.dtype() : DType.promote(dt, t.dtype());
            shapes[i] = t.shape();
            offsets[i + 1] = Math.addExact(offsets[i], t.numel());
        }
        return new ParameterVector(names, shapes, offsets, dt == null ? DType.FLOAT64 : dt);
    }

    /** Total number of elements. */
    public int size() {
        return offsets[names.length];
    }

    public DType dtype() {
        return dtype;
    }

    /** The parameters concatenated into one 1-D tensor of {@link #dtype()}. */
    public Tensor flatten(Map<String, Tensor> values) {
        Tensor out = Tensor.zeros(dtype, size());
        for (int i = 0; i < names.length; i++) {
            Tensor t = values.get(names[i]);
            if (t == null || !Arrays.equals(t.shape(), shapes[i])) {
                throw new IllegalArgumentException("ParameterVector.flatten: " + names[i] + " should have shape " + Arrays.toString(shapes[i])
                        + ", got " + (t == null ? "nothing" : Arrays.toString(t.shape())));
            }
            out.slice(0, offsets[i], offsets[i + 1]).copyFrom(t.reshape(offsets[i + 1] - offsets[i]));
        }
        return out;
    }

    /** Splits a 1-D tensor of length {@link #size()} into the named shapes: views sharing the vector's storage (copies when it is not contiguous). */
    public Map<String, Tensor> unflatten(Tensor flat) {
        if (flat.dim() != 1 || flat.size(0) != size()) {
            throw new IllegalArgumentException("ParameterVector.unflatten: need a vector of length " + size() + ", got shape " + Arrays.toString(flat.shape()));
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            out.put(names[i], flat.slice(0, offsets[i], offsets[i + 1]).contiguous().reshape(shapes[i]));
        }
        return out;
    }
}
