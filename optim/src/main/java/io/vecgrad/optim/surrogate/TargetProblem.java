package io.vecgrad.optim.surrogate;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.Tensor;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code f(θ) = h(z(θ))} on one (mini)batch, split the way P58's target-based surrogates need it:
 * the targets {@code z(θ)} (e.g. a model's outputs on the batch: cheap, differentiated many times)
 * and the loss {@code h(z)} of the targets (its gradient {@code ∇h(z)} is the expensive oracle,
 * evaluated once per outer step).
 *
 * <pre>{@code
 * TargetProblem p = TargetProblem.of(v -> x.matmul(v.get("w")), TargetProblem.squared(y));
 * }</pre>
 */
public interface TargetProblem {
    /** z(θ) for the parameters as variables (named like the {@code Params}). */
    Variable targets(Map<String, Variable> params);

    /** h(z), a scalar (mean over the batch). */
    Variable loss(Variable targets);

    /** A problem from a model and a loss of its outputs. */
    static TargetProblem of(Function<Map<String, Variable>, Variable> model, Function<Variable, Variable> loss) {
        return new TargetProblem() {
            @Override
            public Variable targets(Map<String, Variable> params) {
                return model.apply(params);
            }

            @Override
            public Variable loss(Variable targets) {
                return loss.apply(targets);
            }
        };
    }

    /** Squared loss {@code mean((z − y)²)} (PyTorch's {@code MSELoss}, the paper's MSE runs). */
    static Function<Variable, Variable> squared(Tensor y) {
        Variable yv = Variable.constant(y);
        return z -> z.sub(yv).square().mean();
    }

    /** Logistic loss on logits with labels y ∈ {0, 1}: {@code mean(softplus(z) − y·z)} ({@code BCEWithLogitsLoss}). */
    static Function<Variable, Variable> logistic(Tensor y) {
        Variable yv = Variable.constant(y);
        return z -> z.softplus().sub(z.mul(yv)).mean();
    }
}
