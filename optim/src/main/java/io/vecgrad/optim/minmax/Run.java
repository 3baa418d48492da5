package io.vecgrad.optim.minmax;

import java.util.ArrayList;
import java.util.List;

/** The bookkeeping every min-max method shares: counters, the trace and the stopping rule. */
final class Run {
    private final VIOptions o;
    private final int d, devices;
    int k;
    long calls;
    double up, down;
    private final List<double[]> rows = new ArrayList<>();
    private MinMaxResult.Stop stop;

    Run(VIOptions o, int d, int devices) {
        this.o = o;
        this.d = d;
        this.devices = devices;
    }

    /** Each device evaluates its operator once. */
    void evaluated() {
        calls += devices;
    }

    /** Each device sends {@code bits} up. */
    void uplink(double bits) {
        up += devices * bits;
    }

    /** The server sends a dense vector to every device. */
    void broadcast() {
        down += (double) devices * io.vecgrad.optim.compress.VectorCompressor.denseBits(d);
    }

    /** Each device sends a dense vector up. */
    void denseUplink() {
        uplink(io.vecgrad.optim.compress.VectorCompressor.denseBits(d));
    }

    /** Records at the start, every {@code recordEvery} iterations and at the end; true when the run must stop. */
    boolean done(double[] z) {
        for (double v : z) {
            if (!Double.isFinite(v)) {
                stop = MinMaxResult.Stop.DIVERGED;
                record(Double.NaN);
                return true;
            }
        }
        boolean last = k >= o.maxIterations() || up >= o.maxUplinkBits();
        if (k % o.recordEvery() == 0 || last) {
            double m = o.metric().applyAsDouble(z);
            record(m);
            if (m <= o.target()) {
                stop = MinMaxResult.Stop.TARGET;
                return true;
            }
        }
        if (k >= o.maxIterations()) stop = MinMaxResult.Stop.ITERATIONS;
        else if (up >= o.maxUplinkBits()) stop = MinMaxResult.Stop.BITS;
        return last;
    }

    private void record(double metric) {
        rows.add(new double[] {k, up, calls, metric});
    }

    MinMaxResult result(double[] z) {
        int n = rows.size();
        int[] it = new int[n];
        double[] bits = new double[n], metric = new double[n];
        long[] c = new long[n];
        for (int i = 0; i < n; i++) {
            double[] r = rows.get(i);
            it[i] = (int) r[0];
            bits[i] = r[1];
            c[i] = (long) r[2];
            metric[i] = r[3];
        }
        return new MinMaxResult(z.clone(), k, calls, up, down, stop, new MinMaxResult.Trace(it, bits, c, metric));
    }

    /** F(z) = (1/M) Σ F_m(z) with its communication: z down, each F_m(z) up dense. */
    double[] meanOperator(List<Operator> fs, double[] z) {
        broadcast();
        evaluated();
        denseUplink();
        return Operator.mean(fs).apply(z);
    }

    double[] project(double[] z) {
        return o.projection().apply(z);
    }
}
