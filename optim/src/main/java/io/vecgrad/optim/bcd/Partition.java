package io.vecgrad.optim.bcd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A fixed partition of the coordinates into blocks, as the code's
 * {@code partition_rules.get_partition} builds them (IssamLaradji/BlockCoordinateDescent):
 * {@link #order} ("Order"/"PCyclic": contiguous chunks), {@link #sorted} ("Sort"/"LipGroup": chunks
 * of the coordinates sorted by L_i ascending) and {@link #average} ("Avg"/"AvgLip": the sorted
 * order interleaved smallest, largest, second smallest, … then chunked); these need τ | n, as in
 * the code. Graph partitions for sparse quadratics: {@link #redBlack} (a 2-colouring of a
 * lattice, so every Q_bb is diagonal) and {@link #forests} (the graph split into forests, each
 * solved exactly by {@link ForestSolve}).
 *
 * <pre>{@code
 * Partition p = Partition.sorted(problem.coordinateLipschitz(), 5);
 * int[] first = p.block(0);
 * }</pre>
 */
public final class Partition {
    private final int[][] blocks;

    private Partition(int[][] blocks) {
        this.blocks = blocks;
    }

    /** Blocks given explicitly (each non-empty; together a partition of 0..n−1 is the caller's promise). */
    public static Partition of(List<int[]> blocks) {
        int[][] b = new int[blocks.size()][];
        for (int i = 0; i < b.length; i++) {
            if (blocks.get(i).length == 0) throw new IllegalArgumentException("Partition: block " + i + " is empty");
            b[i] = blocks.get(i).clone();
        }
        return new Partition(b);
    }

    public static Partition order(int n, int tau) {
        return chunk(DenseBlocks.range(n), tau);
    }

    public static Partition sorted(double[] lipschitz, int tau) {
        return chunk(argsort(lipschitz), tau);
    }

    public static Partition average(double[] lipschitz, int tau) {
        int[] idx = argsort(lipschitz);
        int n = idx.length;
        int[] inter = new int[n];
        for (int i = 0; i < n / 2; i++) {
            inter[2 * i] = idx[i];
            inter[2 * i + 1] = idx[n - 1 - i];
        }
        if (n % 2 == 1) inter[n - 1] = idx[n / 2];
        return chunk(inter, tau);
    }

    /** Red–black colouring of an {@code rows×cols} lattice numbered column-major ({@code i = r + c·rows}, as the code's lattice), restricted to {@code keep}'s indices renumbered 0.. in order. */
    public static Partition redBlack(int rows, int cols, int[] keep) {
        List<Integer> red = new ArrayList<>(), black = new ArrayList<>();
        for (int t = 0; t < keep.length; t++) {
            int i = keep[t];
            int r = i % rows, c = i / rows;
            ((r + c) % 2 == 0 ? red : black).add(t);
        }
        return of(List.of(toArray(red), toArray(black)));
    }

    /**
     * Splits the dependency graph of q into forests: repeatedly takes the greedy forest
     * ({@link ForestSolve#greedyForest}) of the remaining nodes, in index order.
     */
    public static Partition forests(SparseQuadratic q) {
        int n = q.dim();
        boolean[] used = new boolean[n];
        List<int[]> out = new ArrayList<>();
        int left = n;
        while (left > 0) {
            int[] rest = new int[left];
            int m = 0;
            for (int i = 0; i < n; i++) if (!used[i]) rest[m++] = i;
            int[] f = ForestSolve.greedyForest(q, rest);
            for (int i : f) used[i] = true;
            left -= f.length;
            out.add(f);
        }
        return of(out);
    }

    private static int[] toArray(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    private static Partition chunk(int[] idx, int tau) {
        int n = idx.length;
        if (tau < 1 || n % tau != 0) {
            throw new IllegalArgumentException("Partition: block size " + tau + " must divide the " + n + " coordinates (as in the paper's code)");
        }
        int[][] b = new int[n / tau][];
        for (int i = 0; i < b.length; i++) b[i] = Arrays.copyOfRange(idx, i * tau, (i + 1) * tau);
        return new Partition(b);
    }

    /** Indices sorted by value ascending, ties by index. */
    static int[] argsort(double[] v) {
        return DenseBlocks.argsort(v, false);
    }

    public int size() {
        return blocks.length;
    }

    /** Block i (a copy). */
    public int[] block(int i) {
        return blocks[i].clone();
    }

    int[] blockShared(int i) {
        return blocks[i];
    }
}
