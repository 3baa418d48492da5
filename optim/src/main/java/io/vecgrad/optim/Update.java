package io.vecgrad.optim;

/** The result of {@link GradientTransformation#update}: the transformed updates and the new state. */
public record Update(Params updates, State state) {}
