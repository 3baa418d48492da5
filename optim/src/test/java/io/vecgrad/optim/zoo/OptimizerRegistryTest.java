package io.vecgrad.optim.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.first.AdaBelief;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.tensor.DType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The optimizer registry: complete metadata, typed values, clear errors, schedules honoured. */
class OptimizerRegistryTest {
    @Test
    void everyEntryHasPapersDocsAnLrKeyAndBuildsFromItsDefaults() {
        List<OptimizerRegistry.Entry> all = OptimizerRegistry.all();
        assertTrue(all.size() >= 25, "entries: " + all.size());
        for (OptimizerRegistry.Entry e : all) {
            assertTrue(e.name().matches("[a-z0-9][a-z0-9-]*"), e.name());
            assertFalse(e.papers().isBlank(), e.name());
            assertFalse(e.doc().isBlank(), e.name());
            assertTrue(e.defaults().containsKey("lr"), e.name() + " has no lr key");
            for (OptimizerRegistry.Key k : e.keys()) {
                assertFalse(k.doc().isBlank(), e.name() + "." + k.name());
                Object d = k.defaultValue();
                assertTrue(d instanceof Double || d instanceof Long || d instanceof Boolean || d instanceof String, e.name() + "." + k.name());
            }
            Params p = FusedPathsTest.params(DType.FLOAT64);
            Optimizer opt = Optimizer.of(p, e.build(Map.of()));
            opt.step(p.map(t -> t.mul(0.1)));
            for (double v : opt.hyperParams().values()) assertFalse(Double.isNaN(v), e.name() + " " + opt.hyperParams());
        }
    }

    @Test
    void valuesAreConvertedFromTextAndUnknownKeysAreNamed() {
        OptimizerRegistry.Entry adam = OptimizerRegistry.get("adam");
        GradientTransformation a = adam.build(Map.of("lr", "0.01", "amsgrad", "true"));
        assertEquals(0.01, a.hyperParams(a.init(FusedPathsTest.params(DType.FLOAT64))).get("lr"), 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adam.build(Map.of("beta3", 1.0)));
        assertTrue(e.getMessage().contains("beta3") && e.getMessage().contains("beta2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> adam.build(Map.of("amsgrad", "yes")));
        assertTrue(e.getMessage().contains("amsgrad"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OptimizerRegistry.get("adamz"));
        assertTrue(e.getMessage().contains("adamw"), e.getMessage());
    }

    @Test
    void aScheduleReplacesTheConstantRate() {
        GradientTransformation tx = OptimizerRegistry.get("sgd").build(Map.of("lr", 5.0), t -> 0.1 / (t + 1));
        Params p = FusedPathsTest.params(DType.FLOAT64);
        Optimizer opt = Optimizer.of(p, tx);
        assertEquals(0.1, opt.hyperParams().get("lr"), 0.0);
        opt.step(p.map(t -> t.mul(0)));
        assertEquals(0.05, opt.hyperParams().get("lr"), 0.0);
    }

    @Test
    void adaBeliefDefaultsAreTheOfficialOnes() {
        Map<String, Object> d = OptimizerRegistry.get("adabelief").defaults();
        assertEquals(true, d.get("rectify"));
        assertEquals(true, d.get("decoupled"));
        assertEquals(true, d.get("degenerated-to-sgd"));
        assertEquals(1e-16, d.get("eps"));
        // the registry's defaults build the builder's defaults: same trajectory bitwise
        Params a = FusedPathsTest.params(DType.FLOAT64), b = a.copy();
        Optimizer x = Optimizer.of(a, OptimizerRegistry.get("adabelief").build(Map.of()));
        Optimizer y = Optimizer.of(b, AdaBelief.builder().lr(Schedule.constant(1e-3)).build());
        for (int i = 0; i < 8; i++) {
            Params g = a.map(t -> t.mul(0.3).add(0.1));
            x.step(g);
            y.step(g);
        }
        for (String n : a.names()) RegistrySuiteTest.assertBitwise(a.get(n), b.get(n), "adabelief " + n);
    }
}
