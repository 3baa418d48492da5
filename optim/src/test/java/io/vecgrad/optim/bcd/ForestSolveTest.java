package io.vecgrad.optim.bcd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.optim.bcd.BlockRules.Rule;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** P40 message passing: forest solves equal dense solves; greedy forests are acyclic; graph partitions. */
class ForestSolveTest {
    /** A random sparse SPD quadratic on n nodes with about `extra` edges beyond a random spanning tree. */
    static SparseQuadratic randomGraph(int n, int extra, long seed) {
        Random rnd = new Random(seed);
        List<int[]> edges = new ArrayList<>();
        for (int i = 1; i < n; i++) edges.add(new int[] {i, rnd.nextInt(i)});
        for (int e = 0; e < extra; e++) {
            int i = rnd.nextInt(n), j = rnd.nextInt(n);
            if (i != j) edges.add(new int[] {i, j});
        }
        double[] diag = new double[n];
        List<int[]> idx = new ArrayList<>();
        List<Double> val = new ArrayList<>();
        for (int[] e : edges) {
            double w = -0.2 - rnd.nextDouble();
            idx.add(new int[] {e[0], e[1]});
            idx.add(new int[] {e[1], e[0]});
            val.add(w);
            val.add(w);
            diag[e[0]] += Math.abs(w);
            diag[e[1]] += Math.abs(w);
        }
        for (int i = 0; i < n; i++) {
            idx.add(new int[] {i, i});
            val.add(diag[i] + 0.1 + rnd.nextDouble());
        }
        int[] r = new int[idx.size()], c = new int[idx.size()];
        double[] v = new double[idx.size()], lin = new double[n];
        for (int k = 0; k < v.length; k++) {
            r[k] = idx.get(k)[0];
            c[k] = idx.get(k)[1];
            v[k] = val.get(k);
        }
        for (int i = 0; i < n; i++) lin[i] = rnd.nextGaussian();
        return SparseQuadratic.fromTriplets(n, r, c, v, lin);
    }

    /** x_b ← Q_bb⁻¹(c_b − Q_bc x_c) by a dense LU solve. */
    static double[] denseBlockSolve(SparseQuadratic q, int[] block, double[] x) {
        double[][] qbb = q.upperBound(block);
        double[] rhs = new double[block.length];
        for (int t = 0; t < block.length; t++) {
            double s = q.linear(block[t]);
            for (int j = 0; j < q.dim(); j++) {
                boolean inBlock = false;
                for (int i : block) inBlock |= i == j;
                if (!inBlock) s -= q.get(block[t], j) * x[j];
            }
            rhs[t] = s;
        }
        double[] sol = Linalg.solve(DenseBlocks.tensor(qbb), Tensor.of(rhs, block.length)).toDoubleArray();
        double[] out = x.clone();
        for (int t = 0; t < block.length; t++) out[block[t]] = sol[t];
        return out;
    }

    @Property(tries = 40)
    void forestSolveEqualsDenseSolve(@ForAll @IntRange(min = 0, max = 100_000) int seed, @ForAll @IntRange(min = 2, max = 60) int n) {
        SparseQuadratic q = randomGraph(n, n / 2, seed);
        Random rnd = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = rnd.nextGaussian();
        int[] block = ForestSolve.greedyForest(q, BlockRules.permutation(n, new java.util.SplittableRandom(seed)));
        assertTrue(ForestSolve.isForest(q, block));
        double[] expect = denseBlockSolve(q, block, x);
        double[] got = x.clone();
        ForestSolve.solveBlock(q, block, got);
        double scale = 0;
        for (double v : expect) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < n; i++) assertEquals(expect[i], got[i], 1e-10 * scale, "coordinate " + i);
    }

    @Test
    void greedyForestKeepsAcyclicAndCyclesAreRejected() {
        // a 4-cycle 0-1-2-3-0
        int[] r = {0, 1, 1, 2, 2, 3, 3, 0, 0, 1, 2, 3};
        int[] c = {1, 0, 2, 1, 3, 2, 0, 3, 0, 1, 2, 3};
        double[] v = {-1, -1, -1, -1, -1, -1, -1, -1, 3, 3, 3, 3};
        SparseQuadratic q = SparseQuadratic.fromTriplets(4, r, c, v, new double[4]);
        assertFalse(ForestSolve.isForest(q, new int[] {0, 1, 2, 3}));
        assertArrayEquals(new int[] {0, 1, 2}, ForestSolve.greedyForest(q, new int[] {0, 1, 2, 3}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ForestSolve.solveBlock(q, new int[] {0, 1, 2, 3}, new double[4]));
        assertTrue(e.getMessage().contains("cycle"), e.getMessage());
    }

    @Test
    void latticePartitionsAreDiagonalOrForestsAndMessagePassingSolvesTheSystem() {
        BcdDatasets.Lattice d = BcdDatasets.datasetD(8, 7, 6, 3);
        SparseQuadratic q = d.q();
        Partition rb = Partition.redBlack(d.rows(), d.cols(), d.unlabelled());
        for (int k = 0; k < rb.size(); k++) {
            double[][] qbb = q.upperBound(rb.block(k));
            for (int i = 0; i < qbb.length; i++) for (int j = 0; j < qbb.length; j++) if (i != j) assertEquals(0, qbb[i][j], "red-black block " + k);
        }
        Partition forests = Partition.forests(q);
        int covered = 0;
        for (int k = 0; k < forests.size(); k++) {
            assertTrue(ForestSolve.isForest(q, forests.block(k)));
            covered += forests.block(k).length;
        }
        assertEquals(q.dim(), covered);
        double[] exact = Linalg.solve(DenseBlocks.tensor(q.dense()), Tensor.of(q.linear(), q.dim())).toDoubleArray();
        for (BlockSelector rule : List.of(BlockRules.fixed(forests, Rule.CYCLIC), BlockRules.forest(q, Rule.GS), BlockRules.forest(q, Rule.GSL),
                BlockRules.forest(q, Rule.RANDOM))) {
            BcdResult res = BlockCoordinateDescent.solve(q, null, new double[q.dim()], rule, BlockUpdate.MESSAGE_PASSING,
                    BcdOptions.defaults().withMaxIterations(20_000).withTol(1e-6));
            assertEquals(BcdResult.Reason.CONVERGED, res.reason());
            assertArrayEquals(exact, res.x(), 1e-6);
        }
    }

    @Test
    void sparseQuadraticChecksItsInput() {
        assertThrows(IllegalArgumentException.class, () -> SparseQuadratic.fromTriplets(2, new int[] {0, 1, 0}, new int[] {0, 1, 1}, new double[] {1, 1, 0.5}, new double[2]));
        assertThrows(IllegalArgumentException.class, () -> SparseQuadratic.fromTriplets(2, new int[] {0, 1}, new int[] {0, 2}, new double[] {1, 1}, new double[2]));
        assertThrows(IllegalArgumentException.class, () -> SparseQuadratic.fromTriplets(2, new int[] {0}, new int[] {0}, new double[] {1}, new double[2]));
    }
}
