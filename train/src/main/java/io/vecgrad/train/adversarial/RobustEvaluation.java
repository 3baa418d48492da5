package io.vecgrad.train.adversarial;

/**
 * Clean and attacked figures of a model over a data set, example-weighted.
 *
 * @param cleanLoss mean loss on the clean inputs
 * @param cleanAccuracy fraction correct on the clean inputs
 * @param robustLoss mean loss at the attack points
 * @param robustAccuracy fraction correct at the attack points (robust accuracy against that attack)
 */
public record RobustEvaluation(double cleanLoss, double cleanAccuracy, double robustLoss, double robustAccuracy) {}
