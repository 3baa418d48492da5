package io.vecgrad.optim.dfo;

import io.vecgrad.autodiff.Autodiff;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.Tensor;
import java.util.function.Function;

/**
 * P42 directional attack operator (Bouchet, Vidal 2025, arXiv:2510.01461, Section 3): a
 * perturbation {@code d} with {@code ‖d‖∞ ≤ r} that steers the network output {@code Φ(x + d)}
 * along a prescribed output-space direction {@code u}, i.e. an approximate maximizer of
 * {@code ⟨u, Φ(x + d) − Φ(x)⟩} over the ∞-ball of radius r. For the problem
 * {@code max f(Φ(x))} the paper attacks along {@code u = ∇f(Φ(x))}; a minimizer passes
 * {@code u = −∇f(Φ(x))}.
 *
 * <ul>
 *   <li><b>FGSM</b> ({@code steps = 1}): {@code d = r · sign(J_Φ(x)ᵀ u)}, the exact maximizer of the
 *       first-order model {@code ⟨Jᵀu, d⟩} over the ∞-ball.</li>
 *   <li><b>PGD</b> ({@code steps = k > 1}): from {@code d = 0}, repeat
 *       {@code d ← clip_[−r, r](d + α · sign(J_Φ(x + d)ᵀ u))} with {@code α = 2.5 r / k}
 *       (Madry et al.'s step rule), keeping the iterate with the largest {@code ⟨u, Φ(x + d)⟩}.</li>
 * </ul>
 *
 * <p>Sources: the ∞-ball and the FGSM/PGD choice follow the authors' code
 * ({@code PierreYvesBouchet/Optimization-by-Directional-Attacks}, {@code src/attack_algorithms}:
 * the network {@code Φ_{x,r}(δ) = Φ(x + 2r(δ − ½)) − Φ(x)} on {@code δ ∈ [0, 1]ⁿ} is attacked with
 * torchattacks' targeted FGSM/PGD at radius ½, which is a radius-r ∞-ball around x). <b>Reconstructed:</b>
 * the authors steer with torchattacks' soft-label cross-entropy, whose input gradient at
 * {@code d = 0} is {@code Jᵀ(u − mean(u)·1)}; we use the spec's linear objective {@code ⟨u, Φ⟩}
 * directly, so that for {@code Jᵀu ≠ 0} and small r the attack is an ascent step of
 * {@code ⟨u, Φ⟩} to first order (gain ≈ {@code r‖Jᵀu‖₁}). {@code J_Φᵀu} is one reverse-mode VJP
 * ({@link Autodiff#vjp(Function, Tensor, Tensor)}), with respect to the input, not the weights.
 *
 * <pre>{@code
 * Function<Variable, Variable> phi = x -> x.square().sum().reshape(1);      // Φ: R² → R¹
 * double[] d = DirectionalAttack.attack(phi, new double[] {1, 2}, new double[] {-1}, 0.1, 1);
 * // d = (−0.1, −0.1): decreases Φ, ‖d‖∞ = 0.1
 * }</pre>
 */
public final class DirectionalAttack {
    private DirectionalAttack() {}

    /**
     * The attack of {@code phi} at {@code x} along {@code u} within the ∞-ball of radius {@code radius}.
     *
     * @param phi the network, mapping a float64 vector of length n to an output of m values
     * @param x the point (not modified)
     * @param u the output-space direction, length m
     * @param radius the ∞-norm budget r &gt; 0
     * @param steps 1 for FGSM, more for PGD
     * @return the perturbation d, {@code ‖d‖∞ ≤ radius}
     */
    public static double[] attack(Function<Variable, Variable> phi, double[] x, double[] u, double radius, int steps) {
        check(x, u, radius, steps);
        int n = x.length;
        double[] d = new double[n];
        if (steps == 1) {
            double[] g = inputVjp(phi, x, u, "attack");
            for (int i = 0; i < n; i++) d[i] = radius * Math.signum(g[i]);
            return d;
        }
        double alpha = 2.5 * radius / steps;
        double[] best = d.clone();
        double bestGain = Double.NEGATIVE_INFINITY;
        double[] xd = new double[n];
        for (int s = 0; s < steps; s++) {
            for (int i = 0; i < n; i++) xd[i] = x[i] + d[i];
            double[] g = inputVjp(phi, xd, u, "attack");
            for (int i = 0; i < n; i++) d[i] = Math.max(-radius, Math.min(radius, d[i] + alpha * Math.signum(g[i])));
            for (int i = 0; i < n; i++) xd[i] = x[i] + d[i];
            double gain = dot(u, output(phi, xd, "attack"));
            if (gain > bestGain) {
                bestGain = gain;
                best = d.clone();
            }
        }
        return best;
    }

    /** {@code J_Φ(x)ᵀ u}: the input-space VJP of {@code phi} at {@code x} (one reverse pass). */
    public static double[] inputVjp(Function<Variable, Variable> phi, double[] x, double[] u) {
        return inputVjp(phi, x, u, "inputVjp");
    }

    /** {@code Φ(x)} flattened to a {@code double[]} (no gradient recorded). */
    public static double[] output(Function<Variable, Variable> phi, double[] x) {
        return output(phi, x, "output");
    }

    private static double[] inputVjp(Function<Variable, Variable> phi, double[] x, double[] u, String op) {
        Tensor xt = Tensor.of(x.clone(), x.length);
        Autodiff.Vjp v = Autodiff.vjp(phi, Variable.constant(xt));
        int[] shape = v.value().shape();
        if (v.value().numel() != u.length) {
            throw new IllegalArgumentException("DirectionalAttack." + op + ": Φ(x) has " + v.value().numel() + " outputs (shape "
                    + java.util.Arrays.toString(shape) + ") but u has length " + u.length);
        }
        return v.pullback(Tensor.of(u.clone(), shape)).toDoubleArray();
    }

    private static double[] output(Function<Variable, Variable> phi, double[] x, String op) {
        try (io.vecgrad.autodiff.NoGrad scope = io.vecgrad.autodiff.NoGrad.enter()) {
            return phi.apply(Variable.constant(Tensor.of(x.clone(), x.length))).value().toDoubleArray();
        }
    }

    private static void check(double[] x, double[] u, double radius, int steps) {
        if (x.length == 0) throw new IllegalArgumentException("DirectionalAttack.attack: x is empty");
        if (u.length == 0) throw new IllegalArgumentException("DirectionalAttack.attack: u is empty");
        if (!(radius > 0) || !Double.isFinite(radius)) throw new IllegalArgumentException("DirectionalAttack.attack: radius must be finite and > 0, got " + radius);
        if (steps < 1) throw new IllegalArgumentException("DirectionalAttack.attack: steps must be >= 1, got " + steps);
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) throw new IllegalArgumentException("DirectionalAttack.attack: x[" + i + "] = " + x[i] + " is not finite");
        }
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
