package io.vecgrad.autodiff;

/** Per-thread recording switches: whether ops are recorded, and whether anomaly checks run. */
final class GradMode {
    boolean enabled = true;
    boolean anomaly;

    private static final ThreadLocal<GradMode> CURRENT = ThreadLocal.withInitial(GradMode::new);

    static GradMode get() {
        return CURRENT.get();
    }
}
