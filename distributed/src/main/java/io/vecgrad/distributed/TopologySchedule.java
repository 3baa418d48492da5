package io.vecgrad.distributed;

import io.vecgrad.tensor.random.Rng;
import java.util.List;

/**
 * A time-varying topology: the mixing matrix W_t of round t. A static graph is the constant
 * schedule; {@link #cycle} repeats a list (e.g. one-peer exponential graphs);
 * {@link #randomEdge} picks one edge per round to average (randomized pairwise gossip).
 *
 * <pre>{@code
 * TopologySchedule s = TopologySchedule.cycle(List.of(Topology.ring(8), Topology.complete(8)));
 * Topology w3 = s.at(3);                                     // ring-8
 * TopologySchedule pairs = TopologySchedule.randomEdge(Topology.ring(8), 42);
 * }</pre>
 */
@FunctionalInterface
public interface TopologySchedule {
    /** W_t of round t. */
    Topology at(long round);

    /** The same graph every round. */
    static TopologySchedule fixed(Topology t) {
        return round -> t;
    }

    /** W_t = list[t mod size]. */
    static TopologySchedule cycle(List<Topology> list) {
        if (list.isEmpty()) throw new IllegalArgumentException("TopologySchedule.cycle: empty list");
        int n = list.get(0).size();
        for (Topology t : list) {
            if (t.size() != n) throw new IllegalArgumentException("TopologySchedule.cycle: " + t.name() + " has " + t.size() + " nodes, expected " + n);
        }
        List<Topology> copy = List.copyOf(list);
        return round -> copy.get((int) Math.floorMod(round, (long) copy.size()));
    }

    /**
     * Randomized pairwise gossip on {@code graph}: in round t one edge (i, j), drawn from stream
     * t of {@code seed}, averages (W_ii = W_jj = W_ij = W_ji = 1/2); every other node keeps its value.
     */
    static TopologySchedule randomEdge(Topology graph, long seed) {
        int n = graph.size();
        int[][] edges = java.util.stream.IntStream.range(0, n).boxed()
                .flatMap(i -> java.util.Arrays.stream(graph.neighbors(i)).filter(j -> j > i).mapToObj(j -> new int[] {i, j}))
                .toArray(int[][]::new);
        if (edges.length == 0) throw new IllegalArgumentException("TopologySchedule.randomEdge: " + graph.name() + " has no edges");
        Rng root = new Rng(seed).split("random-edge");
        return round -> {
            int[] e = edges[root.split(round).nextInt(edges.length)];
            double[][] m = new double[n][n];
            for (int i = 0; i < n; i++) m[i][i] = 1;
            m[e[0]][e[0]] = m[e[1]][e[1]] = m[e[0]][e[1]] = m[e[1]][e[0]] = 0.5;
            return new Topology("edge-" + e[0] + "-" + e[1], m);
        };
    }
}
