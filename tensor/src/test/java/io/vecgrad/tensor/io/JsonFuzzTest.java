package io.vecgrad.tensor.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Fuzzing of the public {@link Json}: any byte sequence either parses or fails with the
 * documented {@link IllegalArgumentException} (never another exception, never a hang), and
 * random nested values survive a write/parse round trip in both layouts.
 */
class JsonFuzzTest {
    @Property(tries = 2000)
    void randomBytesParseOrFailCleanly(@ForAll @Size(max = 64) byte[] bytes) {
        parseOrIllegalArgument(new String(bytes, StandardCharsets.UTF_8));
    }

    @Property(tries = 2000)
    void randomJsonLikeTextParsesOrFailsCleanly(@ForAll("jsonish") String text) {
        parseOrIllegalArgument(text);
    }

    @Property(tries = 1000)
    void nestedValuesRoundTrip(@ForAll("values") Object value) {
        assertEquals(value, Json.parse(Json.write(value)));
        assertEquals(value, Json.parse(Json.writePretty(value)));
    }

    @Property(tries = 300)
    void truncatedDocumentsFail(@ForAll("objects") Map<String, Object> value) {
        String text = Json.write(value);
        for (int cut = 0; cut < text.length(); cut++) {
            String prefix = text.substring(0, cut);
            assertThrows(IllegalArgumentException.class, () -> Json.parse(prefix), prefix);
        }
    }

    @Property(tries = 200)
    void nonFiniteDoublesAreWrittenAsNull(@ForAll("nonFinite") double d) {
        assertEquals("[null]", Json.write(List.of(d)));
    }

    private static void parseOrIllegalArgument(String text) {
        try {
            Json.parse(text);
        } catch (IllegalArgumentException expected) {
            // the documented failure
        }
    }

    @Provide
    Arbitrary<String> jsonish() {
        return Arbitraries.strings().withChars("{}[]\":,.-+eE0123456789 \\/ntrufalsu\u00e9\u0001").ofMaxLength(40);
    }

    @Provide
    Arbitrary<Double> nonFinite() {
        return Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
    }

    @Provide
    Arbitrary<Object> values() {
        return value(3);
    }

    @Provide
    Arbitrary<Map<String, Object>> objects() {
        return Arbitraries.maps(Arbitraries.strings().ofMaxLength(6), value(2)).ofMaxSize(4).map(LinkedHashMap::new);
    }

    private static Arbitrary<Object> value(int depth) {
        Arbitrary<Object> leaf = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12).map(s -> (Object) s),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().filter(Double::isFinite)
                        .map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just(null));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Object> list = value(depth - 1).list().ofMaxSize(4).map(l -> (Object) new ArrayList<>(l));
        Arbitrary<Object> map = Arbitraries.maps(Arbitraries.strings().ofMaxLength(6), value(depth - 1)).ofMaxSize(4)
                .map(m -> (Object) new LinkedHashMap<>(m));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, leaf), net.jqwik.api.Tuple.of(1, list), net.jqwik.api.Tuple.of(1, map));
    }
}
