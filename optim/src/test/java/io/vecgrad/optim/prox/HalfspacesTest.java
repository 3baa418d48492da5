package io.vecgrad.optim.prox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HalfspacesTest {

    @Test
    void cornerOfTheQuadrantAsInTheJavadoc() {
        Halfspaces corner = new Halfspaces(new double[][] {{1, 0}, {0, 1}}, new double[] {1, 1}, 1e-12, 1000);
        assertArrayEquals(new double[] {1, 3}, corner.prox(new double[] {0, 3}, 1), 0);
        Halfspaces.Projection p = corner.project(new double[] {-1, -2});
        assertArrayEquals(new double[] {1, 1}, p.point(), 1e-15);
        assertArrayEquals(new double[] {2, 3}, p.multipliers(), 1e-15);
        assertTrue(p.converged());
    }

    @Test
    void aBoxWrittenAsHalfspacesProjectsByClipping() {
        int n = 5;
        double[][] rows = new double[2 * n][n];
        double[] c = new double[2 * n];
        for (int i = 0; i < n; i++) {
            rows[2 * i][i] = 1;       // u_i ≥ −1
            c[2 * i] = -1;
            rows[2 * i + 1][i] = -1;  // −u_i ≥ −2, i.e. u_i ≤ 2
            c[2 * i + 1] = -2;
        }
        Halfspaces box = new Halfspaces(rows, c, 1e-13, 100);
        SplittableRandom r = new SplittableRandom(7);
        for (int t = 0; t < 50; t++) {
            double[] v = r.doubles(n, -5, 5).toArray();
            assertArrayEquals(new Box(-1, 2).prox(v, 1), box.prox(v, 1), 1e-12);
        }
    }

    @Test
    void projectionsOntoRandomPolyhedraSatisfyKktAndBeatEveryFeasiblePoint() {
        SplittableRandom r = new SplittableRandom(11);
        for (int t = 0; t < 20; t++) {
            int n = 2 + r.nextInt(6), m = 1 + r.nextInt(12);
            double[] inside = r.doubles(n, -1, 1).toArray();
            double[][] rows = new double[m][];
            double[] c = new double[m];
            for (int i = 0; i < m; i++) {
                rows[i] = r.doubles(n, -1, 1).toArray();
                c[i] = dot(rows[i], inside) - r.nextDouble();    // the point `inside` is strictly feasible
            }
            Halfspaces set = new Halfspaces(rows, c, 1e-12, 100_000);
            double[] v = r.doubles(n, -4, 4).toArray();
            Halfspaces.Projection p = set.project(v);
            assertTrue(p.converged(), "sweeps " + p.sweeps() + ", violation " + p.maxViolation());
            double[] u = p.point(), mu = p.multipliers();
            for (int j = 0; j < n; j++) {
                double s = v[j];
                for (int i = 0; i < m; i++) s += mu[i] * rows[i][j];
                assertEquals(s, u[j], 1e-9, "u = v + Nᵀμ");
            }
            for (int i = 0; i < m; i++) {
                assertTrue(mu[i] >= 0, "μ ≥ 0");
                assertEquals(0, mu[i] * (dot(rows[i], u) - c[i]), 1e-8, "complementary slackness");
            }
            double du = dist(u, v);
            for (int k = 0; k < 200; k++) {
                double[] q = r.doubles(n, -3, 3).toArray();
                if (set.maxViolation(q) == 0) assertTrue(du <= dist(q, v) + 1e-9, "a feasible point is closer than the projection");
            }
            assertTrue(du <= dist(inside, v) + 1e-9);
        }
    }

    @Test
    void anUnfinishedProjectionIsReportedNotUsed() {
        // two nearly parallel halfspaces make Hildreth's sweeps zig-zag slowly
        Halfspaces wedge = new Halfspaces(new double[][] {{1, 1e-3}, {1, -1e-3}}, new double[] {1, 1}, 1e-14, 2);
        Halfspaces.Projection p = wedge.project(new double[] {-5, 3});
        assertFalse(p.converged());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> wedge.prox(new double[] {-5, 3}, 1));
        assertTrue(e.getMessage().contains("not converged after 2 sweeps"), e.getMessage());
    }

    @Test
    void badShapesNameTheFigures() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Halfspaces(new double[][] {{1, 0}, {1}}, new double[] {0, 0}, 1e-9, 10));
        assertEquals("Halfspaces: row 1 has length 1, row 0 has 2", e.getMessage());
        Halfspaces h = new Halfspaces(new double[][] {{1, 0}}, new double[] {0}, 1e-9, 10);
        e = assertThrows(IllegalArgumentException.class, () -> h.project(new double[3]));
        assertEquals("Halfspaces.project: point has length 3, rows have 2", e.getMessage());
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static double dist(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return Math.sqrt(s);
    }
}
