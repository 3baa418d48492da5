package io.vecgrad.tensor.kernel;

import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one place that decides whether kernels use the Vector API or their scalar twins.
 *
 * <p>The decision is made once, when this class is first used, and logged as one line.
 * Setting the system property {@code vecgrad.simd=false} forces the scalar path (the test
 * suite runs every kernel test both ways). The vector path is also disabled when the
 * preferred species holds fewer than two lanes, where vector code would only add overhead.
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -Dvecgrad.simd=false ...   // scalar twins
 * System.out.println(Simd.describe());   // "SIMD: FloatVector 256 bits (8 lanes) ..."
 * }</pre>
 */
public final class Simd {
    /** Preferred float species; kernels never assume its width. */
    public static final VectorSpecies<Float> F32 = FloatVector.SPECIES_PREFERRED;
    /** Preferred double species; kernels never assume its width. */
    public static final VectorSpecies<Double> F64 = DoubleVector.SPECIES_PREFERRED;
    /** True when kernels take their vector path; a JIT constant. */
    public static final boolean ENABLED;
    private static final String DESCRIPTION;

    static {
        String prop = System.getProperty("vecgrad.simd", "true");
        if (prop.equalsIgnoreCase("false")) {
            ENABLED = false;
            DESCRIPTION = "SIMD: scalar fallback active (forced by -Dvecgrad.simd=false)";
        } else if (F64.length() < 2) {
            ENABLED = false;
            DESCRIPTION = "SIMD: scalar fallback active (preferred vector holds " + F64.length() + " double lane)";
        } else {
            ENABLED = true;
            DESCRIPTION = "SIMD: FloatVector " + F32.vectorBitSize() + " bits (" + F32.length()
                    + " float lanes, " + F64.length() + " double lanes), Java " + Runtime.version().feature();
        }
        oneLineLogger().info(DESCRIPTION);
    }

    /**
     * The JDK's default console format spends two lines per record; unless the application has
     * configured handlers for this logger, print ours as one line on stderr.
     */
    private static Logger oneLineLogger() {
        Logger log = Logger.getLogger("io.vecgrad.tensor");
        if (log.getHandlers().length == 0 && System.getProperty("java.util.logging.config.file") == null) {
            ConsoleHandler h = new ConsoleHandler();
            h.setFormatter(new Formatter() {
                @Override
                public String format(LogRecord r) {
                    return "[vecgrad] " + r.getMessage() + System.lineSeparator();
                }
            });
            log.addHandler(h);
            log.setUseParentHandlers(false);
        }
        return log;
    }

    private Simd() {}

    /** One line naming the active species, or that the scalar fallback is active and why. */
    public static String describe() {
        return DESCRIPTION;
    }
}
