package io.vecgrad.tensor;

/**
 * Walks several strided operands of one logical shape in runs along their innermost
 * dimension, after merging dimensions that are laid out contiguously for every operand. A
 * contiguous tensor therefore becomes one run, and {@code [N,M] + [M]} becomes N runs of M.
 */
final class Loops {
    private Loops() {}

    /** Receives one run: the start offset of each operand, the run length, the inner strides. */
    interface Run {
        void run(int[] offsets, int n, int[] innerStrides);
    }

    static void forEachRun(int[] shape, int[][] strides, int[] offsets, Run body) {
        int ops = strides.length;
        int rank = shape.length;
        int[] dims = new int[rank];
        int[][] st = new int[ops][rank];
        int r = 0;
        for (int d = 0; d < rank; d++) {
            if (shape[d] == 0) return;
            if (shape[d] == 1) continue;
            if (r > 0 && mergeable(st, r - 1, strides, d, shape[d])) {
                dims[r - 1] *= shape[d];
                for (int o = 0; o < ops; o++) st[o][r - 1] = strides[o][d];
                continue;
            }
            dims[r] = shape[d];
            for (int o = 0; o < ops; o++) st[o][r] = strides[o][d];
            r++;
        }
        int n = r == 0 ? 1 : dims[r - 1];
        int[] inner = new int[ops];
        for (int o = 0; o < ops; o++) inner[o] = r == 0 ? 0 : st[o][r - 1];
        int[] offs = offsets.clone();
        if (r <= 1) {
            body.run(offs, n, inner);
            return;
        }
        walkOuter(dims, st, r - 1, offsets, offs, n, inner, body);
    }

    private static boolean mergeable(int[][] st, int prev, int[][] strides, int d, int size) {
        for (int o = 0; o < st.length; o++) {
            if (st[o][prev] != strides[o][d] * size) return false;
        }
        return true;
    }

    private static void walkOuter(int[] dims, int[][] st, int outerRank, int[] base, int[] offs,
                                  int n, int[] inner, Run body) {
        int ops = base.length;
        int[] idx = new int[outerRank];
        int[] cur = base.clone();
        while (true) {
            System.arraycopy(cur, 0, offs, 0, ops);
            body.run(offs, n, inner);
            int d = outerRank - 1;
            while (d >= 0) {
                idx[d]++;
                for (int o = 0; o < ops; o++) cur[o] += st[o][d];
                if (idx[d] < dims[d]) break;
                for (int o = 0; o < ops; o++) cur[o] -= st[o][d] * dims[d];
                idx[d] = 0;
                d--;
            }
            if (d < 0) return;
        }
    }
}
