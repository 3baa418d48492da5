package io.vecgrad.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.optim.first.Adam;
import io.vecgrad.optim.first.Sgd;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The array-backed {@link Params} and the copy-free {@link State} updates that keep an optimizer
 * step from rebuilding hash maps: same names, order, lookups and immutability as before, and an
 * {@link Optimizer} step that skips the name selection gives the bits of one that selects.
 */
class ParamsStateTest {
    @Test
    void paramsKeepTheMapsOrderForIndexAccessLookupsAndTheMapView() {
        for (int n : new int[] {0, 1, 3, 8, 9, 20}) { // both sides of the scan limit
            LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
            for (int i = n - 1; i >= 0; i--) m.put("p" + i, Tensor.full(DType.FLOAT64, i, 2));
            Params p = Params.of(m);
            assertEquals(n, p.size());
            assertEquals(new ArrayList<>(m.keySet()), p.names());
            assertEquals(m, p.asMap());
            assertEquals(new ArrayList<>(m.keySet()), new ArrayList<>(p.asMap().keySet()), "map view order");
            int i = 0;
            for (Map.Entry<String, Tensor> e : m.entrySet()) {
                assertEquals(e.getKey(), p.name(i));
                assertSame(e.getValue(), p.tensor(i));
                assertSame(e.getValue(), p.get(e.getKey()));
                assertTrue(p.contains(e.getKey()));
                i++;
            }
            assertFalse(p.contains("absent"));
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> p.get("absent"));
            assertTrue(ex.getMessage().contains("Params.get") && ex.getMessage().contains("absent"), ex.getMessage());
            assertThrows(UnsupportedOperationException.class, () -> p.asMap().put("x", Tensor.zeros(1)));
            assertTrue(p.hasNames(new ArrayList<>(m.keySet())));
            if (n > 1) assertFalse(p.hasNames(p.names().subList(1, n)));
        }
    }

    @Test
    void paramsOfPairsKeepsTheFirstPositionOfARepeatedName() {
        Tensor a = Tensor.zeros(1), b = Tensor.ones(DType.FLOAT64, 1), c = Tensor.full(DType.FLOAT64, 2, 1);
        Params p = Params.of("a", a, "b", b, "a", c);
        assertEquals(List.of("a", "b"), p.names());
        assertSame(c, p.get("a"));
        assertSame(c, p.tensor(0));
        assertFalse(p.hasNames(List.of("b", "a")));
        assertTrue(p.hasNames(List.of("a", "b")));
    }

    @Test
    void paramsOfDoesNotFollowLaterChangesOfTheCallersMap() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("w", Tensor.zeros(2));
        Params p = Params.of(m);
        m.put("b", Tensor.zeros(1));
        assertEquals(List.of("w"), p.names());
        assertEquals(1, p.asMap().size());
    }

    @Test
    void stateUpdatesCopyNothingButStayImmutableAndOrdered() {
        Map<String, Double> scalars = new LinkedHashMap<>();
        scalars.put("count", 3.0);
        scalars.put("rho", 0.5);
        State s = new State(Map.of(), scalars, List.of());
        scalars.put("late", 1.0); // the record keeps its own copy
        assertEquals(List.of("count", "rho"), new ArrayList<>(s.scalars().keySet()));
        State t = s.withCount(4).withScalar("eta", 2);
        assertEquals(List.of("count", "rho", "eta"), new ArrayList<>(t.scalars().keySet()));
        assertEquals(4, t.count());
        assertEquals(3, s.count(), "the old state is unchanged");
        assertThrows(UnsupportedOperationException.class, () -> t.scalars().put("x", 1.0));
        assertThrows(UnsupportedOperationException.class, () -> t.slots().clear());

        State c = State.EMPTY.withCount(7);
        assertEquals(Map.of("count", 7.0), c.scalars());
        assertEquals(new State(Map.of(), new HashMap<>(Map.of("count", 7.0)), List.of()), c, "equal to a state built from plain maps");
        assertEquals(c.hashCode(), new State(Map.of(), Map.of("count", 7.0), List.of()).hashCode());
        Params m = Params.of("w", Tensor.zeros(2));
        State slotted = c.withSlot("m", m).withCount(8);
        assertSame(m, slotted.slot("m"));
        assertEquals(8, slotted.count());
        assertEquals(8, Chain.withCounts(State.ofChildren(List.of(slotted, c)), 8).child(1).count());
    }

    @Test
    void optimizerStepGivesTheSameBitsWhetherGradientsNeedSelectingOrNot() {
        for (GradientTransformation tx : List.of(Adam.adam(1e-2), Sgd.sgd(0.1, 0.9, 0, 1e-3, true))) {
            Rng rng = new Rng(11);
            Tensor w1 = rng.normal(DType.FLOAT32, 0, 1, 4, 3), b1 = rng.normal(DType.FLOAT32, 0, 1, 3);
            Tensor w2 = w1.copy(), b2 = b1.copy();
            Optimizer direct = Optimizer.of(Params.of("w", w1, "b", b1), tx);
            Optimizer selecting = Optimizer.of(Params.of("w", w2, "b", b2), tx);
            for (int step = 0; step < 4; step++) {
                Tensor gw = rng.normal(DType.FLOAT32, 0, 1, 4, 3), gb = rng.normal(DType.FLOAT32, 0, 1, 3);
                direct.step(Params.of("w", gw, "b", gb));
                selecting.step(Params.of("extra", Tensor.zeros(DType.FLOAT32, 5), "b", gb, "w", gw)); // other order, one extra
            }
            assertArrayEquals(w1.toFloatArray(), w2.toFloatArray());
            assertArrayEquals(b1.toFloatArray(), b2.toFloatArray());
            assertEquals(4, direct.state().child(0).child(0).count());
        }
    }
}
