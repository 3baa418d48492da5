package io.vecgrad.optim.zeroth;

/**
 * Result of {@link SharedSeedSpsa#run}: worker 0's final parameters, the mean measured loss per
 * step, the bytes each worker sent over the whole run, and whether all replicas ended bitwise equal.
 *
 * <pre>{@code
 * SpsaRun r = SharedSeedSpsa.run(f, theta0, 100, config, SharedSeedSpsa.Exchange.SHARED_SEED);
 * boolean ok = r.replicasAgree();   long total = r.totalBytes();
 * }</pre>
 */
public record SpsaRun(double[] theta, double[] losses, long[] bytesPerWorker, boolean replicasAgree) {
    public long totalBytes() {
        long s = 0;
        for (long b : bytesPerWorker) s += b;
        return s;
    }
}
