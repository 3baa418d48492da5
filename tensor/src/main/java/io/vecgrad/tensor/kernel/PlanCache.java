package io.vecgrad.tensor.kernel;

import java.util.function.Function;

/**
 * A few per-geometry plans (offset tables, block layouts) kept most recently used first, for one
 * thread: a training step reuses a handful of convolution geometries, so a plan is built once
 * and found again by a short scan instead of being rebuilt on every call.
 *
 * <pre>{@code
 * ThreadLocal<PlanCache<Plan>> plans = ThreadLocal.withInitial(() -> new PlanCache<>(4));
 * Plan p = plans.get().get(geometry, Plan::new);   // built on a miss, evicting the least recent
 * }</pre>
 */
final class PlanCache<P> {
    private final Conv2dGeometry[] keys;
    private final Object[] plans;

    PlanCache(int size) {
        keys = new Conv2dGeometry[size];
        plans = new Object[size];
    }

    /** The plan for {@code g}, built by {@code make} when absent; it becomes the most recent. */
    @SuppressWarnings("unchecked")
    P get(Conv2dGeometry g, Function<Conv2dGeometry, P> make) {
        int i = 0;
        while (i < keys.length && keys[i] != null && !keys[i].equals(g)) {
            i++;
        }
        boolean hit = i < keys.length && keys[i] != null;
        Object plan = hit ? plans[i] : make.apply(g);
        int from = hit ? i : keys.length - 1;
        System.arraycopy(keys, 0, keys, 1, from);
        System.arraycopy(plans, 0, plans, 1, from);
        keys[0] = g;
        plans[0] = plan;
        return (P) plan;
    }
}
