package io.vecgrad.nn;

import io.vecgrad.autodiff.Autodiff;
import io.vecgrad.autodiff.GradCheck;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Gradient checks of a whole module in float64 with respect to its input and every parameter (through {@link Functional#call}). */
public final class ModuleGradCheck {
    private ModuleGradCheck() {}

    /** Checks {@code d reduce(module(x)) / d(x, params)}; second order too when asked. */
    public static void check(Module m, Tensor x, boolean secondOrder, long seed) {
        m.to(DType.FLOAT64);
        Map<String, Variable> params = m.namedParameters();
        List<String> names = new ArrayList<>(params.keySet());
        Tensor[] inputs = new Tensor[names.size() + 1];
        inputs[0] = x.to(DType.FLOAT64);
        for (int i = 0; i < names.size(); i++) inputs[i + 1] = params.get(names.get(i)).value().copy();
        Autodiff.MultiFunction f = v -> {
            Map<String, Variable> sub = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) sub.put(names.get(i), v[i + 1]);
            return Functional.call(m, sub, v[0]);
        };
        GradCheck.Options o = GradCheck.options().seed(seed);
        try {
            if (secondOrder) GradCheck.checkSecondOrder(f, o, inputs);
            else GradCheck.check(f, o, inputs);
        } catch (AssertionError e) {
            throw new AssertionError(m + ": " + e.getMessage(), e);
        }
    }
}
