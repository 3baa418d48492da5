package io.vecgrad.optim.first;

import io.vecgrad.optim.Blocks;
import io.vecgrad.optim.Chain;
import io.vecgrad.optim.State;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rprop in the iRprop⁻ form of PyTorch 1.13 (Riedmiller and Braun 1993; Igel and Hüsken 2000),
 * the method of P21 (Ampelakiotis et al. 2021). Per coordinate, with g_prev = 0 and η_i = lr
 * initially:
 *
 * <pre>
 * if g_prev·g &gt; 0:  η_i ← min(η_i·η+, Γmax)
 * elif g_prev·g &lt; 0: η_i ← max(η_i·η−, Γmin);  g ← 0     (no move; forget the sign)
 * θ ← θ − η_i·sign(g);   g_prev ← g
 * </pre>
 *
 * Defaults: lr 1e-2, etas (0.5, 1.2), step sizes (1e-6, 50). State: {@code prev}, {@code step_size}.
 *
 * As a chain ({@link io.vecgrad.optim.Blocks}): {@code chain(scaleByRprop(lr, η−, η+, Γmin, Γmax), scale(−1))}; stages in brackets are
 * left out when unused. The fused path runs the chain in one pass per parameter.
 *
 * <pre>{@code
 * Optimizer.of(params, Rprop.rprop(1e-2));
 * }</pre>
 */
public final class Rprop extends Chain {
    private final double lr;

    public Rprop(double lr, double etaMinus, double etaPlus, double stepMin, double stepMax) {
        super(Blocks.scaleByRprop(lr, etaMinus, etaPlus, stepMin, stepMax), Blocks.scale(-1));
        this.lr = lr;
    }

    public static Rprop rprop(double lr) {
        return new Rprop(lr, 0.5, 1.2, 1e-6, 50);
    }

    @Override
    public Map<String, Double> hyperParams(State state) {
        Map<String, Double> m = new LinkedHashMap<>(super.hyperParams(state));
        m.put("lr", lr);
        return m;
    }
}
