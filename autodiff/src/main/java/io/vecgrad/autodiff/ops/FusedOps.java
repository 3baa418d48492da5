package io.vecgrad.autodiff.ops;

import io.vecgrad.autodiff.Autodiff;
import io.vecgrad.autodiff.Broadcast;
import io.vecgrad.autodiff.GradSink;
import io.vecgrad.autodiff.Tape;
import io.vecgrad.autodiff.Unary;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.autodiff.ViewOps;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.FusedRows;
import io.vecgrad.tensor.LinearEpilogue;
import io.vecgrad.tensor.Tensor;
import java.util.List;
import java.util.function.Function;

/**
 * Fused ops with their own VJP: one kernel pass forward, one backward, saving only per-row
 * statistics instead of the composed form's intermediates. The composed form
 * ({@link #softmaxCrossEntropyComposed}, {@link #layerNormComposed}) is the test oracle and the
 * create-graph path: when the backward itself is recorded (second order), the rule
 * differentiates the composed form, so higher derivatives are exact.
 *
 * <pre>{@code
 * Variable perRow = FusedOps.softmaxCrossEntropy(logits, labels);   // [N] = −log softmax(logits)[y]
 * Variable y = FusedOps.layerNorm(x, weight, bias, 1, 1e-5);       // over the last axis
 * }</pre>
 */
public final class FusedOps {
    private FusedOps() {}

    /** Op names, for {@link OpRegistry}. */
    public static final List<String> OPS = List.of("softmaxCrossEntropy", "layerNorm", "linear", "linearRelu", "linearGelu");

    /**
     * Per-row softmax cross-entropy {@code −log softmax(logits)[r, y_r]} of logits {@code [N, K]}
     * at integer labels {@code [N]} in {@code [0, K)}; the VJP is {@code g·(softmax − onehot)}.
     */
    public static Variable softmaxCrossEntropy(Variable logits, Tensor labels) {
        Tensor[] r = FusedRows.crossEntropy(logits.value(), labels);
        Tensor stats = r[1];
        return Tape.record("softmaxCrossEntropy", r[0], (g, out, s) -> {
            if (Tape.isRecording(g, logits)) {
                composedVjp(in -> softmaxCrossEntropyComposed(in[0], labels), new Variable[] {logits}, g, s);
            } else {
                s.put(0, Variable.constant(FusedRows.crossEntropyBackward(logits.value(), labels, stats, g.value())));
            }
        }, Tape.SAVE_IN0, logits);
    }

    /** The composed form of {@link #softmaxCrossEntropy}: log-softmax, gather, negate. */
    public static Variable softmaxCrossEntropyComposed(Variable logits, Tensor labels) {
        int n = labels.size(0);
        return logits.logSoftmax(1).gather(1, labels.to(DType.INT64).reshape(n, 1)).reshape(n).neg();
    }

    /**
     * Layer normalization over the last {@code axes} axes (biased variance), then
     * {@code ·weight + bias} when {@code weight} is not null ({@code weight}, {@code bias} shaped
     * like those axes).
     */
    public static Variable layerNorm(Variable x, Variable weight, Variable bias, int axes, double eps) {
        int[] s = x.shape();
        if (axes < 1 || axes > s.length) throw new IllegalArgumentException("layerNorm: cannot normalize the last " + axes + " axes of a rank-" + s.length + " input");
        if ((weight == null) != (bias == null)) throw new IllegalArgumentException("layerNorm: weight and bias go together");
        int d = 1;
        for (int i = s.length - axes; i < s.length; i++) d *= s[i];
        if (weight != null && (weight.numel() != d || bias.numel() != d)) {
            throw new IllegalArgumentException("layerNorm: weight/bias of " + weight.numel() + "/" + bias.numel() + " elements for " + d + " normalized elements");
        }
        int dd = d;
        Tensor[] r = FusedRows.layerNorm(x.value(), d, weight == null ? null : weight.value(), bias == null ? null : bias.value(), eps);
        Tensor stats = r[1];
        Variable[] ins = weight == null ? new Variable[] {x} : new Variable[] {x, weight, bias};
        // The statistics are graph-owned scratch: only the rule reads them (back to the pool after it).
        return Tape.recordWithScratch("layerNorm", r[0], stats, (g, out, sink) -> {
            if (Tape.isRecording(ins)) {
                composedVjp(in -> layerNormComposed(in[0], in.length > 1 ? in[1] : null, in.length > 1 ? in[2] : null, axes, eps), ins, g, sink);
                return;
            }
            boolean affine = weight != null && (sink.needs(1) || sink.needs(2));
            Tensor[] gr = FusedRows.layerNormBackward(x.value(), dd, weight == null ? null : weight.value(), stats, g.value(), sink.needs(0), affine);
            if (sink.needs(0)) sink.put(0, Variable.constant(gr[0]));
            if (affine && sink.needs(1)) sink.put(1, Variable.constant(gr[1].reshape(weight.shape())));
            if (affine && sink.needs(2)) sink.put(2, Variable.constant(gr[2].reshape(bias.shape())));
        }, weight == null ? Tape.SAVE_IN0 : Tape.SAVE_IN0 | Tape.SAVE_IN1, ins);
    }

    /** The composed form of {@link #layerNorm}: mean, centre, biased variance, rsqrt, affine. */
    public static Variable layerNormComposed(Variable x, Variable weight, Variable bias, int axes, double eps) {
        int r = x.dim();
        int[] ax = new int[axes];
        for (int i = 0; i < axes; i++) ax[i] = r - axes + i;
        Variable centered = x.sub(x.mean(ax, true));
        Variable var = centered.square().mean(ax, true);
        Variable y = centered.mul(var.add(eps).rsqrt());
        return weight == null ? y : y.mul(weight).add(bias);
    }

    /**
     * A linear layer {@code x·weightᵀ + bias} ({@code weight [out, in]}, {@code bias [out]} or
     * null) as one node: the GEMM's micro-kernel adds the bias as it stores its output
     * ({@link LinearEpilogue#matmulBiasRelu}), so the forward allocates one tensor instead of two
     * and makes one pass over it. Same arithmetic as {@link #linearComposed} (bitwise equal
     * forward and backward).
     */
    public static Variable linear(Variable x, Variable weight, Variable bias) {
        Tensor y;
        if (bias == null || (bias.dim() == 1 && bias.dtype() == x.dtype() && weight.dtype() == x.dtype())) {
            y = LinearEpilogue.matmulBiasRelu(x.value(), weight.value().mT(), bias == null ? null : bias.value(), false);
        } else {
            y = x.value().matmul(weight.value().mT()); // mixed dtypes or a broadcast bias: the general add
            y.addInPlace(bias.value());
        }
        Variable[] ins = bias == null ? new Variable[] {x, weight} : new Variable[] {x, weight, bias};
        return Tape.record("linear", y, (g, out, s) -> {
            if (Tape.isRecording(ins)) {
                composedVjp(in -> linearComposed(in[0], in[1], in.length > 2 ? in[2] : null), ins, g, s);
                return;
            }
            linearVjp(x, weight, bias, g, s);
        }, Tape.SAVE_IN0 | Tape.SAVE_IN1, ins);
    }

    /** The composed form's VJPs of {@code x·weightᵀ + bias}, op for op (matmul, transpose, broadcast add), not recorded. */
    private static void linearVjp(Variable x, Variable weight, Variable bias, Variable g, GradSink s) {
        if (x.dim() > 2 && (bias == null || bias.dim() == 1) && foldsRows(x.value(), g.value())) {
            // [B, T, in] with T > 1: the 2-D rules on the [B·T, ·] views (one GEMM each instead of B,
            // the weight gradient contiguous). Every GEMM path a batch of T > 1 rows takes sums each
            // element over p in the same order, and the bias gradient sums the same rows in the same
            // order, so the bits are those of the batched rules below.
            Tensor xv = x.value(), gv = g.value();
            int k = xv.size(-1), n = gv.size(-1);
            matrixVjp(xv.reshape(xv.numel() / k, k), weight, bias, gv.reshape(gv.numel() / n, n), xv.shape(), s);
            return;
        }
        if (x.dim() == 2 && g.dim() == 2 && (bias == null || bias.dim() == 1)) {
            matrixVjp(x.value(), weight, bias, g.value(), null, s);
            return;
        }
        if (s.needs(0)) s.put(0, Broadcast.sumTo(g.matmul(weight), x.shape()));
        if (s.needs(1)) {
            int k = x.size(-1), n = g.size(-1);
            Variable gw = x.dim() > 2 ? ViewOps.reshape(x, -1, k).mT().matmul(ViewOps.reshape(g, -1, n)) : Broadcast.sumTo(x.mT().matmul(g), new int[] {k, n});
            s.put(1, gw.mT());
        }
        if (bias != null && s.needs(2)) s.put(2, Broadcast.sumToShapeOf(g, bias));
    }

    /** Whether x [..., T, in] and its output's cotangent g [..., T, out] fold into row matrices (contiguous, same leading axes, T &gt; 1, k, n &gt; 0). */
    private static boolean foldsRows(Tensor x, Tensor g) {
        int r = x.dim();
        if (g.dim() != r || x.size(-2) < 2 || x.size(-1) == 0 || g.size(-1) == 0 || !x.isContiguous() || !g.isContiguous()) return false;
        for (int d = 0; d < r - 1; d++) if (x.size(d) != g.size(d)) return false;
        return true;
    }

    /**
     * The linear rules on matrices x [N, in], g [N, out], as tensor ops without the Variable
     * wrappers of each step (the per-op cost of small layers); {@code xShape} non-null: x's
     * gradient is reshaped to it.
     */
    private static void matrixVjp(Tensor xv, Variable weight, Variable bias, Tensor gv, int[] xShape, GradSink s) {
        if (s.needs(0)) s.put(0, Variable.constant(xShape == null ? gv.matmul(weight.value()) : gv.matmul(weight.value()).reshape(xShape)));
        // gᵀ·x, not the composed (xᵀ·g)ᵀ: the same products summed in the same order for every
        // element (GemmF64 sums each C(i,j) over p in one fixed order on every path either form
        // takes), but the result is contiguous, so the leaf adopts it or copies it at unit
        // stride instead of transposing 784×256 floats with a strided walk (step-mlp).
        // Into the weight's zeroed gradient buffer where the engine offers it: the same GEMM, so the
        // same bits, without the copy from a fresh tensor.
        if (s.needs(1)) {
            Tensor buf = s.overwritableGrad(1);
            if (buf != null && LinearEpilogue.transposedTimesInto(gv, xv, buf)) s.overwrote(1);
            else s.put(1, Variable.constant(LinearEpilogue.transposedTimes(gv, xv)));
        }
        if (bias != null && s.needs(2)) s.put(2, Variable.constant(gv.sum(FIRST_AXIS, false)));
    }

    private static final int[] FIRST_AXIS = {0};

    /** An activation fused into a linear layer's epilogue ({@link #linear(Variable, Variable, Variable, Epilogue)}). */
    public enum Epilogue {
        /** {@code max(z, 0)}, derivative 0 at 0 (as {@link Variable#relu}). */
        RELU,
        /** Exact (erf) GELU (as {@link Variable#gelu}). */
        GELU
    }

    /**
     * {@code act(x·weightᵀ + bias)} as one node ({@code act} null: {@link #linear(Variable, Variable, Variable)}).
     * ReLU runs as the GEMM micro-kernel's epilogue (bias add and max applied as the final K
     * block's tiles are stored, {@link LinearEpilogue#matmulBiasRelu}) and its backward reads the
     * mask from the output, so the forward allocates one tensor instead of two and the graph
     * holds one node instead of two. GELU gets the bias from the same epilogue, then computes
     * {@link Unary#geluValue} from the pre-activation in a separate pass (the rule keeps the
     * pre-activation as graph-owned scratch). Bitwise equal, forward and backward, to
     * {@link #linearComposed(Variable, Variable, Variable, Epilogue)}: every element gets the
     * same operations in the same order. Under create-graph the rule differentiates the composed
     * form, so second derivatives are exact.
     *
     * <pre>{@code
     * Variable h = FusedOps.linear(x, w1, b1, FusedOps.Epilogue.RELU);   // = x·w1ᵀ + b1, then relu
     * }</pre>
     */
    public static Variable linear(Variable x, Variable weight, Variable bias, Epilogue act) {
        if (act == null) return linear(x, weight, bias);
        Tensor z = LinearEpilogue.matmulBiasRelu(x.value(), weight.value().mT(), bias == null ? null : bias.value(), act == Epilogue.RELU);
        Variable[] ins = bias == null ? new Variable[] {x, weight} : new Variable[] {x, weight, bias};
        if (act == Epilogue.RELU) {
            return Tape.record("linearRelu", z, (g, out, s) -> {
                if (Tape.isRecording(ins)) {
                    composedVjp(in -> linearComposed(in[0], in[1], in.length > 2 ? in[2] : null, act), ins, g, s);
                    return;
                }
                linearVjp(x, weight, bias, Variable.constant(LinearEpilogue.reluBackward(g.value(), out.value())), s);
            }, Tape.SAVE_IN0 | Tape.SAVE_IN1 | Tape.SAVE_OUTPUT, ins);
        }
        return Tape.recordWithScratch("linearGelu", Unary.geluValue(z), z, (g, out, s) -> {
            if (Tape.isRecording(ins)) {
                composedVjp(in -> linearComposed(in[0], in[1], in.length > 2 ? in[2] : null, act), ins, g, s);
                return;
            }
            linearVjp(x, weight, bias, g.mul(Unary.geluDerivative(Variable.constant(z))), s);
        }, Tape.SAVE_IN0 | Tape.SAVE_IN1, ins);
    }

    /** The composed form of {@link #linear(Variable, Variable, Variable, Epilogue)}: the linear map, then the activation. */
    public static Variable linearComposed(Variable x, Variable weight, Variable bias, Epilogue act) {
        Variable z = linearComposed(x, weight, bias);
        if (act == null) return z;
        return act == Epilogue.RELU ? z.relu() : z.gelu();
    }

    /** The composed form of {@link #linear}: matmul with the transposed weight, then a broadcast add. */
    public static Variable linearComposed(Variable x, Variable weight, Variable bias) {
        Variable y = x.matmul(weight.mT());
        return bias == null ? y : y.add(bias);
    }

    /**
     * Delivers the VJP of the composed form {@code f} at {@code inputs} for cotangent {@code g},
     * recorded (for create-graph backward passes): differentiates {@code f} in a nested pass.
     */
    static void composedVjp(Function<Variable[], Variable> f, Variable[] inputs, Variable g, GradSink s) {
        int count = 0;
        for (int i = 0; i < inputs.length; i++) if (s.needs(i)) count++;
        Variable[] wrt = new Variable[count];
        int[] at = new int[count];
        for (int i = 0, j = 0; i < inputs.length; i++) {
            if (s.needs(i)) {
                wrt[j] = inputs[i];
                at[j++] = i;
            }
        }
        if (count == 0) return;
        Variable out = f.apply(inputs);
        Variable[] gs = Autodiff.gradients(out, g, true, wrt);
        for (int j = 0; j < count; j++) s.put(at[j], gs[j]);
    }
}
