package io.vecgrad.cli.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link BenchRunner#referenceBlas} and {@link BenchRunner#onlyReferenceBlas}: which loaded libraries make the reference column meaningless. */
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
    void theProbeNamesTheLibraryThisMachinesTorchLoaded() throws Exception {
        // Where torch and numpy import, the probe returns at least one BLAS path; elsewhere null.
        String libs = BenchRunner.referenceBlas("/usr/bin/python3");
        if (imports("/usr/bin/python3")) {
            assertNotNull(libs, "torch imports, but the probe said it does not");
            assertTrue(libs.contains("blas"), "no BLAS library among: " + libs);
        } else {
            assertNull(libs, libs);
        }
    }

    @Test
    void noPythonMeansNoReference() {
        assertNull(BenchRunner.referenceBlas("/nonexistent/python3"));
    }

    private static boolean imports(String python) throws Exception {
        try {
            Process p = new ProcessBuilder(python, "-c", "import torch, numpy").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
