package io.vecgrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Version counters, anomaly mode, graph release, detach and custom VJP nodes. */
class GuardRailsTest {
    private static Tensor vec(double... v) {
        return Tensor.of(v, v.length);
    }

    @Test
    void mutatingASavedTensorBeforeBackwardFailsNamingTheOp() {
        Variable x = Variable.parameter(vec(1, 2));
        Variable y = x.exp();            // saves its output
        Variable loss = y.sum();
        y.value().mulInPlace(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("exp") && e.getMessage().contains("modified in place"), e.getMessage());
    }

    @Test
    void mutatingATensorThatNoRuleReadsIsAllowed() {
        Variable x = Variable.parameter(vec(1, 2));
        Variable c = Variable.constant(vec(3, 4));
        Variable loss = x.add(c).sum();  // add's rule reads no values
        c.value().mulInPlace(2);
        loss.backward();
        assertArrayEquals(new double[] {1, 1}, x.grad().toDoubleArray());
    }

    @Test
    void anomalyModeReportsTheFirstNonFiniteForwardOpWithItsCreationSite() {
        Variable x = Variable.parameter(vec(1, -1));
        try (Anomaly scope = Anomaly.enable()) {
            Variable y = x.mul(2);
            AnomalyException e = assertThrows(AnomalyException.class, () -> y.log());
            assertEquals("log", e.op());
            assertNotNull(e.getCause());
            assertTrue(java.util.Arrays.stream(e.getCause().getStackTrace()).anyMatch(f -> f.getClassName().contains("GuardRailsTest")));
        }
        Variable quiet = x.log();        // outside the scope: NaN passes silently
        assertTrue(Double.isNaN(quiet.value().get(1)));
    }

    @Test
    void anomalyModeReportsANonFiniteBackward() {
        Variable x = Variable.parameter(vec(0, 1));
        try (Anomaly scope = Anomaly.enable()) {
            Variable loss = x.sqrt().sum(); // finite forward, infinite derivative at 0
            AnomalyException e = assertThrows(AnomalyException.class, loss::backward);
            assertEquals("sqrt", e.op());
            assertTrue(e.getMessage().contains("backward"));
        }
    }

    @Test
    void graphIsReleasedAfterBackwardUnlessRetained() {
        Variable x = Variable.parameter(vec(1, 2));
        Variable loss = x.square().sum();
        loss.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("retainGraph"), e.getMessage());

        Variable kept = x.square().sum();
        x.zeroGrad();
        kept.backward(Variable.constant(Tensor.ones(DType.FLOAT64)), false, true);
        kept.backward(Variable.constant(Tensor.ones(DType.FLOAT64)), false, false);
        assertArrayEquals(new double[] {4, 8}, x.grad().toDoubleArray());
    }

    @Test
    void releasedGraphDropsItsReferences() {
        Variable x = Variable.parameter(vec(1, 2));
        Variable y = x.exp();
        Variable loss = y.sum();
        loss.backward();
        assertTrue(loss.node.released() && y.node.released());
        assertEquals(null, y.node.inputs);
    }

    @Test
    void detachAndStopGradientCutTheGraph() {
        Variable x = Variable.parameter(vec(3));
        Tensor g = Autodiff.grad(v -> v.mul(Autodiff.stopGradient(v)).sum(), vec(3));
        assertEquals(3, g.item(), 0);  // d/dx (x·stop(x)) = stop(x)
        assertFalse(x.detach().requiresGrad());
    }

    @Test
    void customVjpImplicitFunctionNodeSolvesTheAdjointSystem() {
        // x*(b) = A⁻¹b by Jacobi iterations in the forward; the backward solves Aᵀλ = g.
        Tensor a = Tensor.of(new double[] {4, 1, 0, 1, 3, 1, 0, 1, 5}, 3, 3);
        Variable b = Variable.parameter(vec(1, 2, 3));
        Variable x = CustomVjp.apply("linearSolve",
                in -> jacobi(a, in[0]),
                (g, in, out) -> new Variable[] {Variable.constant(jacobi(a.mT(), g.value()))},
                b);
        Variable loss = x.square().sum();
        loss.backward();
        Tensor inv = HigherOrderPropertiesTest.inverse3(a);
        Tensor expected = inv.mT().matmul(inv.matmul(b.value()).mul(2));
        assertArrayEquals(expected.toDoubleArray(), b.grad().toDoubleArray(), 1e-10);
        assertEquals("linearSolve", x.op());
    }

    private static Tensor jacobi(Tensor a, Tensor rhs) {
        double[] m = a.toDoubleArray(), r = rhs.toDoubleArray(), x = new double[3];
        for (int it = 0; it < 200; it++) {
            double[] nx = new double[3];
            for (int i = 0; i < 3; i++) {
                double s = r[i];
                for (int j = 0; j < 3; j++) if (j != i) s -= m[i * 3 + j] * x[j];
                nx[i] = s / m[i * 3 + i];
            }
            x = nx;
        }
        return Tensor.of(x, 3);
    }

    @Test
    void nestedBackwardInsideACustomRuleKeepsTheOuterPassIntact() {
        // The custom rule differentiates a function of the node's own input inside backward.
        Variable t = Variable.parameter(vec(0.5, -0.3));
        Variable y = CustomVjp.apply("square-via-grad", in -> in[0].square(),
                (g, in, out) -> {
                    try (NoGrad record = NoGrad.enableGrad()) { // backward runs with recording off
                        return new Variable[] {g.mul(Autodiff.gradients(in[0].square().sum(), in[0])[0])};
                    }
                }, t);
        Variable loss = y.sum().add(t.sum());
        loss.backward();
        assertArrayEquals(new double[] {2, 0.4}, t.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void noGradScopesNestAndRestore() {
        Variable w = Variable.parameter(vec(1));
        try (NoGrad off = NoGrad.enter()) {
            try (NoGrad on = NoGrad.enableGrad()) {
                assertTrue(w.mul(w).requiresGrad());
            }
            assertFalse(w.mul(w).requiresGrad());
        }
        assertTrue(NoGrad.isGradEnabled());
    }

    @Test
    void wrongShapedCustomGradientIsRejected() {
        Variable x = Variable.parameter(vec(1, 2));
        Variable y = CustomVjp.apply("bad", in -> in[0].sum(), (g, in, out) -> new Variable[] {g}, x);
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("bad"), e.getMessage());
    }
}
