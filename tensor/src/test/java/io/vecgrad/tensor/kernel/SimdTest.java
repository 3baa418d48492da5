package io.vecgrad.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The backend switch honours the system property (this runs in both surefire executions). */
@Tag("kernel")
class SimdTest {
    @Test
    void propertySelectsThePath() {
        boolean forcedScalar = "false".equalsIgnoreCase(System.getProperty("vecgrad.simd"));
        if (forcedScalar) {
            assertEquals(false, Simd.ENABLED);
            assertTrue(Simd.describe().contains("scalar fallback"), Simd.describe());
        } else if (Simd.ENABLED) {
            assertTrue(Simd.describe().contains(Simd.F32.length() + " float lanes"), Simd.describe());
        }
    }
}
