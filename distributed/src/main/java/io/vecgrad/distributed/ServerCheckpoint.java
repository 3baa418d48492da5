package io.vecgrad.distributed;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link RoundMethod} whose server state can be saved after a completed round and restored
 * into a fresh instance of the same method: what a server placed on one node needs so that
 * another node can take over (the Cluster Singleton's fail-over in
 * {@code io.vecgrad.distributed.pekko.SingletonServer}). The state is the list of vectors the
 * server's combination step reads and writes (FedAvg's global model; SCAFFOLD's model and
 * control variate; majority vote's model and error memory). Random numbers are not part of it:
 * every draw comes from a stream derived from (seed, purpose, round), so a restored method
 * draws what the original would have drawn. A method whose server keeps anything else (a
 * history, a stateful aggregator) must not implement this interface; the singleton then
 * refuses fail-over and says why.
 *
 * <pre>{@code
 * RoundMethod m = FedAvg.fedAvg(3, 0.1, 1.0);
 * m.setUp(engine);
 * m.round(engine, 0);
 * List<ParamVector> saved = ((ServerCheckpoint) m).saveServerState();
 * RoundMethod fresh = FedAvg.fedAvg(3, 0.1, 1.0);
 * fresh.setUp(engine);
 * ((ServerCheckpoint) fresh).restoreServerState(saved);   // fresh continues with round 1
 * }</pre>
 */
public interface ServerCheckpoint {
    /** Copies of the server state after the last completed round, in a fixed order. */
    List<ParamVector> saveServerState();

    /**
     * Replaces the server state by {@code state} (what {@link #saveServerState} returned), on an
     * instance built with the same configuration whose {@code setUp} has run.
     *
     * @throws IllegalArgumentException when the number of vectors or a dimension does not fit
     */
    void restoreServerState(List<ParamVector> state);

    /** Copies of {@code state}. */
    static List<ParamVector> copies(ParamVector... state) {
        List<ParamVector> out = new ArrayList<>(state.length);
        for (ParamVector v : state) out.add(v.copy());
        return out;
    }

    /**
     * Checks that {@code state} holds one vector per entry of {@code like}, each of the same
     * dimension, and returns copies of it.
     *
     * @throws IllegalArgumentException naming {@code method} and the figures that differ
     */
    static List<ParamVector> checked(String method, List<ParamVector> state, ParamVector... like) {
        if (state.size() != like.length) {
            throw new IllegalArgumentException(method + ".restoreServerState: " + state.size()
                    + " vectors, the server state has " + like.length);
        }
        List<ParamVector> out = new ArrayList<>(like.length);
        for (int k = 0; k < like.length; k++) {
            if (state.get(k).dim() != like[k].dim()) {
                throw new IllegalArgumentException(method + ".restoreServerState: vector " + k + " has dimension "
                        + state.get(k).dim() + ", expected " + like[k].dim());
            }
            out.add(state.get(k).copy());
        }
        return out;
    }
}
