package io.vecgrad.train;

import java.util.Map;

/**
 * Called by the {@link Trainer} at the end of every epoch, after validation and before the
 * epoch-end checkpoint: the place for schedule and plateau hooks that react to the validation
 * metric ({@link PlateauHook}), early stopping (through a {@link StopSignal}) or logging.
 * A listener with state that must survive a resume returns it from {@link #state()}; the
 * checkpoint stores it and {@link #restore} gives it back.
 *
 * <pre>{@code
 * Trainer t = Trainer.builder().epochs(20).onEpochEnd(e -> System.out.println(e.validation())).build();
 * }</pre>
 */
@FunctionalInterface
public interface EpochListener {
    void onEpochEnd(EpochEnd end);

    /** State to keep in checkpoints (string map, stored in the safetensors metadata). */
    default Map<String, String> state() {
        return Map.of();
    }

    /** Restores what {@link #state()} returned. */
    default void restore(Map<String, String> state) {}
}
