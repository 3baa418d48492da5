package io.vecgrad.nn.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.autodiff.GradCheck;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gate functions: range, exact zeros, derivatives, the L0 surrogates and hard concrete's expected L0. */
class GateTest {
    static final List<GateFunction> GATES = List.of(DiffPruneGate.standard(), HardConcreteGate.standard());

    @Test
    void gatesStayInUnitIntervalAndReachExactZerosAndOnes() {
        double[] a = new double[201];
        for (int i = 0; i < a.length; i++) a[i] = -10 + 0.1 * i;
        for (GateFunction g : GATES) {
            double[] z = g.deterministic(Tensor.of(a)).toDoubleArray();
            for (double v : z) assertTrue(v >= 0 && v <= 1, g.name() + ": gate " + v + " outside [0, 1]");
            assertEquals(0.0, z[0], 0.0, g.name() + ": a = -10 must give exactly 0");
            assertEquals(1.0, z[z.length - 1], 0.0, g.name() + ": a = 10 must give exactly 1");
            for (int i = 1; i < z.length; i++) assertTrue(z[i] >= z[i - 1], g.name() + ": gate must be non-decreasing in a");
        }
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Test
    void gateValuesFollowTheirFormulasOnHandPickedPoints() {
        DiffPruneGate d = DiffPruneGate.standard();
        assertEquals(1.2 * sigmoid(1 / (2.0 / 3)) - 0.1, d.deterministic(Tensor.of(new double[] {1})).item(), 1e-12);
        assertEquals(1.2 * sigmoid((0.4 + 0.7) / (2.0 / 3)) - 0.1,
                d.gate(Variable.constant(Tensor.of(new double[] {0.4})), Tensor.of(new double[] {0.7})).item(), 1e-12);
        HardConcreteGate hc = HardConcreteGate.standard();
        assertEquals(1.2 * sigmoid(0.5) - 0.1, hc.deterministic(Tensor.of(new double[] {0.5})).item(), 1e-12);
        assertEquals(1.2 * sigmoid((0.5 - 0.3) / (2.0 / 3)) - 0.1,
                hc.gate(Variable.constant(Tensor.of(new double[] {0.5})), Tensor.of(new double[] {-0.3})).item(), 1e-12);
        assertEquals(sigmoid(0.5 - (2.0 / 3) * Math.log(0.1 / 1.1)), hc.nonZeroProbability(Variable.constant(Tensor.of(new double[] {0.5}))).item(), 1e-12);
    }

    @Test
    void diffPruneGateIsZeroExactlyBelowItsThreshold() {
        DiffPruneGate g = DiffPruneGate.standard();
        double edge = g.tau() * Math.log(-g.gamma() / g.zeta());   // z = 0 ⇔ a ≤ edge
        double[] z = g.deterministic(Tensor.of(new double[] {edge - 1e-3, edge + 1e-3})).toDoubleArray();
        assertEquals(0.0, z[0], 0.0);
        assertTrue(z[1] > 0, "just above the threshold the gate is open, got " + z[1]);
    }

    @Test
    void saturatedGatesHaveZeroGradientButThePenaltyStillPulls() {
        for (GateFunction g : GATES) {
            Variable a = Variable.parameter(Tensor.of(new double[] {-8, 0.3, 8}));
            g.gate(a, null).sum().backward();
            double[] ga = a.grad().toDoubleArray();
            assertEquals(0.0, ga[0], 0.0, g.name());
            assertEquals(0.0, ga[2], 0.0, g.name());
            assertTrue(ga[1] > 0, g.name());
            Variable b = Variable.parameter(Tensor.of(new double[] {-8, 0.3, 8}));
            g.nonZeroProbability(b).sum().backward();
            for (double v : b.grad().toDoubleArray()) assertTrue(v > 0, g.name() + ": the L0 surrogate must have a gradient everywhere, got " + v);
        }
    }

    @Test
    void penaltyIsNonDecreasingAndHalfAtTheZeroThreshold() {
        DiffPruneGate d = DiffPruneGate.standard();
        double edge = d.tau() * Math.log(-d.gamma() / d.zeta());
        assertEquals(0.5, d.nonZeroProbability(Variable.constant(Tensor.of(new double[] {edge}))).item(), 1e-12);
        for (GateFunction g : GATES) {
            double prev = -1;
            for (int i = 0; i <= 100; i++) {
                double p = g.nonZeroProbability(Variable.constant(Tensor.of(new double[] {-10 + 0.2 * i}))).item();
                assertTrue(p >= prev && p >= 0 && p <= 1, g.name() + ": penalty must be a non-decreasing probability");
                prev = p;
            }
        }
    }

    @Test
    void firstAndSecondDerivativesMatchCentralDifferences() {
        // logits inside the sigmoid's range (no clamp kink within eps) plus saturated ones (derivative 0)
        Tensor a = Tensor.of(new double[] {-1.2, -0.4, 0.3, 1.1, -6, 6});
        Tensor noise = GateFunction.logisticNoise(new Rng(3), DType.FLOAT64, 6).clamp(-0.3, 0.3);
        for (GateFunction g : GATES) {
            GradCheck.checkSecondOrder(xs -> g.gate(xs[0], null), a);
            GradCheck.checkSecondOrder(xs -> g.gate(xs[0], noise), a);
            GradCheck.checkSecondOrder(xs -> g.nonZeroProbability(xs[0]).sum(), a);
        }
    }

    /** P(z ≠ 0) of the stochastic hard-concrete gate, estimated from 200,000 draws, against the closed form. */
    @Test
    void hardConcreteExpectedL0MatchesMonteCarlo() {
        HardConcreteGate hc = HardConcreteGate.standard();
        int n = 200_000;
        for (double logAlpha : new double[] {-2, -0.5, 0, 1, 2.5}) {
            Tensor la = Tensor.full(DType.FLOAT64, logAlpha, n);
            Tensor z = hc.gate(Variable.constant(la), GateFunction.logisticNoise(new Rng(7).split((long) (logAlpha * 10)), DType.FLOAT64, n)).value();
            long nz = 0;
            for (double v : z.toDoubleArray()) nz += v != 0 ? 1 : 0;
            double mc = (double) nz / n;
            double exact = hc.nonZeroProbability(Variable.constant(Tensor.of(new double[] {logAlpha}))).item();
            double se = Math.sqrt(exact * (1 - exact) / n);
            assertEquals(exact, mc, 5 * se, "log alpha " + logAlpha + ": Monte-Carlo P(z != 0) " + mc + " vs closed form " + exact);
        }
    }

    @Test
    void stochasticGatesAreDeterministicPerSeed() {
        Tensor n1 = GateFunction.logisticNoise(new Rng(11), DType.FLOAT32, 5, 4);
        Tensor n2 = GateFunction.logisticNoise(new Rng(11), DType.FLOAT32, 5, 4);
        assertArrayEquals(n1.toDoubleArray(), n2.toDoubleArray(), 0.0);
    }

    @Test
    void badParametersAreRejectedWithTheirValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DiffPruneGate(0.1, 1.1, 0.5));
        assertTrue(e.getMessage().contains("gamma=0.1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new HardConcreteGate(0, -0.1, 1.1));
    }
}
