package io.vecgrad.cli.registry;

/**
 * Fills the standard registries. The command line's wiring ({@code io.vecgrad.cli.wiring}) provides
 * the implementation as a {@link java.util.ServiceLoader} service, so this package never imports
 * the wiring that imports it (no package cycle).
 *
 * <pre>{@code
 * public final class StandardWiring implements RegistryContributor {
 *     public void register(Registries r) { OptimizerEntries.register(r); ... }
 * }
 * // src/main/resources/META-INF/services/io.vecgrad.cli.registry.RegistryContributor
 * }</pre>
 */
public interface RegistryContributor {
    /** Adds this contributor's entries to {@code r}. */
    void register(Registries r);
}
