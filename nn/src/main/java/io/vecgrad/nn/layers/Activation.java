package io.vecgrad.nn.layers;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.autodiff.ops.FusedOps;
import io.vecgrad.nn.Module;
import java.util.function.UnaryOperator;

/**
 * An elementwise activation as a module (no parameters). The functions themselves are in
 * {@link Activations}.
 *
 * <pre>{@code
 * import io.vecgrad.nn.Module;
 * import io.vecgrad.nn.Sequential;
 * import io.vecgrad.nn.layers.Activation;
 * import io.vecgrad.nn.layers.Linear;
 *
 * Module net = new Sequential(new Linear(2, 100), Activation.huberizedRelu(0.5), new Linear(100, 1));
 * }</pre>
 */
public class Activation extends Module {
    private final String name;
    private final UnaryOperator<Variable> f;
    /** The fused form of this activation when it is a built-in one a {@link Linear} can absorb, else null. */
    private final FusedOps.Epilogue epilogue;

    public Activation(String name, UnaryOperator<Variable> f) {
        this(name, f, null);
    }

    private Activation(String name, UnaryOperator<Variable> f, FusedOps.Epilogue epilogue) {
        this.name = name;
        this.f = f;
        this.epilogue = epilogue;
    }

    public static Activation relu() { return new Activation("ReLU", Variable::relu, FusedOps.Epilogue.RELU); }
    public static Activation leakyRelu(double slope) { return new Activation("LeakyReLU(" + slope + ")", x -> x.leakyRelu(slope)); }
    /** Exact (erf) GELU, PyTorch's default. */
    public static Activation gelu() { return new Activation("GELU", Variable::gelu, FusedOps.Epilogue.GELU); }
    public static Activation tanh() { return new Activation("Tanh", Variable::tanh); }
    public static Activation sigmoid() { return new Activation("Sigmoid", Variable::sigmoid); }
    public static Activation softplus() { return new Activation("Softplus", Variable::softplus); }
    /** The Huberized ReLU of P04 with smoothing width {@code h} (see {@link Activations#huberizedRelu}). */
    public static Activation huberizedRelu(double h) { return new Activation("HuberizedReLU(" + h + ")", x -> Activations.huberizedRelu(x, h)); }

    @Override
    public Variable forward(Variable x) {
        return f.apply(x);
    }

    /** The epilogue a preceding {@link Linear} may fuse in its place: set only for this exact class built by {@link #relu()} or {@link #gelu()}. */
    FusedOps.Epilogue epilogue() {
        return getClass() == Activation.class ? epilogue : null;
    }

    @Override
    public String toString() {
        return name;
    }

    /** Only the built-in activations (their functions are written in this class) are trusted. */
    @Override
    protected boolean forwardKeepsNoValues() {
        return getClass() == Activation.class && f.getClass().getNestHost() == Activation.class;
    }
}
