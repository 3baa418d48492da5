package io.vecgrad.optim.mfac;

import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.State;
import io.vecgrad.optim.Update;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The M-FAC optimizer (P48; class {@code MFAC} in {@code optim.py} of IST-DASLab/M-FAC):
 * SGD preconditioned by the inverse of the damped empirical Fisher over a sliding window of the
 * last m gradients ({@link DynamicIhvp}). Per step, with all parameters flattened in order:
 *
 * <pre>
 * g ← ∇L + wd·θ;   insert g into the window (dropping the oldest);   u = F̂⁻¹g
 * v ← μ·v + (1 − μ)·u   (only when μ &gt; 0; v starts at 0);   θ ← θ − lr(t)·v  (or − lr(t)·u)
 * </pre>
 *
 * with {@code F̂ = damp·I + (1/m)·Σ g_i g_iᵀ}; the window starts as m zero gradients, as in the
 * code. Defaults are the code's: lr 1e-3, m = 1024, damp 1e-5, momentum 0, weight decay 0 (the
 * README example uses m = 512 and weight decay 0.003). Not an element-wise chain: the state holds
 * the window {@code G} (m × d) and {@code GGᵀ} (m × m) in float64 (the code keeps them in the
 * model's float32) plus the scalars {@code count} and {@code last}; {@link #applyInPlace} updates
 * them in place, {@link #update} on copies, with the same arithmetic. Cost per step O(dm + m³).
 *
 * <pre>{@code
 * Optimizer opt = Optimizer.of(params, Mfac.of(Schedule.constant(1e-3), 512, 1e-5, 0, 3e-3));
 * opt.step(grads);
 * }</pre>
 */
public final class Mfac implements GradientTransformation {
    private final Schedule lr;
    private final int ngrads;
    private final double damp;
    private final double momentum;
    private final double weightDecay;

    private Mfac(Schedule lr, int ngrads, double damp, double momentum, double weightDecay) {
        if (ngrads < 1) throw new IllegalArgumentException("Mfac: ngrads must be >= 1, got " + ngrads);
        if (!(damp > 0)) throw new IllegalArgumentException("Mfac: damp must be > 0, got " + damp);
        if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("Mfac: momentum must be in [0, 1), got " + momentum);
        if (!(weightDecay >= 0)) throw new IllegalArgumentException("Mfac: weight decay must be >= 0, got " + weightDecay);
        this.lr = lr;
        this.ngrads = ngrads;
        this.damp = damp;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
    }

    /** M-FAC with the code's defaults: lr 1e-3, m = 1024, damp 1e-5, no momentum or weight decay. */
    public static Mfac of(double lr) {
        return of(Schedule.constant(lr), 1024, 1e-5, 0, 0);
    }

    /** M-FAC with a window of {@code ngrads} gradients, damping, momentum μ (the code's v = μv + (1−μ)u) and coupled weight decay. */
    public static Mfac of(Schedule lr, int ngrads, double damp, double momentum, double weightDecay) {
        return new Mfac(lr, ngrads, damp, momentum, weightDecay);
    }

    public int ngrads() {
        return ngrads;
    }

    @Override
    public State init(Params params) {
        int d = Math.toIntExact(params.numel());
        State s = State.EMPTY.withSlot("window", Params.of("grads", Tensor.zeros(DType.FLOAT64, ngrads, d), "dots", Tensor.zeros(DType.FLOAT64, ngrads, ngrads)))
                .withScalar("count", 0).withScalar("last", 0);
        if (momentum > 0) s = s.withSlot("momentum", Params.of("v", Tensor.zeros(DType.FLOAT64, d)));
        return s;
    }

    @Override
    public Update update(Params grads, State state, Params params) {
        Params w = state.slot("window");
        Params window = Params.of("grads", w.get("grads").copy(), "dots", w.get("dots").copy());
        State copy = state.withSlot("window", window);
        if (momentum > 0) copy = copy.withSlot("momentum", Params.of("v", state.slot("momentum").get("v").copy()));
        return step(grads, copy, params);
    }

    @Override
    public State applyInPlace(Params grads, State state, Params params) {
        Update u = step(grads, state, params);
        params.addInPlace(u.updates());
        return u.state();
    }

    @Override
    public Map<String, Double> hyperParams(State state) {
        return Map.of("lr", lr.at(state.count()));
    }

    /** One step that overwrites the window buffers of {@code state} (the callers pass copies or owned state). */
    private Update step(Params grads, State state, Params params) {
        grads.requireSameNames("Mfac.update", params);
        int d = Math.toIntExact(params.numel());
        Params window = state.slot("window");
        double[] g = flatten(grads, params, d);
        int last = (int) state.scalar("last");
        DynamicIhvp hinv = new DynamicIhvp(ngrads, d, damp, window.get("grads").doubleArray(), window.get("dots").doubleArray(), last);
        double[] u = hinv.updateMul(g);
        for (double x : u) {
            if (!Double.isFinite(x)) throw new ArithmeticException("Mfac: non-finite preconditioned gradient at step " + state.count() + " (gradient or window holds NaN/Inf)");
        }
        if (momentum > 0) {
            double[] v = state.slot("momentum").get("v").doubleArray();
            for (int k = 0; k < d; k++) v[k] = momentum * v[k] + (1 - momentum) * u[k];
            u = v;
        }
        double rate = lr.at(state.count());
        Map<String, Tensor> out = new LinkedHashMap<>();
        int off = 0;
        for (String name : params.names()) {
            Tensor p = params.get(name);
            int n = p.numel();
            if (p.dtype() == DType.FLOAT32) {
                float[] step = new float[n];
                for (int k = 0; k < n; k++) step[k] = (float) (-rate * u[off + k]);
                out.put(name, Tensor.of(step, p.shape()));
            } else {
                double[] step = new double[n];
                for (int k = 0; k < n; k++) step[k] = -rate * u[off + k];
                out.put(name, Tensor.of(step, p.shape()).to(p.dtype()));
            }
            off += n;
        }
        State next = state.withScalar("count", state.count() + 1).withScalar("last", hinv.last());
        return new Update(Params.of(out), next);
    }

    private double[] flatten(Params grads, Params params, int d) {
        double[] g = new double[d];
        int off = 0;
        for (String name : params.names()) {
            double[] gv = grads.get(name).toDoubleArray();
            if (weightDecay > 0) {
                double[] pv = params.get(name).toDoubleArray();
                for (int k = 0; k < gv.length; k++) g[off + k] = gv[k] + weightDecay * pv[k];
            } else {
                System.arraycopy(gv, 0, g, off, gv.length);
            }
            off += gv.length;
        }
        return g;
    }
}
