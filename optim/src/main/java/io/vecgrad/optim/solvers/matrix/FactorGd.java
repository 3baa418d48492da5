package io.vecgrad.optim.solvers.matrix;

import io.vecgrad.optim.problems.matrix.AsymmetricSensing;
import io.vecgrad.optim.problems.matrix.FactorObjective;
import io.vecgrad.optim.problems.matrix.Factors;
import io.vecgrad.optim.problems.matrix.SymmetricSensing;
import io.vecgrad.tensor.Tensor;

/**
 * Plain gradient descent on the factors of low-rank matrix sensing (P54, Xiong, Ding, Du, ICLR 2024):
 * symmetric {@code X_{t+1} = X_t − η ∇L(X_t)} with {@code ∇L = 2𝒜*(𝒜(XXᵀ) − y)X}, and asymmetric
 * {@code F_{t+1} = F_t − η E_t G_t}, {@code G_{t+1} = G_t − η E_tᵀ F_t} (simultaneous updates),
 * optionally with the paper's {@link OneStepFix}. Deterministic: no randomness after the initialization.
 *
 * <pre>{@code
 * SymmetricSensing p = SymmetricSensing.planted(20, new double[] {1, 0.8}, 600, 3);
 * FactorRun run = FactorGd.symmetric(p, p.spectralInit(2), 0.1, 300);
 * double err = run.finalDistance();
 * }</pre>
 */
public final class FactorGd {
    private FactorGd() {}

    /** {@code steps} GD iterations on {@code ½‖𝒜(XXᵀ) − y‖²} from {@code x0} with step {@code eta}. */
    public static FactorRun symmetric(SymmetricSensing p, Tensor x0, double eta, int steps) {
        requireSteps(eta, steps);
        double[] loss = new double[steps + 1], dist = new double[steps + 1];
        Tensor x = x0;
        boolean known = p.truth() != null;
        for (int t = 0; ; t++) {
            loss[t] = p.loss(x);
            dist[t] = known ? p.distance(x) : Double.NaN;
            if (t == steps) break;
            x = x.sub(p.gradient(x).mul(eta));
        }
        double[] balance = new double[steps + 1];
        java.util.Arrays.fill(balance, 1);
        return new FactorRun(new Factors(x, x), loss, dist, balance, -1);
    }

    /** {@code steps} GD iterations on {@code ½‖𝒜(FGᵀ) − y‖²} without the fix. */
    public static FactorRun asymmetric(AsymmetricSensing p, Factors f0, double eta, int steps) {
        return factored(p, f0, eta, steps, null);
    }

    /** {@code steps} GD iterations on {@code ½‖𝒜(FGᵀ) − y‖²} with the one-step fix (null: none). */
    public static FactorRun asymmetric(AsymmetricSensing p, Factors f0, double eta, int steps, OneStepFix fix) {
        return factored(p, f0, eta, steps, fix);
    }

    /**
     * {@code steps} simultaneous GD iterations on any factored objective; when {@code fix} is not null it
     * is applied once, before the gradient step of the first iteration at which it is due.
     */
    public static FactorRun factored(FactorObjective p, Factors f0, double eta, int steps, OneStepFix fix) {
        requireSteps(eta, steps);
        Trace trace = new Trace(steps);
        int fixedAt = -1;
        Factors f = f0;
        for (int t = 0; ; t++) {
            if (fix != null && fixedAt < 0 && fix.due(t, Math.sqrt(2 * p.loss(f)) / p.targetNorm())) {
                f = fix.apply(f);
                fixedAt = t;
            }
            trace.record(t, p, f);
            if (t == steps) break;
            Factors g = p.gradient(f);
            f = new Factors(f.left().sub(g.left().mul(eta)), f.right().sub(g.right().mul(eta)));
        }
        return trace.result(f, fixedAt);
    }

    /** Per-iteration loss, distance and balance of a factored run. */
    static final class Trace {
        final double[] loss, dist, balance;

        Trace(int steps) {
            loss = new double[steps + 1];
            dist = new double[steps + 1];
            balance = new double[steps + 1];
        }

        void record(int t, FactorObjective p, Factors f) {
            loss[t] = p.loss(f);
            dist[t] = p.distance(f);
            balance[t] = f.balanceRatio();
        }

        FactorRun result(Factors f, int fixedAt) {
            return new FactorRun(f, loss, dist, balance, fixedAt);
        }
    }

    static void requireSteps(double eta, int steps) {
        if (!(eta > 0) || steps < 0) throw new IllegalArgumentException("FactorGd: eta=" + eta + ", steps=" + steps);
    }
}
