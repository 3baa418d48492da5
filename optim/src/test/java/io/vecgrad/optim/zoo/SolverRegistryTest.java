package io.vecgrad.optim.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SolverRegistryTest {
    @Test
    void everyEntryPointResolves() throws ClassNotFoundException {
        assertFalse(SolverRegistry.all().isEmpty());
        for (SolverRegistry.Entry e : SolverRegistry.all()) {
            Class<?> c = Class.forName(e.className());
            if (!e.methodName().isEmpty()) {
                boolean found = Arrays.stream(c.getMethods()).map(Method::getName).anyMatch(e.methodName()::equals);
                assertTrue(found, e.name() + ": no public method " + e.entryPoint());
            }
            assertFalse(e.doc().isBlank(), e.name());
            assertFalse(e.family().isBlank(), e.name());
        }
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> SolverRegistry.get("no-such"));
        assertTrue(x.getMessage().contains("lasso-cd"), x.getMessage());
        assertEquals("lasso-cd", SolverRegistry.get("lasso-cd").name());
    }

    @Test
    void aMissingMethodWouldBeCaught() {
        SolverRegistry.Entry bad = new SolverRegistry.Entry("x", "bcd", "P40", "d", "io.vecgrad.optim.bcd.LassoCoordinateDescent#noSuchMethod");
        assertEquals("noSuchMethod", bad.methodName());
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.vecgrad.optim.bcd.NoSuchClass"));
    }
}
