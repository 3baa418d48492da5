package io.vecgrad.optim.particles;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.optim.zoo.SolverRegistry;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SamplerRegistryTest {
    @Test
    void everyEntryPointResolves() throws ClassNotFoundException {
        assertTrue(SamplerRegistry.all().stream().map(SolverRegistry.Entry::name).toList().containsAll(List.of("svgd", "a-svgd", "nvgd")));
        for (SolverRegistry.Entry e : SamplerRegistry.all()) {
            Class<?> c = Class.forName(e.className());
            if (!e.methodName().isEmpty()) {
                assertTrue(Arrays.stream(c.getMethods()).map(Method::getName).anyMatch(e.methodName()::equals), e.name() + ": no public method " + e.entryPoint());
            }
            assertFalse(e.doc().isBlank(), e.name());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SamplerRegistry.get("no-such")).getMessage().contains("svgd"));
    }

    @Test
    void aMissingMethodWouldBeCaught() {
        SolverRegistry.Entry bad = new SolverRegistry.Entry("x", "sampler", "P30", "d", "io.vecgrad.optim.particles.Svgd#noSuchMethod");
        assertFalse(Arrays.stream(Svgd.class.getMethods()).map(Method::getName).anyMatch(bad.methodName()::equals));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.vecgrad.optim.particles.NoSuchSampler"));
    }
}
