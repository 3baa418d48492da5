package io.vecgrad.nn.moe;

import io.vecgrad.autodiff.Index;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.Init;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.TrainingPenalty;
import io.vecgrad.nn.layers.Activation;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import java.util.function.Supplier;

/**
 * A sparse mixture-of-experts feed-forward layer on {@code [..., d]}: a linear router, E
 * {@link ExpertFfn} experts, top-k (or experts-choose) routing with an expert capacity, and the
 * two auxiliary losses. Every token is routed independently ("tokens" are all positions of all
 * examples of the call, one group).
 *
 * <p>Sources. IMP (Akbari et al., NeurIPS 2023, "Alternating Gradient Descent and
 * Mixture-of-Experts for Integrated Multimodal Perception") states the MoE encoder but not its
 * router formulas in the abstract we could retrieve; the formulas here follow the authors' code,
 * google-research {@code imp/max/modeling/routing.py} (itself from Flaxformer):
 * <ul>
 *   <li>router logits {@code H = X·W_rᵀ + b_r} (W_r ~ N(0, 0.02²), b_r = 0, as
 *       {@code default_kernel_init}); probabilities {@code P = softmax(H)} per token;
 *   <li>tokens-choose: the top-k experts of each token; combine weight = the raw probability
 *       {@code P[t, e]} (no renormalization unless {@link MoeOptions#renormalize()}, GShard's
 *       variant); capacity, priority and dropping as {@link Routing};
 *   <li>output {@code y_t = Σ_{e kept for t} g_{t,e} · FFN_e(x_t)}; a token no expert keeps gets 0
 *       (inside a residual block it passes through unchanged);
 *   <li>load-balancing loss {@code L_bal = E² · mean_e(f_e · P̄_e) = E · Σ_e f_e P̄_e}, f_e the
 *       fraction of tokens with e among their top-k (before capacity), P̄_e the mean probability
 *       ({@code _load_balancing_loss}; with k = 1 Switch's loss, 1 under uniform routing); zero for
 *       experts-choose (balanced by construction, as the code);
 *   <li>router z-loss {@code L_z = mean_t (logsumexp_e H[t, e])²} (ST-MoE, {@code _router_z_loss}).
 * </ul>
 * The router's multiplicative input jitter of the code is not implemented (its default is off).
 * {@link #auxiliaryLoss()} is {@code α·L_bal + β·L_z} of the last call; add it to the task loss
 * (see {@link #auxiliaryLoss(Module)} for a whole model).
 *
 * <pre>{@code
 * import io.vecgrad.autodiff.Variable;
 * import io.vecgrad.nn.layers.Activation;
 * import io.vecgrad.nn.moe.MoeLayer;
 * import io.vecgrad.nn.moe.MoeOptions;
 * import io.vecgrad.tensor.DType;
 * import io.vecgrad.tensor.Tensor;
 *
 * MoeLayer moe = new MoeLayer(16, 32, MoeOptions.tokensChoose(4, 1), Activation::gelu, DType.FLOAT32);
 * Variable y = moe.forward(Variable.constant(Tensor.ones(DType.FLOAT32, 2, 5, 16)));  // [2, 5, 16]
 * Variable aux = moe.auxiliaryLoss();                 // α·balance + β·z of that call
 * int dropped = moe.lastRouting().droppedChoices();
 * }</pre>
 */
public final class MoeLayer extends Module implements TrainingPenalty {
    private final int d;
    private final MoeOptions options;
    private Routing lastRouting;
    private Variable lastBalance, lastZ;

    public MoeLayer(int d, int hidden, MoeOptions options, Supplier<Activation> act, DType dtype) {
        if (d <= 0 || hidden <= 0) throw new IllegalArgumentException("MoeLayer: d and hidden must be positive, got " + d + ", " + hidden);
        this.d = d;
        this.options = options;
        Linear router = child("router", new Linear(d, options.experts(), true, dtype));
        router.setInitializer("weight", Init.normal(0.02)).setInitializer("bias", Init.zeros());
        router.initialize(new io.vecgrad.tensor.random.Rng(0).split("router"));
        for (int e = 0; e < options.experts(); e++) child("expert" + e, new ExpertFfn(d, hidden, act.get(), dtype));
    }

    public MoeOptions options() {
        return options;
    }

    @Override
    public Variable forward(Variable x) {
        int[] s = x.shape();
        if (s.length < 2 || s[s.length - 1] != d) throw shapeError("[..., " + d + "] with at least 2 axes", s);
        int t = x.numel() / d, e = options.experts();
        Variable xf = x.reshape(t, d);
        Variable logits = children().get("router").forward(xf);                    // [T, E]
        Variable probs = logits.softmax(1);
        Routing r = Routing.plan(probs.value().to(DType.FLOAT64).toDoubleArray(), t, options);
        lastRouting = r;
        lastZ = logits.logsumexp(new int[] {1}, false).square().mean();
        lastBalance = balance(probs, r);
        Variable gates = gates(probs, r).reshape(t * e);
        Variable out = null;
        for (int ex = 0; ex < e; ex++) {
            int[] tok = r.tokens()[ex];
            if (tok.length == 0) continue;
            long[] idx = new long[tok.length], flat = new long[tok.length];
            for (int i = 0; i < tok.length; i++) {
                idx[i] = tok[i];
                flat[i] = (long) tok[i] * e + ex;
            }
            Tensor index = Tensor.of(idx);
            Variable ye = children().get("expert" + ex).forward(xf.indexSelect(0, index));
            Variable g = gates.indexSelect(0, Tensor.of(flat)).unsqueeze(1);
            Variable part = Index.indexAdd(ye.mul(g), 0, index, t);
            out = out == null ? part : out.add(part);
        }
        if (out == null) out = Variable.constant(Tensor.zeros(x.dtype(), t, d));
        return out.reshape(s);
    }

    /** The combine weights per (token, expert): raw probabilities, or renormalized over each token's top-k. */
    private Variable gates(Variable probs, Routing r) {
        if (!options.renormalize() || r.topChoice().length == 0) return probs;
        int t = r.topChoice().length, e = options.experts();
        double[] mask = new double[t * e];
        for (int i = 0; i < t; i++) for (int ex : r.topChoice()[i]) mask[i * e + ex] = 1;
        Variable m = Variable.constant(Tensor.of(mask, t, e).to(probs.dtype()));
        return probs.div(probs.mul(m).sum(new int[] {1}, true));
    }

    private Variable balance(Variable probs, Routing r) {
        if (r.topChoice().length == 0) return Variable.constant(Tensor.scalar(probs.dtype(), 0));
        double[] f = r.choiceFractions();
        Variable fe = Variable.constant(Tensor.of(f).to(probs.dtype()));
        return probs.mean(0).mul(fe).sum().mul(options.experts());
    }

    /** The routing of the last forward call (null before the first). */
    public Routing lastRouting() {
        return lastRouting;
    }

    /** {@code L_bal} of the last call: {@code E·Σ_e f_e·P̄_e}. */
    public Variable balanceLoss() {
        requireCall("balanceLoss");
        return lastBalance;
    }

    /** {@code L_z} of the last call: mean squared log-partition of the router logits. */
    public Variable zLoss() {
        requireCall("zLoss");
        return lastZ;
    }

    /** {@code α·L_bal + β·L_z} of the last call, differentiable with respect to the router. */
    public Variable auxiliaryLoss() {
        requireCall("auxiliaryLoss");
        return lastBalance.mul(options.balanceWeight()).add(lastZ.mul(options.zLossWeight()));
    }

    /** The auxiliary loss of the last call, or null before any call ({@link TrainingPenalty}: trainers add it to the loss). */
    @Override
    public Variable trainingPenalty() {
        return lastBalance == null ? null : auxiliaryLoss();
    }

    /**
     * The sum of {@link #auxiliaryLoss()} over every MoE layer in {@code root}'s tree (their last
     * calls); a constant 0 when the tree has none.
     */
    public static Variable auxiliaryLoss(Module root) {
        Variable sum = sumAux(root, null);
        return sum != null ? sum : Variable.scalar(0);
    }

    /** Whether {@code root}'s tree holds a MoE layer. */
    public static boolean contains(Module root) {
        if (root instanceof MoeLayer) return true;
        for (Module c : root.children().values()) if (contains(c)) return true;
        return false;
    }

    private static Variable sumAux(Module m, Variable acc) {
        if (m instanceof MoeLayer moe && moe.lastBalance != null) {
            Variable a = moe.auxiliaryLoss();
            acc = acc == null ? a : acc.add(a);
        }
        for (Module c : m.children().values()) acc = sumAux(c, acc);
        return acc;
    }

    private void requireCall(String what) {
        if (lastBalance == null) throw new IllegalStateException(this + "." + what + ": no forward call yet");
    }

    @Override
    public String toString() {
        return "MoeLayer(d=" + d + ", experts=" + options.experts() + ", " + options.router()
                + (options.router() == MoeOptions.Router.TOKENS_CHOOSE ? ", top-" + options.topK() : "") + ")";
    }
}
