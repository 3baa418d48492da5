package io.vecgrad.optim.first;

import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.optim.LeafTransform;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.State;
import io.vecgrad.optim.Transforms;
import io.vecgrad.optim.Update;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.kernel.OptimKernelsF32;
import io.vecgrad.tensor.kernel.OptimKernelsF64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam, AdamW and AMSGrad (Kingma and Ba 2015; Loshchilov and Hutter 2019; Reddi et al. 2018)
 * with PyTorch 1.13 semantics (spec B2, B3), as one fused transformation:
 *
 * <pre>
 * g ← g + λθ                      (coupled L2, Adam)      or   θ ← θ·(1 − lr·λ)  (decoupled, AdamW)
 * m ← β1·m + (1−β1)·g;   v ← β2·v + (1−β2)·g²;   [v_max ← max(v_max, v)]
 * θ ← θ − (lr/(1−β1^t))·m / (sqrt(v or v_max)/sqrt(1−β2^t) + ε)
 * </pre>
 *
 * Defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0 (AdamW 1e-2). State: slots
 * {@code m}, {@code v} (+ {@code v_max}) and {@code count}. Contiguous parameters take the fused
 * single-pass kernel {@code OptimKernelsF64/F32.adam}, which multiplies by the precomputed
 * {@code 1/sqrt(1−β2^t)} where PyTorch divides (at most 1 ulp apart; the golden trajectories agree
 * to 1e-12). {@link #scaleByAdam} is the composable
 * direction-only form ({@code chain(scaleByAdam, scaleByLearningRate)} equals Adam up to rounding).
 *
 * <pre>{@code
 * Optimizer opt = Optimizer.of(params, Adam.adam(1e-3));
 * Optimizer optW = Optimizer.of(params, Adam.adamW(1e-3, 0.9, 0.999, 1e-8, 1e-2));
 * }</pre>
 */
public final class Adam implements GradientTransformation {
    private final Schedule lr;
    private final double b1, b2, eps, weightDecay;
    private final boolean decoupled, amsgrad;

    private Adam(Schedule lr, double b1, double b2, double eps, double weightDecay, boolean decoupled, boolean amsgrad) {
        if (!(b1 >= 0 && b1 < 1 && b2 >= 0 && b2 < 1)) throw new IllegalArgumentException("Adam: betas must be in [0, 1), got " + b1 + ", " + b2);
        if (!(eps >= 0 && weightDecay >= 0)) throw new IllegalArgumentException("Adam: eps and weight decay must be >= 0, got " + eps + ", " + weightDecay);
        this.lr = lr;
        this.b1 = b1;
        this.b2 = b2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
        this.amsgrad = amsgrad;
    }

    /** Adam with PyTorch defaults. */
    public static Adam adam(double lr) {
        return adam(Schedule.constant(lr), 0.9, 0.999, 1e-8, 0, false);
    }

    /** Adam with coupled L2 weight decay; {@code amsgrad} keeps the running maximum of v. */
    public static Adam adam(Schedule lr, double b1, double b2, double eps, double weightDecay, boolean amsgrad) {
        return new Adam(lr, b1, b2, eps, weightDecay, false, amsgrad);
    }

    /** AMSGrad with PyTorch defaults. */
    public static Adam amsgrad(double lr) {
        return adam(Schedule.constant(lr), 0.9, 0.999, 1e-8, 0, true);
    }

    /** AdamW: decoupled decay {@code θ ← θ(1 − lr·λ)} before the Adam step. */
    public static Adam adamW(double lr, double b1, double b2, double eps, double weightDecay) {
        return adamW(Schedule.constant(lr), b1, b2, eps, weightDecay, false);
    }

    /** AdamW with a learning-rate schedule and optional AMSGrad. */
    public static Adam adamW(Schedule lr, double b1, double b2, double eps, double weightDecay, boolean amsgrad) {
        return new Adam(lr, b1, b2, eps, weightDecay, true, amsgrad);
    }

    @Override
    public State init(Params params) {
        State s = State.EMPTY.withCount(0).withSlot("m", params.zerosLike()).withSlot("v", params.zerosLike());
        return amsgrad ? s.withSlot("v_max", params.zerosLike()) : s;
    }

    @Override
    public Map<String, Double> hyperParams(State state) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("lr", lr.at(state.count()));
        m.put("beta1", b1);
        m.put("beta2", b2);
        m.put("eps", eps);
        m.put("weight_decay", weightDecay);
        return m;
    }

    @Override
    public Update update(Params grads, State state, Params params) {
        State next = Slots.copy(state);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String name : grads.names()) {
            Tensor p = params.get(name);
            Tensor u = Tensor.zeros(p.dtype(), p.shape());
            step(name, grads.get(name), next, p.contiguous(), u, false);
            out.put(name, u);
        }
        return new Update(Params.of(out), next.withCount(state.count() + 1));
    }

    @Override
    public State applyInPlace(Params grads, State state, Params params) {
        for (String name : grads.names()) {
            Tensor p = params.get(name);
            if (p.isContiguous()) {
                step(name, grads.get(name), state, p, p, true);
            } else {
                Tensor pc = p.contiguous();
                step(name, grads.get(name), state, pc, pc, true);
                p.copyFrom(pc);
            }
        }
        return state.withCount(state.count() + 1);
    }

    /** One tensor: moments in {@code s} are updated in place; writes θ' or the update into {@code out}. */
    private void step(String name, Tensor grad, State s, Tensor p, Tensor out, boolean inPlace) {
        long t = s.count() + 1;
        double lrT = lr.at(t - 1);
        double bc1 = 1 - Math.pow(b1, t);
        double bc2 = 1 - Math.pow(b2, t);
        double stepSize = lrT / bc1;
        double bc2Sqrt = Math.sqrt(bc2);
        double decay = decoupled ? 1 - lrT * weightDecay : 1;
        double l2 = decoupled ? 0 : weightDecay;
        Tensor g = grad.to(p.dtype()).contiguous();
        Tensor m = s.slot("m").get(name), v = s.slot("v").get(name);
        Tensor x = amsgrad ? s.slot("v_max").get(name) : null;
        int n = p.numel();
        if (p.dtype() == DType.FLOAT32) {
            OptimKernelsF32.adam(p.floatArray(), p.offset(), g.floatArray(), g.offset(), m.floatArray(), m.offset(),
                    v.floatArray(), v.offset(), x == null ? null : x.floatArray(), x == null ? 0 : x.offset(),
                    out.floatArray(), out.offset(), n, (float) b1, (float) b2, (float) stepSize, (float) bc2Sqrt,
                    (float) eps, (float) decay, (float) l2, inPlace);
        } else if (p.dtype() == DType.FLOAT64) {
            OptimKernelsF64.adam(p.doubleArray(), p.offset(), g.doubleArray(), g.offset(), m.doubleArray(), m.offset(),
                    v.doubleArray(), v.offset(), x == null ? null : x.doubleArray(), x == null ? 0 : x.offset(),
                    out.doubleArray(), out.offset(), n, b1, b2, stepSize, bc2Sqrt, eps, decay, l2, inPlace);
        } else {
            throw new IllegalArgumentException("Adam: parameter '" + name + "' must be float32 or float64, got " + p.dtype());
        }
    }

    /**
     * The composable Adam direction {@code m̂/(sqrt(v̂) + ε)} with bias correction (Optax
     * {@code scale_by_adam}); follow it with {@link Transforms#scaleByLearningRate}.
     */
    public static GradientTransformation scaleByAdam(double b1, double b2, double eps, boolean amsgrad) {
        return new LeafTransform(amsgrad ? new String[] {"m", "v", "v_max"} : new String[] {"m", "v"}) {
            @Override
            protected Tensor[] leaf(Tensor g, Tensor p, Tensor[] s, Step step) {
                Tensor m = s[0].mul(b1).add(g.mul(1 - b1));
                Tensor v = s[1].mul(b2).add(g.mul(1 - b2).mul(g));
                Tensor vx = amsgrad ? s[2].maximum(v) : v;
                double bc1 = 1 - Math.pow(b1, step.t());
                double bc2Sqrt = Math.sqrt(1 - Math.pow(b2, step.t()));
                Tensor u = m.div(vx.sqrt().div(bc2Sqrt).add(eps)).div(bc1);
                return amsgrad ? new Tensor[] {u, m, v, vx} : new Tensor[] {u, m, v};
            }
        };
    }
}
