/**
 * SIMD kernels on raw arrays: the only package that imports {@code jdk.incubator.vector}.
 *
 * <h2>One source for float and double: the F64 → F32 generation dialect</h2>
 *
 * <p>Every file named {@code *F64.java} under {@code tensor/src/main/java} (kernels here, and
 * any such file elsewhere in the module) is the hand-written double version. At
 * {@code generate-sources} the {@code generate-f32-kernels} execution of
 * {@code maven-antrun-plugin} in {@code tensor/pom.xml} copies it to
 * {@code target/generated-sources/f32/.../*F32.java} and rewrites these tokens, in this order,
 * everywhere in the file (code, comments and strings alike):
 *
 * <table>
 * <caption>Token rewrites (Ant {@code replaceregex}, global)</caption>
 * <tr><th>pattern</th><th>becomes</th><th>so that</th></tr>
 * <tr><td>{@code F64}</td><td>{@code F32}</td><td>class names and references to other twins
 *     ({@code GemmF64} → {@code GemmF32}, {@code Simd.F64} → {@code Simd.F32})</td></tr>
 * <tr><td>{@code \bdouble\b}</td><td>{@code float}</td><td>element types, locals, casts</td></tr>
 * <tr><td>{@code \bDouble}</td><td>{@code Float}</td><td>{@code DoubleVector} → {@code FloatVector},
 *     {@code VectorSpecies<Double>}, {@code Double.isNaN}</td></tr>
 * <tr><td>{@code \bDOUBLE\b}</td><td>{@code FLOAT}</td><td>constants</td></tr>
 * <tr><td>{@code \bFLOAT64\b}</td><td>{@code FLOAT32}</td><td>{@code DType} names</td></tr>
 * </table>
 *
 * <p>Rules for writing an F64 file (the generated twin must compile and mean the same):
 * <ul>
 * <li>Only whole words change: {@code doubleValue()}, {@code doubleArray()} or
 *     {@code Math.ulp(1.0)} stay as they are in the twin; use them only where double is
 *     meant in both.</li>
 * <li>No {@code double} literals where the twin needs a float: {@code float x = 0.5} does not
 *     compile. Write integer literals ({@code 0}, {@code 4}) or cast ({@code (double) 0.5}
 *     becomes {@code (float) 0.5}).</li>
 * <li>A local that must stay wide in both twins (a flop count, an index product) is
 *     {@code long}, not {@code double}: {@code double flops = 2.0 * m * n * k} would become a
 *     float and fail to compile.</li>
 * <li>Never assume a lane count: {@code Simd.F64.length()} is 8 on AVX-512 and becomes
 *     {@code Simd.F32.length()}, 16. Register blocking that depends on the ISA reads
 *     {@code vectorBitSize()}, which is the same for both twins.</li>
 * <li>Scratch arrays, thread locals and nested classes are duplicated per twin, never shared.</li>
 * </ul>
 *
 * <p>Tests are written against both twins (the F32 one generated, so it only exists after
 * {@code generate-sources}); the kernel tests also run a second time with the scalar paths forced
 * ({@code -Dvecgrad.simd=false}, see {@link io.vecgrad.tensor.kernel.Simd}).
 *
 * <h2>Who calls the kernels</h2>
 *
 * <p>Tensor-level code reaches them through one package-private class,
 * {@code io.vecgrad.tensor.Kernels}, which picks the twin by dtype; the wrappers
 * ({@code Convolution}, {@code MatMul}, {@code Elementwise}, {@code Fused}, ...) do not branch on
 * dtype themselves. Benchmarks and a few tests call the kernels directly.
 *
 * <p>Entry points pick their algorithm by shape: {@link io.vecgrad.tensor.kernel.GemmF64}
 * (matrix·vector, small unpacked, blocked and threaded), {@link io.vecgrad.tensor.kernel.Conv2dF64}
 * (implicit GEMM or im2col lowering), {@link io.vecgrad.tensor.kernel.Pool2dF64} (2×2 stride-2
 * or general windows). {@link io.vecgrad.tensor.kernel.Parallel} is the one thread pool; results
 * never depend on its thread count.
 */
package io.vecgrad.tensor.kernel;
