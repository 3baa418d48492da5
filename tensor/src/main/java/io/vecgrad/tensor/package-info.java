/**
 * Dense float32/float64 tensors over Java heap arrays.
 *
 * <p>{@link io.vecgrad.tensor.Tensor} is the one user-facing type: a dtype, a shape, strides
 * and an offset over an array shared by all of its views. Ops return new tensors; methods
 * ending in {@code InPlace} write into an existing one and bump a version counter.
 * Broadcasting follows NumPy, dtype promotion follows PyTorch.
 *
 * <ul>
 *   <li>{@code Elementwise}, {@code Reductions}, {@code MatMul}, {@code Indexing},
 *       {@link io.vecgrad.tensor.Convolution}: the op families; each turns shapes and strides
 *       into runs for the kernels.</li>
 *   <li>{@code io.vecgrad.tensor.kernel}: the SIMD kernels and their scalar twins, the only
 *       package that imports {@code jdk.incubator.vector}.</li>
 *   <li>{@code io.vecgrad.tensor.random}: the seeded, splittable generator.</li>
 *   <li>{@code io.vecgrad.tensor.sparse}, {@code io.vecgrad.tensor.io}: CSR matrices and file formats.</li>
 * </ul>
 *
 * <pre>{@code
 * Tensor x = new Rng(0).normal(DType.FLOAT32, 0, 1, 64, 784);
 * Tensor w = Tensor.zeros(784, 10);
 * Tensor p = x.matmul(w).softmax(1);          // [64, 10]
 * }</pre>
 */
package io.vecgrad.tensor;
