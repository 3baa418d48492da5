package io.vecgrad.distributed.pekko;

import io.vecgrad.distributed.ParamVector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a {@link SingletonServer} replicates to the other nodes before each round: enough for a
 * server started on another node to resume with that round. {@code round} rounds are complete;
 * {@code participants} is the list decided for round {@code round}; {@code seq} is the server's
 * collective step counter; the counters (gradients per worker, bytes counted as the simulator
 * counts them, wire vectors) continue from here; {@code state} is the method's
 * {@link io.vecgrad.distributed.ServerCheckpoint server state}. {@code refusal} is
 * {@link #RESUMABLE} or the reason why no server may take over ({@link #FAILOVER_OFF},
 * {@link #NOT_CHECKPOINTABLE}); such a checkpoint carries no state.
 *
 * <p>On the wire it is one float64 vector (chunked by {@link PayloadSerializer} like every payload;
 * never Java serialization): {@code [magic, epoch, round, host, seq, n, refusal, p, participants…,
 * gradients (n), totalBytes, workerBytes, uplinkVectors, downlinkVectors, k, (dim, values…) × k]}.
 * {@link #decode} checks every count and range and rejects anything else naming the sender.
 *
 * <pre>{@code
 * double[] wire = checkpoint.encode();
 * FailoverCheckpoint back = FailoverCheckpoint.decode(wire, n, "the server on worker 0's node");
 * }</pre>
 *
 * @param epoch        how many servers ran before the one that wrote it (0 for the first)
 * @param round        rounds completed
 * @param host         the worker whose node hosted the server that wrote it
 * @param seq          the server's collective step counter at the start of {@code round}
 * @param refusal      {@link #RESUMABLE} or why fail-over is refused
 * @param participants the list of round {@code round}
 * @param gradients    each worker's gradient count as last reported
 * @param counters     totalBytes, workerBytes, uplinkVectors, downlinkVectors
 * @param state        the method's server state (empty when refused)
 */
record FailoverCheckpoint(int epoch, long round, int host, long seq, int refusal, int[] participants, long[] gradients,
        long[] counters, List<ParamVector> state) {
    /** A checkpoint a new server resumes from. */
    static final int RESUMABLE = 0;
    /** The job was built with {@code failover(false)}. */
    static final int FAILOVER_OFF = 1;
    /** The method does not implement {@link io.vecgrad.distributed.ServerCheckpoint}. */
    static final int NOT_CHECKPOINTABLE = 2;
    private static final double MAGIC = 0x5eC0;
    private static final int COUNTERS = 4;

    /** Why a new server cannot resume, in words ({@code method} may be null when unknown). */
    static String reason(int refusal, String method) {
        return switch (refusal) {
            case FAILOVER_OFF -> "fail-over is off for this job";
            case NOT_CHECKPOINTABLE -> (method == null ? "the job's method" : "method " + method)
                    + " does not checkpoint its server state (it does not implement ServerCheckpoint)";
            default -> "no checkpoint reached the new server's node";
        };
    }

    /** The wire form. */
    double[] encode() {
        int n = gradients.length;
        int size = 8 + participants.length + n + COUNTERS + 1;
        for (ParamVector v : state) {
            size += 1 + v.dim();
        }
        double[] out = new double[size];
        int k = 0;
        out[k++] = MAGIC;
        out[k++] = epoch;
        out[k++] = round;
        out[k++] = host;
        out[k++] = seq;
        out[k++] = n;
        out[k++] = refusal;
        out[k++] = participants.length;
        for (int p : participants) {
            out[k++] = p;
        }
        for (long g : gradients) {
            out[k++] = g;
        }
        for (long c : counters) {
            out[k++] = c;
        }
        out[k++] = state.size();
        for (ParamVector v : state) {
            out[k++] = v.dim();
            System.arraycopy(v.data(), 0, out, k, v.dim());
            k += v.dim();
        }
        return out;
    }

    /**
     * Reads a checkpoint of a job with {@code workers} workers.
     *
     * @throws CorruptPayloadException naming {@code sender} and the figure that does not fit
     */
    static FailoverCheckpoint decode(double[] v, int workers, String sender) {
        Reader r = new Reader(v, sender);
        if (v.length < 8 || v[0] != MAGIC) {
            throw r.corrupt("not a checkpoint (" + v.length + " values, header " + (v.length > 0 ? v[0] : "none") + ")");
        }
        r.at = 1;
        int epoch = (int) r.count("epoch", Integer.MAX_VALUE);
        long round = r.count("round", Long.MAX_VALUE / 2);
        int host = (int) r.count("host", workers - 1);
        long seq = r.count("step counter", Long.MAX_VALUE / 2);
        int n = (int) r.count("worker count", Integer.MAX_VALUE);
        if (n != workers) {
            throw r.corrupt("written for " + n + " workers, this job has " + workers);
        }
        int refusal = (int) r.count("refusal code", NOT_CHECKPOINTABLE);
        int p = (int) r.count("participant count", workers);
        r.need(p, "participants");
        int[] participants = new int[p];
        for (int k = 0; k < p; k++) {
            participants[k] = (int) r.count("participant " + k, workers - 1);
        }
        r.need(n, "gradient counts");
        long[] gradients = new long[n];
        for (int k = 0; k < n; k++) {
            gradients[k] = r.count("gradient count of worker " + k, Long.MAX_VALUE / 2);
        }
        r.need(COUNTERS, "counters");
        long[] counters = new long[COUNTERS];
        for (int k = 0; k < COUNTERS; k++) {
            counters[k] = r.count("counter " + k, Long.MAX_VALUE / 2);
        }
        r.need(1, "state count");
        int vectors = (int) r.count("state vector count", v.length);
        List<ParamVector> state = new ArrayList<>(vectors);
        for (int j = 0; j < vectors; j++) {
            r.need(1, "dimension of state vector " + j);
            int dim = (int) r.count("dimension of state vector " + j, v.length);
            r.need(dim, "state vector " + j);
            state.add(new ParamVector(Arrays.copyOfRange(v, r.at, r.at + dim)));
            r.at += dim;
        }
        if (r.at != v.length) {
            throw r.corrupt((v.length - r.at) + " values left over after the state");
        }
        return new FailoverCheckpoint(epoch, round, host, seq, refusal, participants, gradients, counters, state);
    }

    /** The key's round field of checkpoint {@code round} of server {@code epoch} (a replayed round gets a new key). */
    static long key(int epoch, long round) {
        return ((long) epoch << 40) | round;
    }

    /** Reads whole, non-negative counts, checking the length before each read. */
    private static final class Reader {
        private final double[] v;
        private final String sender;
        int at;

        Reader(double[] v, String sender) {
            this.v = v;
            this.sender = sender;
        }

        void need(long count, String what) {
            if (count > v.length - at) {
                throw corrupt("truncated: " + what + " need " + count + " values at offset " + at + ", "
                        + (v.length - at) + " left");
            }
        }

        long count(String what, long max) {
            need(1, what);
            double x = v[at];
            if (!(x >= 0 && x <= max && x == Math.rint(x))) {
                throw corrupt(what + " is " + x + " at offset " + at + ", expected a whole number in 0.." + max);
            }
            at++;
            return (long) x;
        }

        CorruptPayloadException corrupt(String what) {
            return new CorruptPayloadException("checkpoint from " + sender + " rejected: " + what);
        }
    }
}
