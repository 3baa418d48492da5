package io.vecgrad.train.adversarial;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.Module;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.train.Model;
import java.util.function.BiFunction;

/**
 * The scalar an attack ascends: a loss of the model's output on a batch of inputs {@code x}
 * (leading axis = batch, differentiable) against targets {@code y}. Any nn module and loss
 * function make one with {@link #of(Module, BiFunction)}; a train {@link Model} with
 * {@link #of(Model)}. Both run the module in evaluation mode, so an attack neither draws dropout
 * masks nor moves batch-norm statistics.
 *
 * <pre>{@code
 * AttackObjective f = AttackObjective.of(net, (out, y) -> Losses.crossEntropy(out, y));
 * Tensor xAdv = Pgd.linf(0.1, 0.01, 40).perturb(f, x, y, new Rng(1));
 * }</pre>
 */
@FunctionalInterface
public interface AttackObjective {
    /** The (mean) loss at inputs {@code x}; recorded so that its gradient with respect to x exists. */
    Variable loss(Variable x, Tensor y);

    /** {@code loss(module(x), y)} with the module in evaluation mode. */
    static AttackObjective of(Module module, BiFunction<Variable, Tensor, Variable> loss) {
        return (x, y) -> {
            module.eval();
            return loss.apply(module.forward(x), y);
        };
    }

    /** The model's own loss ({@link Model#loss(Variable, Tensor)}) with its module in evaluation mode. */
    static AttackObjective of(Model model) {
        return (x, y) -> {
            model.module().eval();
            return model.loss(x, y);
        };
    }
}
