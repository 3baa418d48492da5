package io.vecgrad.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Property(tries = 300)
    void writeThenParseRoundTrips(@ForAll String text, @ForAll double value, @ForAll long whole, @ForAll boolean flag) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", text);
        m.put("key with \"quotes\"", flag);
        m.put("whole", whole);
        m.put("list", new ArrayList<>(Arrays.asList(text, null, List.of())));
        m.put("value", value);
        Map<?, ?> back = (Map<?, ?>) Json.parse(Json.write(m));
        assertEquals(text, back.get("text"));
        assertEquals(flag, back.get("key with \"quotes\""));
        assertEquals(whole, ((Number) back.get("whole")).longValue());
        assertEquals(m.get("list"), back.get("list"));
        if (Double.isFinite(value)) {
            assertEquals(value, ((Number) back.get("value")).doubleValue());
        } else {
            assertEquals(null, back.get("value"), "non-finite numbers are written as null");
        }
    }

    @Test
    void errorsNameTheOffset() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": [1, 2,]}"));
        assertTrue(e.getMessage().contains("offset 12"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1] x"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("\"open"));
    }

    @Test
    void readsJmhStyleNaNStrings() {
        Map<?, ?> m = (Map<?, ?>) Json.parse("{\"scoreError\" : \"NaN\", \"score\" : 1.5E-3, \"n\" : -2}");
        assertEquals("NaN", m.get("scoreError"));
        assertEquals(1.5e-3, m.get("score"));
        assertEquals(-2L, m.get("n"));
    }
}
