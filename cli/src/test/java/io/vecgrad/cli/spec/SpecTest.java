package io.vecgrad.cli.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.cli.registry.Catalog;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SpecTest {
    private static final Map<String, Object> ADAM = Catalog.params("lr", 1e-3, "beta1", 0.9, "beta2", 0.999,
            "steps", 10, "amsgrad", false, "mode", "fast");

    @Test
    void parsesNameAndPairs() {
        Spec s = Spec.parse("--optimizer", "Adam:lr=1e-3, beta2=0.99");
        assertEquals("adam", s.name());
        assertEquals(Map.of("lr", "1e-3", "beta2", "0.99"), s.raw());
        assertNull(s.positional());
        SpecValues p = SpecValues.resolve(s, ADAM, null);
        assertEquals(1e-3, p.getDouble("lr"));
        assertEquals(0.99, p.getDouble("beta2"));
        assertEquals(0.9, p.getDouble("beta1"), "defaults fill the rest");
    }

    @Test
    void positionalArgumentFillsItsKey() {
        Spec s = Spec.parse("--dataset", "libsvm:data/a9a.txt,test-fraction=0.1");
        assertEquals("data/a9a.txt", s.positional());
        SpecValues p = SpecValues.resolve(s, Catalog.params("path", "", "test-fraction", 0.2), "path");
        assertEquals("data/a9a.txt", p.getString("path"));
        assertEquals(0.1, p.getDouble("test-fraction"));
        SpecException e = assertThrows(SpecException.class,
                () -> SpecValues.resolve(Spec.parse("--dataset", "libsvm"), Catalog.params("path", ""), "path"));
        assertTrue(e.getMessage().contains("needs a path, e.g. libsvm:PATH"), e.getMessage());
    }

    @Test
    void errorsNameFlagKeyAndChoices() {
        assertMessage("--optimizer adam: unknown key 'beta3'; valid keys: lr, beta1, beta2, steps, amsgrad, mode",
                "adam:beta3=1");
        assertMessage("--optimizer adam: key 'lr' expects a finite number, got 'abc'", "adam:lr=abc");
        assertMessage("--optimizer adam: key 'lr' expects a finite number, got 'NaN'", "adam:lr=NaN");
        assertMessage("--optimizer adam: key 'steps' expects an integer, got '2.5'", "adam:steps=2.5");
        assertMessage("--optimizer adam: key 'amsgrad' expects true or false, got 'yes'", "adam:amsgrad=yes");
        assertMessage("--optimizer adam: unexpected argument 'x'; use key=value with keys", "adam:x");
        assertMessage("--optimizer 'adam:lr=1,lr=2': key 'lr' given twice", "adam:lr=1,lr=2");
        assertMessage("--optimizer 'adam:lr=': item 'lr=' needs both a key and a value", "adam:lr=");
        assertMessage("--optimizer 'adam:lr=1,beta1': item 'beta1' is not key=value", "adam:lr=1,beta1");
        assertMessage("--optimizer: empty value", " ");
        assertMessage("--optimizer '!x': bad name '!x'", "!x");
    }

    private static void assertMessage(String expected, String text) {
        SpecException e = assertThrows(SpecException.class,
                () -> SpecValues.resolve(Spec.parse("--optimizer", text), ADAM, null));
        assertTrue(e.getMessage().startsWith(expected), "got: " + e.getMessage());
    }

    @Test
    void registryListsValidNames() {
        Catalog<String> r = new Catalog<String>("optimizer").add("sgd", "", Map.of(), "s").add("adam", "", ADAM, "a");
        SpecException e = assertThrows(SpecException.class, () -> r.resolve("-o", "adamw"));
        assertEquals("-o: unknown optimizer 'adamw'; valid optimizers: sgd, adam", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> r.add("sgd", "", Map.of(), "again"));
        assertEquals("a", r.resolve("-o", "adam:lr=0.1").factory());
    }

    /** The canonical text of resolved parameters parses back to the same values. */
    @Property(tries = 200)
    void canonicalTextRoundTrips(@ForAll @DoubleRange(min = -1e6, max = 1e6) double lr,
            @ForAll @IntRange(min = -1000, max = 1000) int steps, @ForAll boolean amsgrad) {
        Spec s = Spec.parse("-o", "adam:lr=" + lr + ",steps=" + steps + ",amsgrad=" + amsgrad);
        SpecValues p = SpecValues.resolve(s, ADAM, null);
        SpecValues again = SpecValues.resolve(Spec.parse("-o", p.toString()), ADAM, null);
        assertEquals(p.values(), again.values());
        assertEquals(lr, again.getDouble("lr"));
    }
}
