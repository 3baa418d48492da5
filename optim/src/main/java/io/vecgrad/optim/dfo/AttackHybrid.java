package io.vecgrad.optim.dfo;

import io.vecgrad.autodiff.Autodiff;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.optim.zeroth.ZerothOrderResult;
import io.vecgrad.tensor.Tensor;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * P42's hybrid (Bouchet, Vidal 2025, arXiv:2510.01461, Section 4): each iteration first tries a
 * {@link DirectionalAttack} step on a network, then, unless the attack gave a sufficient
 * decrease, runs the {@link CoveringDirectSearch} covering and poll steps from the (possibly moved)
 * incumbent. The attacks give fast local intensification; convergence is inherited from cDSM.
 *
 * <p>Step and radius rules follow the authors' {@code hybrid_method.py} (mirrored for
 * minimization): the attack radius starts at δ₀; a sufficient decrease (relative decrease ≥
 * {@code skipRatio}, 1e-3) multiplies it by 1.3 and skips covering and poll; a smaller decrease
 * is accepted and multiplies it by 1.1; a failed attack divides it by 1.3; it stays in
 * {@code [minAttackRadius, maxAttackRadius]} (1e-5 and 1 in the authors' code). The poll size
 * follows the cDSM rules only. With {@code attacks = false} the run is exactly the pure cDSM
 * run of the same options and seed.
 *
 * <p>Two settings for the attacked network:
 * <ul>
 *   <li>{@link #minimizeComposite} — the paper's problem {@code min f(Φ(x))} with Φ a given
 *       network and f smooth; the attack steers Φ along {@code u = −∇f(Φ(x))}.</li>
 *   <li>{@link #minimizeWithSurrogate} — a black box {@code f}: a {@link NeuralSurrogate} trained on
 *       the evaluated points is Φ, f is the identity, {@code u = −1} [reconstructed setting].</li>
 * </ul>
 *
 * <pre>{@code
 * double[] lo = {-5, -5}, hi = {5, 5};
 * ZerothOrderResult r = AttackHybrid.minimizeWithSurrogate(TestFunctions::ackley, new double[] {3, -2}, lo, hi,
 *         AttackHybrid.Options.defaults(), NeuralSurrogate.Options.defaults());
 * }</pre>
 */
public final class AttackHybrid {
    /**
     * Options.
     *
     * @param dsm the cDSM options (its δ₀ is also the first attack radius)
     * @param attacks whether the attack step runs (false: pure cDSM)
     * @param minAttackRadius lower clamp of the attack radius
     * @param maxAttackRadius upper clamp of the attack radius
     * @param attackSteps 1 for FGSM, more for PGD
     */
    public record Options(CoveringDirectSearch.Options dsm, boolean attacks, double minAttackRadius, double maxAttackRadius, int attackSteps) {
        public Options {
            if (!(minAttackRadius > 0) || !(maxAttackRadius >= minAttackRadius)) {
                throw new IllegalArgumentException("AttackHybrid.Options: need 0 < minAttackRadius <= maxAttackRadius, got " + minAttackRadius + " and " + maxAttackRadius);
            }
            if (attackSteps < 1) throw new IllegalArgumentException("AttackHybrid.Options: attackSteps must be >= 1, got " + attackSteps);
        }

        /** cDSM defaults, attacks on, radius in [1e-5, 1], FGSM. */
        public static Options defaults() {
            return new Options(CoveringDirectSearch.Options.defaults(), true, 1e-5, 1, 1);
        }

        public Options withDsm(CoveringDirectSearch.Options v) {
            return new Options(v, attacks, minAttackRadius, maxAttackRadius, attackSteps);
        }

        public Options withAttacks(boolean v) {
            return new Options(dsm, v, minAttackRadius, maxAttackRadius, attackSteps);
        }

        public Options withAttackRadii(double min, double max) {
            return new Options(dsm, attacks, min, max, attackSteps);
        }

        public Options withAttackSteps(int v) {
            return new Options(dsm, attacks, minAttackRadius, maxAttackRadius, v);
        }
    }

    /** The network to attack at the current state and the output direction to steer it along. */
    public record Target(Function<Variable, Variable> phi, double[] u) {}

    /** Supplies the attack's target for a state of the search. */
    @FunctionalInterface
    public interface AttackModel {
        /** The target, or null to skip the attack this iteration. */
        Target at(CoveringDirectSearch state);
    }

    /** The attack as a cDSM search step, with the authors' attack-radius rules. */
    public static final class AttackStep implements CoveringDirectSearch.SearchStep {
        private final AttackModel model;
        private final Options o;
        private double radius;
        private int attacks, successes;
        private boolean tried;

        public AttackStep(AttackModel model, Options o) {
            this.model = model;
            this.o = o;
            this.radius = Math.max(o.minAttackRadius(), Math.min(o.maxAttackRadius(), o.dsm().initialPollSize()));
        }

        @Override
        public List<double[]> trialPoints(CoveringDirectSearch state) {
            Target t = model.at(state);
            tried = t != null;
            if (!tried) return List.of();
            double[] x = state.incumbent();
            double[] d = DirectionalAttack.attack(t.phi(), x, t.u(), radius, o.attackSteps());
            for (int i = 0; i < x.length; i++) x[i] += d[i];
            attacks++;
            return List.of(x);
        }

        @Override
        public void outcome(boolean success, boolean sufficient) {
            if (!tried) return;
            if (success) successes++;
            double factor = sufficient ? 1.3 : success ? 1.1 : 1 / 1.3;
            radius = Math.max(o.minAttackRadius(), Math.min(o.maxAttackRadius(), radius * factor));
        }

        /** The current attack radius. */
        public double radius() {
            return radius;
        }

        /** Attacks tried. */
        public int attacks() {
            return attacks;
        }

        /** Attacks that decreased f. */
        public int successes() {
            return successes;
        }
    }

    private AttackHybrid() {}

    /** The engine of a run, with the attack step installed when {@code o.attacks()}; call {@link CoveringDirectSearch#run()}. */
    public static CoveringDirectSearch engine(ToDoubleFunction<double[]> f, double[] x0, double[] lo, double[] hi, Options o, AttackModel model) {
        CoveringDirectSearch s = new CoveringDirectSearch(f, x0, lo, hi, o.dsm());
        if (o.attacks()) s.searchStep(new AttackStep(model, o));
        return s;
    }

    /**
     * The paper's problem: minimizes {@code f(Φ(x))} over the box, attacking {@code phi} along
     * {@code −∇f(Φ(x))} ({@code f} differentiated by autodiff on Φ's output).
     */
    public static ZerothOrderResult minimizeComposite(Function<Variable, Variable> phi, Function<Variable, Variable> f, double[] x0, double[] lo, double[] hi,
            Options o) {
        ToDoubleFunction<double[]> objective = x -> scalar(f, DirectionalAttack.output(phi, x), "minimizeComposite");
        AttackModel model = state -> {
            double[] y = DirectionalAttack.output(phi, state.incumbent());
            double[] g = Autodiff.grad(f, Tensor.of(y.clone(), y.length)).toDoubleArray();
            for (int i = 0; i < g.length; i++) g[i] = -g[i];
            return new Target(phi, g);
        };
        return engine(objective, x0, lo, hi, o, model).run();
    }

    /**
     * A black box {@code f}: the attack runs on a {@link NeuralSurrogate} refitted on the evaluated
     * points whenever {@code refitEvery} new points have been evaluated since the last fit.
     */
    public static ZerothOrderResult minimizeWithSurrogate(ToDoubleFunction<double[]> f, double[] x0, double[] lo, double[] hi, Options o,
            NeuralSurrogate.Options so, int refitEvery) {
        return engine(f, x0, lo, hi, o, surrogateModel(new NeuralSurrogate(lo, hi, so), refitEvery)).run();
    }

    /** {@link #minimizeWithSurrogate(ToDoubleFunction, double[], double[], double[], Options, NeuralSurrogate.Options, int)} refitting every iteration. */
    public static ZerothOrderResult minimizeWithSurrogate(ToDoubleFunction<double[]> f, double[] x0, double[] lo, double[] hi, Options o,
            NeuralSurrogate.Options so) {
        return minimizeWithSurrogate(f, x0, lo, hi, o, so, 1);
    }

    /**
     * The attack model that refits {@code s} on the evaluated points (nearest to the incumbent
     * first) once {@code refitEvery} new points exist since its last fit, and attacks it downhill;
     * no attack before two points are known.
     */
    public static AttackModel surrogateModel(NeuralSurrogate s, int refitEvery) {
        if (refitEvery < 1) throw new IllegalArgumentException("AttackHybrid.surrogateModel: refitEvery must be >= 1, got " + refitEvery);
        int[] fittedAt = {-1};
        return state -> {
            if (state.evaluations() < 2) return null;
            if (fittedAt[0] < 0 || state.evaluations() - fittedAt[0] >= refitEvery) {
                s.fit(state.evaluatedPoints(), state.evaluatedValues(), state.incumbent());
                fittedAt[0] = state.evaluations();
            }
            return new Target(s.network(), new double[] {-1});
        };
    }

    private static double scalar(Function<Variable, Variable> f, double[] y, String op) {
        try (io.vecgrad.autodiff.NoGrad scope = io.vecgrad.autodiff.NoGrad.enter()) {
            Tensor v = f.apply(Variable.constant(Tensor.of(y.clone(), y.length))).value();
            if (v.numel() != 1) throw new IllegalArgumentException("AttackHybrid." + op + ": f must return a scalar, got " + v.numel() + " values");
            return v.toDoubleArray()[0];
        }
    }
}
