package io.vecgrad.nn;

import io.vecgrad.autodiff.NoGrad;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Shape;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A layer or model: a tree of named parameters, buffers and child modules, like
 * {@code torch.nn.Module}. Names are dotted paths ({@code "features.0.weight"}) in PyTorch's
 * order (own parameters, own buffers, then children), so a {@link #stateDict()} lines up with
 * the {@code state_dict()} of the same PyTorch model.
 *
 * <p>A subclass registers parameters with {@link #param}, buffers (running statistics) with
 * {@link #buffer} and children with {@link #child} in its constructor, reads its parameters in
 * {@link #forward} through {@link #p(String)} (never caching the variable, so
 * {@link Functional#call} can substitute them), and checks input shapes with {@link #shapeError}.
 *
 * <p>Parameters are usable right after construction (drawn from seed 0, split by their path
 * in the tree); {@link #initialize(Rng)} re-draws all of them from a seed of your choice.
 *
 * <p>Import this class by name: {@code import io.vecgrad.nn.*;} makes {@code Module}
 * ambiguous with {@code java.lang.Module}, which every Java file imports implicitly.
 *
 * <pre>{@code
 * import io.vecgrad.autodiff.Variable;
 * import io.vecgrad.nn.Module;                    // by name, not io.vecgrad.nn.*
 * import io.vecgrad.nn.Sequential;
 * import io.vecgrad.nn.layers.Activation;
 * import io.vecgrad.nn.layers.Linear;
 * import io.vecgrad.tensor.Tensor;
 * import io.vecgrad.tensor.random.Rng;
 * import java.util.Map;
 *
 * Tensor x = Tensor.zeros(32, 784);
 * Module net = new Sequential(new Linear(784, 256), Activation.relu(), new Linear(256, 10));
 * net.initialize(new Rng(42));                    // every parameter from split("<dotted name>")
 * Variable logits = net.forward(Variable.constant(x));
 * Map<String, Variable> params = net.namedParameters();   // "0.weight", "0.bias", "2.weight", ...
 * net.eval();                                     // dropout off, batch norm uses running stats
 * }</pre>
 */
public abstract class Module {
    private final Map<String, Variable> params = new LinkedHashMap<>();
    private final Map<String, Initializer> inits = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** Applies the module to one input. */
    public abstract Variable forward(Variable x);

    /**
     * Whether {@link #forward} keeps no reference to the values it receives or computes once it
     * returns (no caches, no running statistics taken from them, no foreign callbacks). Library
     * containers run such children inside their {@link io.vecgrad.autodiff.ForwardScope}, where
     * intermediates go back to the buffer pool after backward. False unless a class audited
     * for it says so; a subclass of an audited class is not trusted.
     */
    protected boolean forwardKeepsNoValues() {
        return false;
    }

    /**
     * Calls {@code child.forward(x)} from a container's forward: directly when the child keeps
     * no values, otherwise as foreign code ({@link io.vecgrad.autodiff.ForwardScope#callUntrusted}),
     * so nothing it may keep is ever recycled.
     */
    protected static Variable call(Module child, Variable x) {
        return child.forwardKeepsNoValues() ? child.forward(x) : io.vecgrad.autodiff.ForwardScope.callUntrusted(child::forward, x);
    }

    /**
     * Whether this module followed by {@code next} may run as one fused call
     * ({@link #forwardThen}) in a container; false unless a library class audited for it says so
     * (a {@code Linear} followed by the built-in ReLU or GELU).
     */
    protected boolean fusesWith(Module next) {
        return false;
    }

    /**
     * {@code next.forward(forward(x))}; classes that override {@link #fusesWith} compute it as one
     * fused op with the same values and gradients.
     */
    protected Variable forwardThen(Module next, Variable x) {
        return next.forward(forward(x));
    }

    /** Applies the module to a constant input. */
    public Variable forward(Tensor x) {
        return forward(Variable.constant(x));
    }

    /** A short description used in messages, e.g. {@code Linear(in=784, out=10)}. */
    @Override
    public String toString() {
        return getClass().getSimpleName();
    }

    // ---------------------------------------------------------------- registration (for subclasses)

    /**
     * Registers a parameter named {@code name}, drawn now from {@code init} with a stream split
     * from seed 0 by the local name (so a module is usable before {@link #initialize}).
     */
    protected final Variable param(String name, Initializer init, DType dtype, int... shape) {
        Tensor value = init.sample(new Rng(0).split(name), Init.check(dtype), shape);
        Variable v = Variable.parameter(name, value);
        params.put(name, v);
        inits.put(name, init);
        return v;
    }

    /** Registers a buffer (state saved in the state dict but not trained, e.g. running statistics). */
    protected final Tensor buffer(String name, Tensor value) {
        buffers.put(name, value);
        return value;
    }

    /**
     * Registers a child module under {@code name} and re-draws its parameters from seed 0 split
     * by {@code name}, so that by induction every default-initialized parameter's stream
     * depends on its path in the tree: two identical layers never start equal.
     */
    protected final <M extends Module> M child(String name, M module) {
        if (name.contains(".")) throw new IllegalArgumentException(this + ": child name '" + name + "' must not contain '.'");
        children.put(name, module);
        module.initialize(new Rng(0).split(name));
        return module;
    }

    /** The current variable of own parameter {@code name} (possibly substituted by {@link Functional#call}). */
    protected final Variable p(String name) {
        Variable v = params.get(name);
        if (v == null && !params.containsKey(name)) throw new IllegalStateException(this + ": no parameter '" + name + "'");
        return v;
    }

    /** Own buffer {@code name}. */
    protected final Tensor b(String name) {
        return buffers.get(name);
    }

    /** Whether own parameter {@code name} exists (optional parameters such as bias). */
    protected final boolean hasParam(String name) {
        return params.containsKey(name);
    }

    /** An exception naming this layer, what it expected and the shape it got. */
    protected final IllegalArgumentException shapeError(String expected, int[] got) {
        return new IllegalArgumentException(this + ": expected input " + expected + ", got shape " + Shape.str(got));
    }

    // ---------------------------------------------------------------- tree views

    /** All parameters by dotted name, in registration order (PyTorch's {@code named_parameters}). */
    public final Map<String, Variable> namedParameters() {
        Map<String, Variable> out = new LinkedHashMap<>();
        collectParams("", out);
        return out;
    }

    /** All parameters in {@link #namedParameters()} order. */
    public final List<Variable> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Parameters that currently require grad (not frozen). */
    public final Map<String, Variable> trainableParameters() {
        Map<String, Variable> out = new LinkedHashMap<>();
        namedParameters().forEach((k, v) -> { if (v.requiresGrad()) out.put(k, v); });
        return out;
    }

    /** All buffers by dotted name. */
    public final Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        walk("", (prefix, m) -> m.buffers.forEach((k, t) -> out.put(prefix + k, t)));
        return out;
    }

    /** Direct children by name. */
    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /** Parameter values and buffers by dotted name, PyTorch's {@code state_dict} order; tensors are shared, not copied. */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collectState("", out);
        return out;
    }

    /** Total number of parameter elements. */
    public final long numParameters() {
        long n = 0;
        for (Variable v : namedParameters().values()) n += v.value().numel();
        return n;
    }

    private void collectParams(String prefix, Map<String, Variable> out) {
        params.forEach((k, v) -> out.put(prefix + k, v));
        children.forEach((k, c) -> c.collectParams(prefix + k + ".", out));
    }

    private void collectState(String prefix, Map<String, Tensor> out) {
        params.forEach((k, v) -> out.put(prefix + k, v.value()));
        buffers.forEach((k, t) -> out.put(prefix + k, t));
        children.forEach((k, c) -> c.collectState(prefix + k + ".", out));
    }

    interface Visitor {
        void visit(String prefix, Module m);
    }

    final void walk(String prefix, Visitor v) {
        v.visit(prefix, this);
        children.forEach((k, c) -> c.walk(prefix + k + ".", v));
    }

    // ---------------------------------------------------------------- loading

    /**
     * Copies {@code state} into the parameters and buffers (converting dtype). Names and
     * shapes must match exactly; otherwise nothing is changed and the exception lists every
     * missing, unexpected and mismatched name.
     */
    public final void loadStateDict(Map<String, Tensor> state) {
        Map<String, Tensor> own = stateDict();
        List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>(), mismatched = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor t = state.get(e.getKey());
            if (t == null) missing.add(e.getKey());
            else if (!Arrays.equals(t.shape(), e.getValue().shape())) {
                mismatched.add(e.getKey() + ": model " + Shape.str(e.getValue().shape()) + " vs loaded " + Shape.str(t.shape()));
            }
        }
        for (String k : state.keySet()) if (!own.containsKey(k)) unexpected.add(k);
        if (!missing.isEmpty() || !unexpected.isEmpty() || !mismatched.isEmpty()) {
            throw new IllegalArgumentException("loadStateDict(" + this + "): state does not match the model; missing "
                    + missing + ", unexpected " + unexpected + ", shape mismatch " + mismatched);
        }
        try (NoGrad scope = NoGrad.enter()) {
            own.forEach((k, t) -> t.copyFrom(state.get(k)));
        }
    }

    // ---------------------------------------------------------------- state changes

    /** Re-draws every parameter from {@code root.split(dottedName)} with its registered initializer. */
    public final Module initialize(Rng root) {
        walk("", (prefix, m) -> m.inits.forEach((k, init) -> {
            Variable v = m.params.get(k);
            Tensor fresh = init.sample(root.split(prefix + k), v.dtype(), v.shape());
            try (NoGrad scope = NoGrad.enter()) {
                v.value().copyFrom(fresh);
            }
        }));
        return this;
    }

    /** Replaces the initializer of own or descendant parameter {@code dottedName} (call {@link #initialize} afterwards). */
    public final Module setInitializer(String dottedName, Initializer init) {
        int dot = dottedName.lastIndexOf('.');
        Module owner = dot < 0 ? this : submodule(dottedName.substring(0, dot));
        String local = dottedName.substring(dot + 1);
        if (!owner.inits.containsKey(local)) throw new IllegalArgumentException(this + ": no parameter '" + dottedName + "'");
        owner.inits.put(local, init);
        return this;
    }

    /** The descendant at dotted path {@code path} (e.g. {@code "layers.0.self_attn"}). */
    public final Module submodule(String path) {
        Module m = this;
        for (String part : path.split("\\.")) {
            Module c = m.children.get(part);
            if (c == null) throw new IllegalArgumentException(this + ": no submodule '" + path + "'");
            m = c;
        }
        return m;
    }

    /** Training mode (dropout active, batch norm uses and updates batch statistics); returns this. */
    public final Module train() {
        return train(true);
    }

    /** Evaluation mode; returns this. */
    public final Module eval() {
        return train(false);
    }

    public final Module train(boolean on) {
        walk("", (prefix, m) -> m.training = on);
        return this;
    }

    public final boolean isTraining() {
        return training;
    }

    /** Stops gradients to every parameter (requiresGrad false); returns this. */
    public final Module freeze() {
        for (Variable v : namedParameters().values()) v.requiresGrad(false);
        return this;
    }

    /** Re-enables gradients to every parameter; returns this. */
    public final Module unfreeze() {
        for (Variable v : namedParameters().values()) v.requiresGrad(true);
        return this;
    }

    /** Clears the accumulated gradient of every parameter. */
    public final void zeroGrad() {
        for (Variable v : namedParameters().values()) v.zeroGrad();
    }

    /** {@link Variable#zeroGrad(boolean)} on every parameter: without {@code setToNone} the gradient tensors are zeroed and reused. */
    public final void zeroGrad(boolean setToNone) {
        // Walks the tree directly: no name map per call (this runs once per training step).
        for (Variable v : params.values()) if (v != null) v.zeroGrad(setToNone);
        for (Module c : children.values()) c.zeroGrad(setToNone);
    }

    /** Converts every floating parameter and buffer to {@code dtype} (new parameter variables, same names); returns this. */
    public final Module to(DType dtype) {
        Init.check(dtype);
        walk("", (prefix, m) -> {
            m.params.replaceAll((k, v) -> {
                Variable nv = Variable.parameter(k, v.value().to(dtype).copy());
                nv.requiresGrad(v.requiresGrad());
                return nv;
            });
            m.buffers.replaceAll((k, t) -> t.dtype().isFloating() ? t.to(dtype).copy() : t);
        });
        return this;
    }

    /** Gives each module a chance to react to a new per-step random stream (see {@code layers.Dropout}). */
    public final Module setRng(Rng stepRng) {
        walk("", (prefix, m) -> m.onRng(prefix.isEmpty() ? stepRng : stepRng.split(prefix)));
        return this;
    }

    /** Hook for modules that draw random numbers; {@code rng} is already split by this module's path. */
    protected void onRng(Rng rng) {}

    // ---------------------------------------------------------------- functional substitution

    /** Swaps own parameter {@code local} for {@code v}; returns the previous variable. */
    final Variable swapParam(String local, Variable v) {
        if (!params.containsKey(local)) throw new IllegalArgumentException(this + ": no parameter '" + local + "'");
        return params.put(local, v);
    }

    final Module ownerOf(String dottedName) {
        int dot = dottedName.lastIndexOf('.');
        return dot < 0 ? this : submodule(dottedName.substring(0, dot));
    }
}
