package io.vecgrad.optim.zeroth;

/**
 * What a worker sends in the plain full-exchange SPSA that P63 compares against (the reference
 * code's {@code send_full_grad}): its accumulated estimate {@code g = Σ_s p_s z_s} as a dense
 * vector, {@code 8·d} bytes, with the number of samples it sums.
 *
 * <pre>{@code
 * SpsaVectorMessage v = replica.fullVector(messagesOfWorker0);
 * long sent = v.bytes();   // 8 · d
 * }</pre>
 */
public record SpsaVectorMessage(int worker, long step, int samples, double[] vector) {
    public long bytes() {
        return (long) Double.BYTES * vector.length;
    }
}
