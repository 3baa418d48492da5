package io.vecgrad.autodiff.ops;

import io.vecgrad.autodiff.Arithmetic;
import io.vecgrad.autodiff.Broadcast;
import io.vecgrad.autodiff.Index;
import io.vecgrad.autodiff.Join;
import io.vecgrad.autodiff.LinAlg;
import io.vecgrad.autodiff.Reduce;
import io.vecgrad.autodiff.Unary;
import io.vecgrad.autodiff.ViewOps;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every differentiable op, by family. The test suite fails when an op listed here has no
 * first- and second-order gradient check, so a new op family (conv2d, pooling) is one file in
 * this package plus one entry below.
 */
public final class OpRegistry {
    private OpRegistry() {}

    private static final List<List<String>> FAMILIES = List.of(
            Arithmetic.OPS, Unary.OPS, Reduce.OPS, LinAlg.OPS, ViewOps.OPS, Broadcast.OPS, Join.OPS, Index.OPS,
            Conv.OPS, FusedOps.OPS, Decompositions.OPS, Attention.OPS, MeanSquare.OPS, FusedDropout.OPS, Mse.OPS,
            List.of("cg_solve"));   // io.vecgrad.autodiff.linalg.ImplicitSolve.OPS (named here, not imported: no package cycle)

    /** All op names, in family order. */
    public static List<String> all() {
        List<String> names = new ArrayList<>();
        for (List<String> f : FAMILIES) names.addAll(f);
        return Collections.unmodifiableList(names);
    }
}
