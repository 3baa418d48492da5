package io.vecgrad.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

/**
 * The FMA loops do the work they report: every chain, every lane and every step, as the closed
 * form and the scalar twins say (all values exact, so no tolerance). A loop that skipped a chain,
 * started one from the wrong value or ran the wrong number of steps would return another sum.
 */
@Tag("kernel")
class FmaPeakTest {
    private static final int F64_LANES = Simd.ENABLED ? Simd.F64.length() : 1;
    private static final int F32_LANES = Simd.ENABLED ? Simd.F32.length() : 1;

    @Property(tries = 40)
    void runReturnsTheClosedForm(@ForAll @IntRange(min = 0, max = 100_000) int iterations) {
        assertEquals(F64_LANES * (6 + 1.5 * iterations), FmaPeakF64.expected(iterations), 0.0);
        assertEquals(FmaPeakF64.expected(iterations), FmaPeakF64.run(iterations), 0.0);
        assertEquals(F32_LANES * (6 + 1.5f * iterations), FmaPeakF32.expected(iterations), 0f);
        assertEquals(FmaPeakF32.expected(iterations), FmaPeakF32.run(iterations), 0f);
    }

    @Property(tries = 40)
    void scalarTwinsAreOneLane(@ForAll @IntRange(min = 0, max = 100_000) int iterations) {
        assertEquals(6 + 1.5 * iterations, FmaPeakF64.scalar(iterations), 0.0);
        assertEquals(6 + 1.5f * iterations, FmaPeakF32.scalar(iterations), 0f);
    }

    /**
     * The flop count is the work the loop did: each FMA adds 0.5·0.25 = 1/8 to its chain, so the
     * sum grows by one eighth per FMA executed, and each FMA is two flops.
     */
    @Property(tries = 20)
    void flopsAreTheFmasTheLoopRan(@ForAll @IntRange(min = 0, max = 100_000) int iterations) {
        assertEquals(16 * (FmaPeakF64.run(iterations) - FmaPeakF64.run(0)), FmaPeakF64.flops(iterations), 0.0);
        assertEquals(16 * ((double) FmaPeakF32.run(iterations) - FmaPeakF32.run(0)), FmaPeakF32.flops(iterations), 0.0);
    }
}
