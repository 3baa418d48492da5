package io.vecgrad.cli.testing;

import io.vecgrad.cli.train.TrainingOptimizer;
import io.vecgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** TEST-ONLY heavy-ball SGD (buf = momentum*buf + g; p -= lr*buf), with checkpointable state. */
public final class MomentumSgd implements TrainingOptimizer {
    private final double momentum;
    private final List<Tensor> buffers = new ArrayList<>();

    public MomentumSgd(double momentum) {
        this.momentum = momentum;
    }

    @Override
    public void step(List<Tensor> params, List<Tensor> grads, double lr) {
        if (buffers.isEmpty()) {
            grads.forEach(g -> buffers.add(Tensor.zeros(g.dtype(), g.shape())));
        }
        for (int i = 0; i < params.size(); i++) {
            Tensor buf = buffers.get(i);
            buf.mulInPlace(momentum).addInPlace(grads.get(i));
            params.get(i).axpyInPlace(-lr, buf);
        }
    }

    @Override
    public Map<String, Tensor> state() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < buffers.size(); i++) {
            m.put("momentum." + i, buffers.get(i));
        }
        return m;
    }

    @Override
    public void loadState(Map<String, Tensor> state) {
        buffers.clear();
        for (int i = 0; state.containsKey("momentum." + i); i++) {
            buffers.add(state.get("momentum." + i).copy());
        }
    }
}
