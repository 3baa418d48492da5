package io.vecgrad.tensor.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void parsesNestedValues() {
        Map<String, Object> m = Json.parseObject(" {\"a\": [1, -2.5e1, true, null], \"b\": {\"c\": \"x\\u0041\\n\"}} ");
        assertEquals(List.of(1L, -25.0, true), ((List<?>) m.get("a")).subList(0, 3));
        assertEquals("xA\n", ((Map<?, ?>) m.get("b")).get("c"));
    }

    @Test
    void isStrict() {
        for (String bad : new String[] {"{\"a\":1,}", "{'a':1}", "{\"a\":01}", "{\"a\":1} x", "{\"a\":1,\"a\":2}",
                "[1]", "{\"a\":\"\u0001\"}", "{\"a\":1.}", "{\"a\":99999999999999999999}", "{"}) {
            assertThrows(IllegalArgumentException.class, () -> Json.parseObject(bad), bad);
        }
    }

    @Test
    void deepNestingIsBounded() {
        String deep = "{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}";
        assertThrows(IllegalArgumentException.class, () -> Json.parseObject(deep));
    }

    @Property(tries = 300)
    void stringsRoundTrip(@ForAll String s) {
        Map<String, Object> m = Map.of("k", s);
        assertEquals(m, Json.parseObject(Json.write(m)));
    }
}
