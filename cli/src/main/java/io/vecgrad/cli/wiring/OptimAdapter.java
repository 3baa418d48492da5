package io.vecgrad.cli.wiring;

import io.vecgrad.cli.train.TrainingOptimizer;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.StateCodec;
import io.vecgrad.optim.Stepper;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Drives an optim {@link Optimizer} from the trainer. The optimizer is built on the first step,
 * over the model's live tensors named {@code p0, p1, ...} (their fixed order).
 *
 * <p>The factory receives a {@link Schedule} that returns the trainer's current rate, so the
 * trainer's schedule is followed exactly by every optimizer of optim's registry.
 *
 * <pre>{@code
 * TrainingOptimizer adam = OptimAdapter.live(lr -> OptimizerRegistry.get("adam").build(Map.of(), lr));
 * }</pre>
 */
public final class OptimAdapter implements TrainingOptimizer {
    private final BiFunction<Params, Schedule, Stepper> factory;
    private double current = Double.NaN;
    private Optimizer optimizer;
    private Map<String, Tensor> pending;

    private OptimAdapter(BiFunction<Params, Schedule, Stepper> factory) {
        this.factory = factory;
    }

    /** A transformation whose rate is the given schedule (the trainer's current rate). */
    public static OptimAdapter live(java.util.function.Function<Schedule, io.vecgrad.optim.GradientTransformation> tx) {
        return new OptimAdapter((p, lr) -> Optimizer.of(p, tx.apply(lr)));
    }

    @Override
    public void step(List<Tensor> params, List<Tensor> grads, double learningRate) {
        current = learningRate;
        if (optimizer == null) {
            create(params);
        }
        optimizer.step(named(grads));
    }

    private void create(List<Tensor> params) {
        Stepper s = factory.apply(named(params), t -> current);
        if (!(s instanceof Optimizer o)) {
            throw new IllegalArgumentException("OptimAdapter: " + s.getClass().getSimpleName()
                    + " needs a loss closure; the trainer hands gradients only");
        }
        optimizer = o;
        if (pending != null) {
            restore(pending);
            pending = null;
        }
    }

    private static Params named(List<Tensor> tensors) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < tensors.size(); i++) {
            m.put("p" + i, tensors.get(i));
        }
        return Params.of(m);
    }

    @Override
    public Map<String, Tensor> state() {
        if (optimizer == null) {
            return pending == null ? Map.of() : pending;
        }
        StateCodec.Encoded e = StateCodec.toTensors(optimizer.state());
        Map<String, Tensor> out = new LinkedHashMap<>();
        e.tensors().forEach((k, v) -> out.put("t." + k, v));
        // Metadata strings travel as UTF-8 bytes in INT32 tensors: checkpoints hold tensors only.
        e.metadata().forEach((k, v) -> out.put("m." + k, utf8(v)));
        return out;
    }

    @Override
    public void loadState(Map<String, Tensor> state) {
        if (optimizer == null) {
            pending = new LinkedHashMap<>(state);
        } else {
            restore(state);
        }
    }

    private void restore(Map<String, Tensor> state) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>();
        state.forEach((k, v) -> {
            if (k.startsWith("t.")) {
                tensors.put(k.substring(2), v);
            } else if (k.startsWith("m.")) {
                meta.put(k.substring(2), text(v));
            } else {
                throw new IllegalArgumentException("OptimAdapter.loadState: unexpected entry '" + k + "'");
            }
        });
        optimizer.loadState(StateCodec.fromTensors(tensors, meta));
    }

    private static Tensor utf8(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int[] a = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            a[i] = b[i] & 0xff;
        }
        return Tensor.of(a, a.length);
    }

    private static String text(Tensor t) {
        int[] a = t.to(DType.INT32).toIntArray();
        byte[] b = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = (byte) a[i];
        }
        return new String(b, StandardCharsets.UTF_8);
    }
}
