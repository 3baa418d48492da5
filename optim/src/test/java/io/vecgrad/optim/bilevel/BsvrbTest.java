package io.vecgrad.optim.bilevel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;
import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/**
 * P43 properties on m quadratic blocks {@code g_i = ½yᵀA_i y − yᵀB_i x}, {@code f_i = ½‖y − t_i‖²}:
 * {@code y_i* = A_i⁻¹B_i x}, per-block hypergradient {@code B_iᵀA_i⁻¹(y_i* − t_i)}.
 */
class BsvrbTest {
    static final int BLOCKS = 6, N = 3, M = 2;
    final Tensor[] a = new Tensor[BLOCKS], b = new Tensor[BLOCKS], t = new Tensor[BLOCKS];
    final Tensor x0;

    BsvrbTest() {
        Rng r = new Rng(43);
        for (int i = 0; i < BLOCKS; i++) {
            Tensor mm = r.split("m").split(i).normal(DType.FLOAT64, 0, 0.5, N, N);
            a[i] = mm.mT().matmul(mm).add(Tensor.eye(DType.FLOAT64, N));
            b[i] = r.split("b").split(i).normal(DType.FLOAT64, 0, 1, N, M);
            t[i] = r.split("t").split(i).normal(DType.FLOAT64, 0, 1, N);
        }
        x0 = r.split("x").normal(DType.FLOAT64, 0, 1, M);
    }

    Bsvrb.Problem problem() {
        return new Bsvrb.Problem() {
            public int blocks() { return BLOCKS; }

            public Bilevel.Objective upper(int i, Rng batch) {
                Variable ti = Variable.constant(t[i]);
                return (x, y) -> y.sub(ti).square().sum().mul(0.5);
            }

            public Bilevel.Objective lower(int i, Rng batch) {
                Variable ai = Variable.constant(a[i]), bi = Variable.constant(b[i]);
                return (x, y) -> y.dot(ai.matmul(y)).mul(0.5).sub(y.dot(bi.matmul(x)));
            }
        };
    }

    Tensor yStar(int i) {
        return Linalg.solve(a[i], b[i].matmul(x0));
    }

    Tensor adjoint(int i) {
        return Linalg.solve(a[i], yStar(i).sub(t[i]));
    }

    Tensor meanExactHypergradient() {
        Tensor s = Tensor.zeros(DType.FLOAT64, M);
        for (int i = 0; i < BLOCKS; i++) s = s.add(b[i].mT().matmul(adjoint(i)));
        return s.div(BLOCKS);
    }

    Tensor[] optimalY() {
        Tensor[] y = new Tensor[BLOCKS];
        for (int i = 0; i < BLOCKS; i++) y[i] = yStar(i);
        return y;
    }

    @Test
    void msvrReducesToTheMinibatchEstimateAndContractsAtRateOneMinusAlpha() {
        Tensor u = Tensor.of(new double[] {5, -3}, 2), hNow = Tensor.of(new double[] {1, 2}, 2), hPrev = Tensor.of(new double[] {7, 7}, 2);
        assertArrayEquals(hNow.toDoubleArray(), Msvr.update(u, hNow, hPrev, 1, 0).toDoubleArray(), 0);
        assertSame(hNow, Msvr.update(null, hNow, hPrev, 0.9, 1));
        double alpha = 0.3;
        Tensor cur = u;
        for (int k = 0; k < 20; k++) {
            Tensor next = Msvr.update(cur, hNow, hNow, alpha, 1);
            assertEquals((1 - alpha) * Bilevel.norm(cur.sub(hNow)), Bilevel.norm(next.sub(hNow)), 1e-12);
            cur = next;
        }
    }

    @Test
    void v1WithExactHessiansAndLowerSolutionsGivesTheMeanAidHypergradient() {
        Bsvrb v1 = new Bsvrb(problem(), Bsvrb.Config.defaults(Bsvrb.Variant.V1_HESSIAN).with(BLOCKS, 1e-3, 0.5, 1), x0, optimalY());
        v1.step();
        assertArrayEquals(meanExactHypergradient().toDoubleArray(), v1.lastGradient().toDoubleArray(), 1e-10);
        for (int i = 0; i < BLOCKS; i++) assertArrayEquals(a[i].toDoubleArray(), v1.hessian(i).toDoubleArray(), 1e-12, "H_i tracked exactly");
        // and the mean AID hypergradient is the derivative of (1/m) Σ f_i(x, y_i*(x))
        double h = 1e-4;
        for (int j = 0; j < M; j++) {
            double[] p = x0.toDoubleArray(), q = x0.toDoubleArray();
            p[j] += h;
            q[j] -= h;
            double fd = (phi(Tensor.of(p, M)) - phi(Tensor.of(q, M))) / (2 * h);
            assertEquals(fd, v1.lastGradient().get(j), 1e-8);
        }
    }

    double phi(Tensor x) {
        double s = 0;
        for (int i = 0; i < BLOCKS; i++) {
            Tensor d = Linalg.solve(a[i], b[i].matmul(x)).sub(t[i]);
            s += 0.5 * Bilevel.dot(d, d);
        }
        return s / BLOCKS;
    }

    @Test
    void v2AdjointAtItsFixedPointStaysAndGivesTheHypergradient() {
        Tensor[] v = new Tensor[BLOCKS];
        for (int i = 0; i < BLOCKS; i++) v[i] = adjoint(i);
        Bsvrb v2 = new Bsvrb(problem(), Bsvrb.Config.defaults(Bsvrb.Variant.V2_HVP).with(BLOCKS, 1e-3, 1, 1), x0, optimalY()).startAdjoints(v);
        v2.step();
        for (int i = 0; i < BLOCKS; i++) {
            assertTrue(Bilevel.norm(v2.u(i)) < 1e-12, "MSVR target H v − ∇f is 0");
            assertArrayEquals(v[i].toDoubleArray(), v2.v(i).toDoubleArray(), 1e-12, "v_" + i + " stays");
            assertArrayEquals(yStar(i).toDoubleArray(), v2.y(i).toDoubleArray(), 1e-12, "y_" + i + " stays");
        }
        assertArrayEquals(meanExactHypergradient().toDoubleArray(), v2.lastGradient().toDoubleArray(), 1e-10);
    }

    @Test
    void unsampledBlocksKeepTheirState() {
        for (Bsvrb.Variant variant : Bsvrb.Variant.values()) {
            Bsvrb s = new Bsvrb(problem(), Bsvrb.Config.defaults(variant).with(2, 1e-2, 0.1, 0.1).withSeed(3), x0, new Tensor[] {
                    zeros(), zeros(), zeros(), zeros(), zeros(), zeros()});
            for (int it = 0; it < 5; it++) {
                Tensor[] yB = new Tensor[BLOCKS], vB = new Tensor[BLOCKS], uB = new Tensor[BLOCKS], hB = new Tensor[BLOCKS], sB = new Tensor[BLOCKS];
                for (int i = 0; i < BLOCKS; i++) { yB[i] = s.y(i); vB[i] = s.v(i); uB[i] = s.u(i); hB[i] = s.hessian(i); sB[i] = s.s(i); }
                int[] sampled = s.step();
                assertEquals(2, sampled.length);
                for (int i = 0; i < BLOCKS; i++) {
                    if (java.util.Arrays.binarySearch(sampled, i) >= 0) continue;
                    assertSame(vB[i], s.v(i), variant + " v_" + i);
                    assertSame(uB[i], s.u(i), variant + " u_" + i);
                    assertSame(hB[i], s.hessian(i), variant + " H_" + i);
                    assertSame(sB[i], s.s(i), variant + " s_" + i);
                    if (variant == Bsvrb.Variant.V2_HVP) assertSame(yB[i], s.y(i), "v2 y_" + i);
                }
            }
            if (variant == Bsvrb.Variant.V2_HVP) assertNull(s.hessian(0), "v2 keeps no Hessians");
        }
    }

    Tensor zeros() {
        return Tensor.zeros(DType.FLOAT64, N);
    }

    @Test
    void bothVariantsDecreaseTheObjectiveAndReplayBits() {
        for (Bsvrb.Variant variant : Bsvrb.Variant.values()) {
            // v1 moves every block along its stored s_i each iteration (as the reference code does), so it samples all blocks here
            int perIteration = variant == Bsvrb.Variant.V1_HESSIAN ? BLOCKS : 3;
            Bsvrb.Config c = Bsvrb.Config.defaults(variant).with(perIteration, 0.05, 0.1, 0.1).withSeed(11);   // τ·λ_max(A_i) < 0.5: the MSVR-tracked lower step is stable
            Tensor[] y0 = {zeros(), zeros(), zeros(), zeros(), zeros(), zeros()};
            Bsvrb r1 = new Bsvrb(problem(), c, x0, y0), r2 = new Bsvrb(problem(), c, x0, y0);
            r1.run(300, st -> {});
            r2.run(300, st -> {});
            assertArrayEquals(r1.x().toDoubleArray(), r2.x().toDoubleArray(), 0, variant + " bits");
            assertTrue(phi(r1.x()) < phi(x0) - 0.1 * (phi(x0) - minPhi()), variant + ": Φ " + phi(x0) + " → " + phi(r1.x()) + " (min " + minPhi() + ")");
        }
    }

    double minPhi() {
        Tensor x = x0;
        for (int k = 0; k < 5000; k++) {
            Tensor g = Tensor.zeros(DType.FLOAT64, M);
            for (int i = 0; i < BLOCKS; i++) g = g.add(b[i].mT().matmul(Linalg.solve(a[i], Linalg.solve(a[i], b[i].matmul(x)).sub(t[i]))));
            x = x.sub(g.div(BLOCKS).mul(0.1));
        }
        return phi(x);
    }
}
