package io.vecgrad.optim.zeroth;

/**
 * The 8-bit quantizer of P63's "one byte per gradient": a projected gradient {@code p} is sent as
 * {@code code = clamp(round(p / s), −127, 127)} and read back as {@code code · s}. Inside the range
 * {@code |p| ≤ 127 s} the error is at most {@code s/2}; outside it is clipped.
 *
 * <pre>{@code
 * SpsaQuantizer q = new SpsaQuantizer(0.05);
 * byte b = q.encode(1.234);          // 25
 * double back = q.decode(b);         // 1.25, |1.25 − 1.234| ≤ 0.025
 * }</pre>
 */
public record SpsaQuantizer(double scale) {
    public SpsaQuantizer {
        if (!(scale > 0) || !Double.isFinite(scale)) throw new IllegalArgumentException("SpsaQuantizer: scale must be positive and finite, got " + scale);
    }

    public byte encode(double p) {
        if (Double.isNaN(p)) throw new IllegalArgumentException("SpsaQuantizer.encode: projected gradient is NaN");
        return (byte) Math.max(-127, Math.min(127, Math.round(p / scale)));
    }

    public double decode(byte code) {
        return code * scale;
    }

    /** {@code decode(encode(p))}. */
    public double quantize(double p) {
        return decode(encode(p));
    }
}
