package io.vecgrad.experiments;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An experiment's parameters: its declared defaults with the caller's overrides, read by type.
 * Unknown keys and values of the wrong type are refused with the key's name.
 *
 * <pre>{@code
 * Parameters p = Parameters.of(Map.of("epochs", 10, "lr", 0.1), Map.of("epochs", 2));
 * int epochs = p.getInt("epochs");   // 2
 * }</pre>
 */
public final class Parameters {
    private final Map<String, Object> values;

    private Parameters(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * @throws IllegalArgumentException for a key not in {@code defaults} or a value whose type
     *     does not fit the default's (a whole number is accepted for a double)
     */
    public static Parameters of(Map<String, ?> defaults, Map<String, ?> overrides) {
        Map<String, Object> m = new LinkedHashMap<>(defaults);
        overrides.forEach((k, v) -> {
            if (!defaults.containsKey(k)) {
                throw new IllegalArgumentException("experiment parameter '" + k + "' is not declared; known: "
                        + defaults.keySet());
            }
            Object d = defaults.get(k);
            boolean fits = d == null || d.getClass().isInstance(v)
                    || (d instanceof Number && v instanceof Number && (d instanceof Double || !(v instanceof Double)));
            if (!fits) {
                throw new IllegalArgumentException("experiment parameter '" + k + "' must be a "
                        + d.getClass().getSimpleName() + ", got " + v);
            }
            m.put(k, v);
        });
        return new Parameters(m);
    }

    /** The declared defaults, unchanged. */
    public static Parameters defaults(Map<String, ?> defaults) {
        return of(defaults, Map.of());
    }

    public Map<String, Object> values() {
        return values;
    }

    public double getDouble(String key) {
        return number(key).doubleValue();
    }

    public int getInt(String key) {
        return Math.toIntExact(number(key).longValue());
    }

    public long getLong(String key) {
        return number(key).longValue();
    }

    public boolean getBoolean(String key) {
        return (Boolean) get(key, Boolean.class);
    }

    public String getString(String key) {
        return String.valueOf(get(key, Object.class));
    }

    private Number number(String key) {
        return (Number) get(key, Number.class);
    }

    private Object get(String key, Class<?> type) {
        if (!values.containsKey(key)) {
            throw new IllegalArgumentException("experiment parameter '" + key + "' is not declared; known: "
                    + values.keySet());
        }
        Object v = values.get(key);
        if (!type.isInstance(v)) {
            throw new IllegalArgumentException("experiment parameter '" + key + "' is not a " + type.getSimpleName()
                    + ": " + v);
        }
        return v;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
