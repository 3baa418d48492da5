package io.vecgrad.tensor.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The project's one JSON reader and writer (safetensors headers, config.json, summary.json,
 * JMH results, bench tables). Objects become insertion-ordered {@code Map<String,Object>},
 * arrays {@code List<Object>}, integers {@code Long}, other numbers {@code Double}, plus
 * {@code String}, {@code Boolean} and {@code null}.
 *
 * <p><b>Reading is strict</b> (RFC 8259): no trailing commas, no comments, no duplicate keys,
 * no unescaped control characters, nothing after the value, nesting at most {@value #MAX_DEPTH}
 * deep, integers within 64 bits. Errors are {@link IllegalArgumentException}s naming the
 * character offset; file readers turn them into file errors. Any input either parses or throws
 * that exception (fuzzed with random bytes in {@code JsonFuzzTest}).
 *
 * <p><b>Writing</b> accepts maps (keys via {@code String.valueOf}), iterables, strings, numbers,
 * booleans and null; non-finite doubles are written as {@code null} (JSON has no NaN), and any
 * other object as the string of its {@code toString()}. What {@link #write} produces,
 * {@link #parse} reads back to equal values (finite doubles bit for bit).
 *
 * <pre>{@code
 * Map<String, Object> m = Json.parseObject("{\"a\":[1,2]}");
 * String compact = Json.write(m);          // {"a":[1,2]}
 * String pretty = Json.writePretty(m);     // two-space indentation, for files people read
 * Object any = Json.parse("[1, \"x\", null]");
 * }</pre>
 */
public final class Json {
    /** Deepest nesting the reader accepts. */
    public static final int MAX_DEPTH = 64;

    private final String s;
    private int pos;

    private Json(String s) {
        this.s = s;
    }

    /**
     * Parses one JSON value of any kind.
     *
     * @throws IllegalArgumentException naming the character offset of the first error
     */
    public static Object parse(String text) {
        Json p = new Json(text);
        Object v = p.value(0);
        p.skipWs();
        if (p.pos != text.length()) throw p.fail("unexpected text after the JSON value");
        return v;
    }

    /**
     * Parses a JSON document whose top level must be an object.
     *
     * @throws IllegalArgumentException naming the character offset of the first error
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        Json p = new Json(text);
        p.skipWs();
        if (p.peek() != '{') throw p.fail("expected '{' at top level");
        Object v = p.value(0);
        p.skipWs();
        if (p.pos != text.length()) throw p.fail("unexpected text after the JSON value");
        return (Map<String, Object>) v;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) throw fail("nesting deeper than " + MAX_DEPTH);
        skipWs();
        char c = peek();
        switch (c) {
            case '{': return object(depth);
            case '[': return array(depth);
            case '"': return string();
            case 't': literal("true"); return Boolean.TRUE;
            case 'f': literal("false"); return Boolean.FALSE;
            case 'n': literal("null"); return null;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return number();
                throw fail("unexpected character '" + printable(c) + "'");
        }
    }

    private Map<String, Object> object(int depth) {
        Map<String, Object> m = new LinkedHashMap<>();
        pos++;
        skipWs();
        if (peek() == '}') { pos++; return m; }
        while (true) {
            skipWs();
            if (peek() != '"') throw fail("expected a string key");
            int keyAt = pos;
            String key = string();
            skipWs();
            expect(':');
            Object v = value(depth + 1);
            if (m.containsKey(key)) { pos = keyAt; throw fail("duplicate key \"" + key + "\""); }
            m.put(key, v);
            skipWs();
            char c = peek();
            pos++;
            if (c == '}') return m;
            if (c != ',') { pos--; throw fail("expected ',' or '}'"); }
        }
    }

    private List<Object> array(int depth) {
        List<Object> l = new ArrayList<>();
        pos++;
        skipWs();
        if (peek() == ']') { pos++; return l; }
        while (true) {
            l.add(value(depth + 1));
            skipWs();
            char c = peek();
            pos++;
            if (c == ']') return l;
            if (c != ',') { pos--; throw fail("expected ',' or ']'"); }
        }
    }

    private String string() {
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = peek();
            pos++;
            if (c == '"') return sb.toString();
            if (c < 0x20) { pos--; throw fail("unescaped control character in string"); }
            if (c != '\\') { sb.append(c); continue; }
            char e = peek();
            pos++;
            switch (e) {
                case '"': sb.append('"'); break;
                case '\\': sb.append('\\'); break;
                case '/': sb.append('/'); break;
                case 'b': sb.append('\b'); break;
                case 'f': sb.append('\f'); break;
                case 'n': sb.append('\n'); break;
                case 'r': sb.append('\r'); break;
                case 't': sb.append('\t'); break;
                case 'u': sb.append(hex4()); break;
                default: pos--; throw fail("bad escape '\\" + printable(e) + "'");
            }
        }
    }

    private char hex4() {
        if (pos + 4 > s.length()) throw fail("truncated \\u escape");
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(s.charAt(pos + i), 16);
            if (d < 0) throw fail("bad hex digit in \\u escape");
            v = v * 16 + d;
        }
        pos += 4;
        return (char) v;
    }

    private Object number() {
        int start = pos;
        if (peek() == '-') pos++;
        if (peek() == '0') pos++;
        else if (isDigit(peek())) while (isDigit(peekOr())) pos++;
        else throw fail("bad number");
        boolean integral = true;
        if (peekOr() == '.') {
            integral = false;
            pos++;
            if (!isDigit(peek())) throw fail("bad number: digit expected after '.'");
            while (isDigit(peekOr())) pos++;
        }
        if (peekOr() == 'e' || peekOr() == 'E') {
            integral = false;
            pos++;
            if (peek() == '+' || peek() == '-') pos++;
            if (!isDigit(peek())) throw fail("bad number: digit expected in exponent");
            while (isDigit(peekOr())) pos++;
        }
        String text = s.substring(start, pos);
        if (integral) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                pos = start;
                throw fail("integer out of 64-bit range: " + text);
            }
        }
        return Double.parseDouble(text);
    }

    private void literal(String word) {
        if (!s.startsWith(word, pos)) throw fail("expected '" + word + "'");
        pos += word.length();
    }

    private void expect(char c) {
        if (peek() != c) throw fail("expected '" + c + "'");
        pos++;
    }

    private void skipWs() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            pos++;
        }
    }

    private char peek() {
        if (pos >= s.length()) throw fail("unexpected end of JSON");
        return s.charAt(pos);
    }

    private char peekOr() {
        return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String printable(char c) {
        return c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }

    private IllegalArgumentException fail(String what) {
        return new IllegalArgumentException("JSON at character " + pos + ": " + what);
    }

    // ---------------------------------------------------------------- writing

    /** Compact JSON (no spaces or newlines). */
    public static String write(Object v) {
        StringBuilder sb = new StringBuilder();
        write(sb, v, null);
        return sb.toString();
    }

    /** JSON with two-space indentation and one member or element per line, for files people read. */
    public static String writePretty(Object v) {
        StringBuilder sb = new StringBuilder();
        write(sb, v, "");
        return sb.toString();
    }

    /** @param indent the current indentation, or null for compact output */
    private static void write(StringBuilder sb, Object v, String indent) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String str) {
            writeString(sb, str);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            sb.append(Double.isFinite(d) ? Double.toString(d) : "null");
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Map<?, ?> m) {
            List<Object> keys = new ArrayList<>(m.keySet());
            List<Object> values = new ArrayList<>(m.values());
            container(sb, '{', '}', keys.size(), indent, (i, inner) -> {
                writeString(sb, String.valueOf(keys.get(i)));
                sb.append(indent == null ? ":" : ": ");
                write(sb, values.get(i), inner);
            });
        } else if (v instanceof Iterable<?> it) {
            List<Object> items = new ArrayList<>();
            it.forEach(items::add);
            container(sb, '[', ']', items.size(), indent, (i, inner) -> write(sb, items.get(i), inner));
        } else {
            writeString(sb, v.toString());
        }
    }

    private interface Member {
        void write(int index, String innerIndent);
    }

    private static void container(StringBuilder sb, char open, char close, int n, String indent, Member member) {
        sb.append(open);
        String inner = indent == null ? null : indent + "  ";
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(',');
            if (inner != null) sb.append('\n').append(inner);
            member.write(i, inner);
        }
        if (inner != null && n > 0) sb.append('\n').append(indent);
        sb.append(close);
    }

    private static void writeString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
            }
        }
        sb.append('"');
    }
}
