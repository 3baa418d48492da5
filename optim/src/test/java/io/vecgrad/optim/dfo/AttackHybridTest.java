package io.vecgrad.optim.dfo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.Sequential;
import io.vecgrad.nn.layers.Activation;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.optim.dfo.CoveringDirectSearch.Options;
import io.vecgrad.optim.dfo.CoveringDirectSearch.Step;
import io.vecgrad.optim.zeroth.TestFunctions;
import io.vecgrad.optim.zeroth.ZerothOrderResult;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class AttackHybridTest {
    static final double[] LO = {-2, -2, -2}, HI = {2, 2, 2};

    /** A fixed random network Φ: R³ → R⁴ (the paper's "already trained" NN) and f(y) = ‖y − y*‖². */
    static Module network() {
        Module m = new Sequential(new Linear(3, 16, true, DType.FLOAT64), Activation.tanh(), new Linear(16, 4, true, DType.FLOAT64));
        m.initialize(new Rng(17));
        return m;
    }

    static final Function<Variable, Variable> F = y -> y.sub(Variable.constant(Tensor.of(new double[] {0.3, -0.2, 0.1, 0.4}, 4))).square().sum();

    @Test
    void attacksOffIsExactlyPureCdsm() {
        Module net = network();
        AttackHybrid.Options off = AttackHybrid.Options.defaults().withAttacks(false).withDsm(Options.defaults().withMaxEvaluations(200).withSeed(3));
        ZerothOrderResult hybridOff = AttackHybrid.minimizeComposite(net::forward, F, new double[] {1, -1, 0.5}, LO, HI, off);
        ZerothOrderResult pure = CoveringDirectSearch.minimize(x -> {
            double[] y = DirectionalAttack.output(net::forward, x);
            double s = 0, t[] = {0.3, -0.2, 0.1, 0.4};
            for (int i = 0; i < 4; i++) s += (y[i] - t[i]) * (y[i] - t[i]);
            return s;
        }, new double[] {1, -1, 0.5}, LO, HI, off.dsm());
        assertArrayEquals(pure.x(), hybridOff.x(), 0);
        assertArrayEquals(pure.history(), hybridOff.history(), 1e-15);
        assertEquals(pure.evaluations(), hybridOff.evaluations());

        ZerothOrderResult surrogateOff = AttackHybrid.minimizeWithSurrogate(TestFunctions::ackley, new double[] {1.2, -0.7}, new double[] {-3, -3}, new double[] {3, 3},
                off, NeuralSurrogate.Options.defaults());
        ZerothOrderResult pure2 = CoveringDirectSearch.minimize(TestFunctions::ackley, new double[] {1.2, -0.7}, new double[] {-3, -3}, new double[] {3, 3}, off.dsm());
        assertArrayEquals(pure2.history(), surrogateOff.history(), 0);
    }

    @Test
    void exactNetworkAttackIsTheFirstSuccessfulStep() {
        // small radius, exact Φ and ∇f: the first attack is a descent step of f(Φ(x)) with sufficient decrease
        Module net = network();
        AttackHybrid.Options o = AttackHybrid.Options.defaults().withDsm(Options.defaults().withPollSizes(0.01, 1e-6, 1).withMaxEvaluations(500));
        ToObjective obj = new ToObjective(net);
        CoveringDirectSearch s = AttackHybrid.engine(obj, new double[] {1, -1, 0.5}, LO, HI, o, state -> {
            double[] y = DirectionalAttack.output(net::forward, state.incumbent());
            double[] g = new double[4], t = {0.3, -0.2, 0.1, 0.4};
            for (int i = 0; i < 4; i++) g[i] = -2 * (y[i] - t[i]);
            return new AttackHybrid.Target(net::forward, g);
        });
        assertEquals(Step.SEARCH, s.iterate(), "the attack wins the first iteration");
        assertEquals(2, s.evaluations(), "x0 and the attack point only: covering and poll were skipped");
        ZerothOrderResult r = s.run();
        ZerothOrderResult pure = CoveringDirectSearch.minimize(obj, new double[] {1, -1, 0.5}, LO, HI, o.dsm());
        assertTrue(r.value() < pure.value(), "with exact attacks the hybrid beats cDSM on this smooth problem: " + r.value() + " vs " + pure.value());
    }

    @Test
    void attackRadiusFollowsTheAuthorsRules() {
        AttackHybrid.Options o = AttackHybrid.Options.defaults().withAttackRadii(0.01, 0.2).withDsm(Options.defaults().withPollSizes(0.1, 1e-6, 1));
        AttackHybrid.AttackStep step = new AttackHybrid.AttackStep(state -> new AttackHybrid.Target(x -> x.sum().reshape(1), new double[] {-1}), o);
        CoveringDirectSearch s = new CoveringDirectSearch(TestFunctions::sphere, new double[] {1, 1}, new double[] {-2, -2}, new double[] {2, 2}, o.dsm());
        assertEquals(0.1, step.radius(), 0);
        step.trialPoints(s);
        step.outcome(true, true);
        assertEquals(0.13, step.radius(), 1e-15);
        step.trialPoints(s);
        step.outcome(true, false);
        assertEquals(0.143, step.radius(), 1e-15);
        step.trialPoints(s);
        step.outcome(true, true);
        assertEquals(0.1859, step.radius(), 1e-15);
        step.trialPoints(s);
        step.outcome(true, true);
        assertEquals(0.2, step.radius(), 0, "clamped at maxAttackRadius");
        for (int i = 0; i < 40; i++) {
            step.trialPoints(s);
            step.outcome(false, false);
        }
        assertEquals(0.01, step.radius(), 0, "clamped at minAttackRadius");
    }

    @Test
    void surrogateHybridIsDeterministicPerSeed() {
        AttackHybrid.Options o = AttackHybrid.Options.defaults().withDsm(Options.defaults().withMaxEvaluations(120).withSeed(2));
        NeuralSurrogate.Options so = NeuralSurrogate.Options.defaults().withSeed(9).withEpochs(20);
        ZerothOrderResult a = AttackHybrid.minimizeWithSurrogate(TestFunctions::rastrigin, new double[] {1.3, -2.2}, new double[] {-4, -4}, new double[] {4, 4}, o, so);
        ZerothOrderResult b = AttackHybrid.minimizeWithSurrogate(TestFunctions::rastrigin, new double[] {1.3, -2.2}, new double[] {-4, -4}, new double[] {4, 4}, o, so);
        assertArrayEquals(a.history(), b.history(), 0);
        assertArrayEquals(a.x(), b.x(), 0);
        assertTrue(a.evaluations() <= 120);
    }

    @Test
    void badOptionsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AttackHybrid.Options.defaults().withAttackRadii(0.5, 0.1));
        assertTrue(e.getMessage().contains("0.5") && e.getMessage().contains("0.1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AttackHybrid.Options.defaults().withAttackSteps(0));
        assertTrue(e.getMessage().contains("attackSteps"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new NeuralSurrogate(new double[] {0}, new double[] {0}, NeuralSurrogate.Options.defaults()));
        assertTrue(e.getMessage().contains("[0.0, 0.0]"), e.getMessage());
    }

    /** f(Φ(x)) evaluated numerically. */
    record ToObjective(Module net) implements java.util.function.ToDoubleFunction<double[]> {
        @Override
        public double applyAsDouble(double[] x) {
            double[] y = DirectionalAttack.output(net::forward, x), t = {0.3, -0.2, 0.1, 0.4};
            double s = 0;
            for (int i = 0; i < 4; i++) s += (y[i] - t[i]) * (y[i] - t[i]);
            return s;
        }
    }
}
