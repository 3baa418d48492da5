package io.vecgrad.cli.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link BenchRunner#onlyReferenceBlas}: which loaded libraries make the reference column meaningless. */
class ReferenceBlasTest {
    @Test
    void debiansReferenceBlasAloneIsFlagged() {
        assertTrue(BenchRunner.onlyReferenceBlas(
                "/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0\n/usr/lib/x86_64-linux-gnu/lapack/liblapack.so.3.11.0"));
    }

    @Test
    void anOptimizedBlasIsNot() {
        assertFalse(BenchRunner.onlyReferenceBlas("/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3\n"
                + "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblasp-r0.3.21.so"));
        assertFalse(BenchRunner.onlyReferenceBlas("/opt/intel/lib/libmkl_rt.so.2"));
    }

    @Test
    void nothingKnownIsNotFlagged() {
        assertFalse(BenchRunner.onlyReferenceBlas(""));
        assertFalse(BenchRunner.onlyReferenceBlas("/usr/lib/libcblas.so"));
    }

    @Test
    void theProbeNamesTheLibraryThisMachinesTorchLoaded() {
        // Where torch is importable the probe returns at least one BLAS path; elsewhere an empty string.
        String libs = BenchRunner.referenceBlas("/usr/bin/python3");
        if (BenchRunner.hasTorch("/usr/bin/python3")) {
            assertTrue(libs.contains("blas"), "no BLAS library among: " + libs);
        } else {
            assertTrue(libs.isEmpty(), libs);
        }
    }
}
