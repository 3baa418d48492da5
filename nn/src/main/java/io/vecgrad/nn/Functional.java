package io.vecgrad.nn;

import io.vecgrad.autodiff.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a module with an explicit set of parameters (PyTorch's {@code functional_call}), for
 * bilevel optimization and meta-learning: the parameters may be computed variables (for
 * example {@code θ − α·∇L(θ)} recorded with create-graph), so the result is differentiable
 * with respect to whatever produced them.
 *
 * <pre>{@code
 * Map<String, Variable> theta = net.namedParameters();
 * Map<String, Variable> fast = new LinkedHashMap<>();
 * Variable[] g = Autodiff.gradients(innerLoss, seed, true, theta.values().toArray(new Variable[0]));
 * int i = 0;
 * for (var e : theta.entrySet()) fast.put(e.getKey(), e.getValue().sub(g[i++].mul(0.1)));
 * Variable outer = Losses.crossEntropy(Functional.call(net, fast, xq), yq);   // MAML
 * outer.backward();                                                          // reaches theta
 * }</pre>
 *
 * Names not in {@code params} keep the module's own parameters. The substitution lasts for
 * the call only; a module must not be called functionally from two threads at once.
 */
public final class Functional {
    private Functional() {}

    public static Variable call(Module module, Map<String, Variable> params, Variable x) {
        List<Module> owners = new ArrayList<>();
        List<String> locals = new ArrayList<>();
        List<Variable> previous = new ArrayList<>();
        try {
            for (Map.Entry<String, Variable> e : params.entrySet()) {
                String name = e.getKey();
                Module owner;
                try {
                    owner = module.ownerOf(name);
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException("Functional.call(" + module + "): unknown parameter '" + name + "'", ex);
                }
                String local = name.substring(name.lastIndexOf('.') + 1);
                Variable old;
                try {
                    old = owner.swapParam(local, e.getValue());
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException("Functional.call(" + module + "): unknown parameter '" + name + "'", ex);
                }
                if (!java.util.Arrays.equals(old.shape(), e.getValue().shape())) {
                    owner.swapParam(local, old);
                    throw new IllegalArgumentException("Functional.call(" + module + "): parameter '" + name + "' has shape "
                            + io.vecgrad.tensor.Shape.str(e.getValue().shape()) + ", the module's has " + io.vecgrad.tensor.Shape.str(old.shape()));
                }
                owners.add(owner);
                locals.add(local);
                previous.add(old);
            }
            return module.forward(x);
        } finally {
            for (int i = owners.size() - 1; i >= 0; i--) owners.get(i).swapParam(locals.get(i), previous.get(i));
        }
    }
}
