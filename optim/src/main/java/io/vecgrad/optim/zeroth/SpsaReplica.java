package io.vecgrad.optim.zeroth;

import java.util.ArrayList;
import java.util.List;

/**
 * One worker's copy of the parameters in shared-randomness SPSA (P63), with the two halves of a
 * synchronous round: {@link #measure} (two forward evaluations per sample, one scalar out) and
 * {@link #apply} (regenerate every sender's directions and take the step). Every replica that
 * starts equal and applies the same messages stays bitwise equal. A multi-worker engine calls the
 * same two methods and ships {@link SpsaMessage}s.
 *
 * <p><b>Floating-point order</b> (why shared-seed and full exchange agree bitwise): for each sender
 * in increasing worker id, the replica forms {@code g = Σ_s p_s z_s} (samples in order, each term
 * {@code p_s · z_s[i]}), then {@code θ[i] −= c · g[i]}. {@link #fullVector} builds the same g on the
 * sender and {@link #applyVectors} applies it with the same expression. (The reference code's
 * scalar path instead applies each sample's term separately, which differs at rounding level.)
 * Perturbed losses are measured at {@code θ ± ε z} computed from an untouched copy of θ (the
 * code's "backup" strategy), so θ is restored exactly.
 *
 * <pre>{@code
 * SpsaReplica r = new SpsaReplica(theta0, SpsaConfig.of(1e-3, 0.05, 2, 1, 7));
 * List<SpsaMessage> mine = r.measure(f, step, 0);
 * r.apply(step, allMessagesOfThisStep);
 * }</pre>
 */
public final class SpsaReplica {
    private final double[] theta;
    private final SpsaConfig config;
    private final SpsaPerturbations directions;
    private final double[] z;
    private final double[] probe;
    private final double[] g;

    public SpsaReplica(double[] theta0, SpsaConfig config) {
        if (theta0.length == 0) throw new IllegalArgumentException("SpsaReplica: parameter vector is empty");
        this.theta = theta0.clone();
        this.config = config;
        this.directions = new SpsaPerturbations(config.seed());
        this.z = new double[theta0.length];
        this.probe = new double[theta0.length];
        this.g = new double[theta0.length];
    }

    /** The live parameters (not a copy). */
    public double[] theta() {
        return theta;
    }

    public SpsaConfig config() {
        return config;
    }

    /** Worker {@code worker}'s messages for {@code step}: one projected gradient per local sample. */
    public List<SpsaMessage> measure(SpsaObjective f, long step, int worker) {
        checkWorker(worker, "measure");
        double eps = config.epsilon();
        List<SpsaMessage> out = new ArrayList<>(config.samplesPerWorker());
        for (int s = 0; s < config.samplesPerWorker(); s++) {
            directions.fill(step, worker, s, z);
            for (int i = 0; i < theta.length; i++) probe[i] = theta[i] + eps * z[i];
            double plus = finite(f.loss(probe, step, worker, s), step, worker, s, "+");
            for (int i = 0; i < theta.length; i++) probe[i] = theta[i] - eps * z[i];
            double minus = finite(f.loss(probe, step, worker, s), step, worker, s, "-");
            double p = (plus - minus) / (2 * eps);
            SpsaQuantizer q = config.quantizer();
            out.add(q == null ? new SpsaMessage(worker, step, s, p, Double.BYTES, 0.5 * (plus + minus))
                    : new SpsaMessage(worker, step, s, q.quantize(p), 1, 0.5 * (plus + minus)));
        }
        return out;
    }

    /** The dense estimate {@code g = Σ_s p_s z_s} of one worker's messages, as the full-exchange baseline sends it. */
    public SpsaVectorMessage fullVector(List<SpsaMessage> ofOneWorker) {
        if (ofOneWorker.isEmpty()) throw new IllegalArgumentException("SpsaReplica.fullVector: no messages");
        SpsaMessage first = ofOneWorker.get(0);
        accumulate(ofOneWorker, 0, ofOneWorker.size());
        return new SpsaVectorMessage(first.worker(), first.step(), ofOneWorker.size(), g.clone());
    }

    /** Applies every worker's scalars of {@code step}: messages sorted by (worker, sample), directions regenerated. */
    public void apply(long step, List<SpsaMessage> all) {
        List<SpsaMessage> sorted = new ArrayList<>(all);
        sorted.sort((a, b) -> a.worker() != b.worker() ? Integer.compare(a.worker(), b.worker()) : Integer.compare(a.sample(), b.sample()));
        double c = config.stepScale();
        int from = 0;
        while (from < sorted.size()) {
            int to = from;
            while (to < sorted.size() && sorted.get(to).worker() == sorted.get(from).worker()) {
                if (sorted.get(to).step() != step) throw new IllegalArgumentException("SpsaReplica.apply: message of step " + sorted.get(to).step() + " in step " + step);
                to++;
            }
            accumulate(sorted, from, to);
            for (int i = 0; i < theta.length; i++) theta[i] -= c * g[i];
            from = to;
        }
    }

    /** Applies dense estimates (full-exchange baseline), senders in increasing worker id. */
    public void applyVectors(long step, List<SpsaVectorMessage> all) {
        List<SpsaVectorMessage> sorted = new ArrayList<>(all);
        sorted.sort((a, b) -> Integer.compare(a.worker(), b.worker()));
        double c = config.stepScale();
        for (SpsaVectorMessage m : sorted) {
            if (m.step() != step) throw new IllegalArgumentException("SpsaReplica.applyVectors: message of step " + m.step() + " in step " + step);
            if (m.vector().length != theta.length) {
                throw new IllegalArgumentException("SpsaReplica.applyVectors: vector of length " + m.vector().length + ", parameters have " + theta.length);
            }
            double[] v = m.vector();
            for (int i = 0; i < theta.length; i++) theta[i] -= c * v[i];
        }
    }

    private void accumulate(List<SpsaMessage> msgs, int from, int to) {
        for (int k = from; k < to; k++) {
            SpsaMessage m = msgs.get(k);
            checkWorker(m.worker(), "apply");
            directions.fill(m.step(), m.worker(), m.sample(), z);
            double p = m.value();
            if (k == from) {
                for (int i = 0; i < g.length; i++) g[i] = p * z[i];
            } else {
                for (int i = 0; i < g.length; i++) g[i] += p * z[i];
            }
        }
    }

    private void checkWorker(int worker, String op) {
        if (worker < 0 || worker >= config.workers()) {
            throw new IllegalArgumentException("SpsaReplica." + op + ": worker " + worker + " outside [0, " + config.workers() + ")");
        }
    }

    private static double finite(double v, long step, int worker, int sample, String sign) {
        if (!Double.isFinite(v)) {
            throw new ArithmeticException("SPSA: loss at theta " + sign + " eps z is " + v + " (step " + step + ", worker " + worker + ", sample " + sample + ")");
        }
        return v;
    }
}
