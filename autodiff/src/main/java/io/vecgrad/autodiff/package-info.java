/**
 * Reverse-mode automatic differentiation: {@link io.vecgrad.autodiff.Variable}, the tape, and
 * the primitive ops its methods call ({@code Arithmetic}, {@code Unary}, {@code Reduce},
 * {@code LinAlg}, {@code ViewOps}, {@code Broadcast}, {@code Join}, {@code Index}), each with its
 * forward formula and VJP rule in the same file.
 *
 * <p>The primitives sit beside {@code Variable} because {@code Variable}'s fluent methods call
 * them and they take and return {@code Variable}: in separate packages that pair would be a
 * package cycle, which the architecture test forbids. Ops built on top of the primitives — conv,
 * fused kernels, differentiable decompositions — live in {@code io.vecgrad.autodiff.ops} and
 * depend only downwards on this package; {@code io.vecgrad.autodiff.linalg} adds curvature
 * operators and implicit solves.
 *
 * <pre>{@code
 * Variable x = Variable.parameter(Tensor.of(new double[] {1, 2, 3}));
 * Variable y = x.square().sum();     // Unary.square, Reduce.sum
 * y.backward();                      // x.grad() = 2x
 * }</pre>
 */
package io.vecgrad.autodiff;
