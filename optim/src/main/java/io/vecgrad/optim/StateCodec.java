package io.vecgrad.optim;

import io.vecgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts a {@link State} to a flat map of tensors plus string metadata (the shape of a
 * safetensors file) and back, bit-exactly. Tensor keys are {@code <path>slot/<slot>/<param>},
 * where the path of nested states is {@code c0/c1/...}; scalars are stored in the metadata as the
 * hex of their IEEE-754 bits, and the metadata records slot, parameter and child order.
 *
 * <pre>{@code
 * StateCodec.Encoded e = StateCodec.toTensors(optimizer.state());
 * // write e.tensors() and e.metadata() with SafeTensors ...
 * optimizer.loadState(StateCodec.fromTensors(e.tensors(), e.metadata()));
 * }</pre>
 */
public final class StateCodec {
    private static final String SEP = "\n";

    private StateCodec() {}

    /** Tensors (contiguous copies) and metadata strings describing a state. */
    public record Encoded(Map<String, Tensor> tensors, Map<String, String> metadata) {}

    /** Flattens {@code state}; the tensors are fresh contiguous copies. */
    public static Encoded toTensors(State state) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>();
        write("", state, tensors, meta);
        return new Encoded(tensors, meta);
    }

    private static void write(String path, State s, Map<String, Tensor> tensors, Map<String, String> meta) {
        meta.put(path + "#slots", String.join(SEP, s.slots().keySet()));
        s.slots().forEach((slot, p) -> {
            meta.put(path + "#params:" + slot, String.join(SEP, p.names()));
            p.asMap().forEach((name, t) -> tensors.put(path + "slot/" + slot + "/" + name, t.copy()));
        });
        meta.put(path + "#scalars", String.join(SEP, s.scalars().keySet()));
        s.scalars().forEach((k, v) -> meta.put(path + "#scalar:" + k, Long.toHexString(Double.doubleToRawLongBits(v))));
        meta.put(path + "#children", Integer.toString(s.children().size()));
        for (int i = 0; i < s.children().size(); i++) write(path + "c" + i + "/", s.child(i), tensors, meta);
    }

    /** Rebuilds the state written by {@link #toTensors}; IllegalArgumentException on missing entries. */
    public static State fromTensors(Map<String, Tensor> tensors, Map<String, String> metadata) {
        return read("", tensors, metadata);
    }

    private static State read(String path, Map<String, Tensor> tensors, Map<String, String> meta) {
        Map<String, Params> slots = new LinkedHashMap<>();
        for (String slot : split(need(meta, path + "#slots"))) {
            Map<String, Tensor> m = new LinkedHashMap<>();
            for (String name : split(need(meta, path + "#params:" + slot))) {
                String key = path + "slot/" + slot + "/" + name;
                Tensor t = tensors.get(key);
                if (t == null) throw new IllegalArgumentException("StateCodec.fromTensors: missing tensor '" + key + "'");
                m.put(name, t.copy());
            }
            slots.put(slot, Params.of(m));
        }
        Map<String, Double> scalars = new LinkedHashMap<>();
        for (String k : split(need(meta, path + "#scalars"))) {
            scalars.put(k, Double.longBitsToDouble(Long.parseUnsignedLong(need(meta, path + "#scalar:" + k), 16)));
        }
        int n = Integer.parseInt(need(meta, path + "#children"));
        List<State> children = new ArrayList<>();
        for (int i = 0; i < n; i++) children.add(read(path + "c" + i + "/", tensors, meta));
        return new State(slots, scalars, children);
    }

    private static String need(Map<String, String> meta, String key) {
        String v = meta.get(key);
        if (v == null) throw new IllegalArgumentException("StateCodec.fromTensors: missing metadata '" + key + "'");
        return v;
    }

    private static List<String> split(String s) {
        return s.isEmpty() ? List.of() : List.of(s.split(SEP, -1));
    }
}
