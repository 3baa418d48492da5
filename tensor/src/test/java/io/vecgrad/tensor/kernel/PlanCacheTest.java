package io.vecgrad.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PlanCacheTest {
    private static Conv2dGeometry geometry(int channels) {
        return Conv2dGeometry.of(new int[] {2, channels, 8, 8}, new int[] {4, channels, 3, 3}, 1, 1, 1, 1);
    }

    @Test
    void findsAnEqualGeometryAndEvictsTheLeastRecentlyUsed() {
        AtomicInteger built = new AtomicInteger();
        Function<Conv2dGeometry, Object> make = g -> {
            built.incrementAndGet();
            return new Object();
        };
        PlanCache<Object> cache = new PlanCache<>(2);
        Object a = cache.get(geometry(1), make);
        Object b = cache.get(geometry(2), make);
        assertSame(a, cache.get(geometry(1), make), "an equal geometry finds its plan");
        assertEquals(2, built.get());
        cache.get(geometry(3), make);              // evicts geometry 2, the least recent
        assertSame(a, cache.get(geometry(1), make));
        assertNotSame(b, cache.get(geometry(2), make), "geometry 2 was evicted and rebuilt");
        assertEquals(4, built.get());
    }
}
