package io.vecgrad.cli.train;

import io.vecgrad.tensor.Tensor;
import java.util.List;

/**
 * Result of one forward and backward pass.
 *
 * @param loss mean loss over the batch
 * @param accuracy batch accuracy in [0, 1], or NaN for regression
 * @param gradients one gradient per parameter, same order and shapes as
 *     {@link DifferentiableModel#parameters()}
 */
public record LossAndGradient(double loss, double accuracy, List<Tensor> gradients) {}
