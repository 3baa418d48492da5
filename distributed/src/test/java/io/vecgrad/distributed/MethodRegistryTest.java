package io.vecgrad.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MethodRegistryTest {
    @Test
    void everyEntryPointResolves() throws ClassNotFoundException {
        assertFalse(MethodRegistry.entries().isEmpty());
        for (io.vecgrad.optim.zoo.SolverRegistry.Entry e : MethodRegistry.entries()) {
            Class<?> c = Class.forName(e.className());
            if (!e.methodName().isEmpty()) {
                boolean found = Arrays.stream(c.getMethods()).map(Method::getName).anyMatch(e.methodName()::equals);
                assertTrue(found, e.name() + ": no public method " + e.entryPoint());
            }
            assertFalse(e.doc().isBlank(), e.name());
            assertTrue(e.papers().equals("baseline") || e.papers().matches("P\\d\\d(, P\\d\\d)*"), e.name() + ": papers " + e.papers());
        }
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> MethodRegistry.entry("no-such"));
        assertTrue(x.getMessage().contains("unknown distributed method 'no-such'") && x.getMessage().contains("gossip-pga"), x.getMessage());
        assertEquals("P14", MethodRegistry.entry("gossip-pga").papers());
    }

    /** The row type and lookups before the move onto optim's Catalog keep working. */
    @Test
    @SuppressWarnings("deprecation")
    void theDeprecatedEntryApiStillWorks() {
        assertEquals(MethodRegistry.entries().size(), MethodRegistry.all().size());
        MethodRegistry.Entry e = MethodRegistry.get("sign-majority-vote");
        assertEquals("io.vecgrad.distributed.fed.MajorityVote", e.className());
        assertEquals("signs", e.methodName());
        assertEquals(MethodRegistry.entry("sign-majority-vote").doc(), e.doc());
        assertThrows(IllegalArgumentException.class, () -> MethodRegistry.get("no-such"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName(new MethodRegistry.Entry("x", "f", "P01", "d", "io.vecgrad.distributed.NoSuch").className()));
    }
}
