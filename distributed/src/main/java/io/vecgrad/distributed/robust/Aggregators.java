package io.vecgrad.distributed.robust;

import io.vecgrad.distributed.Aggregator;
import io.vecgrad.distributed.ParamVector;
import java.util.Arrays;
import java.util.List;

/**
 * Robust aggregation rules behind the one {@link Aggregator} interface: coordinate-wise median,
 * coordinate-wise trimmed mean (CWTM), Krum, geometric median (Weiszfeld), nearest-neighbour
 * averaging (NNA, MoNNA's closest-vector average, per {@code aggregators/cenna.py}'s
 * {@code compute_cva} in LPD-EPFL/robust-collaborative-learning) and the majority vote of signs
 * (signSGD, P13). Each tolerates up to f corrupted inputs out of n where its condition holds
 * (median: f &lt; n/2; trimmed mean: n &gt; 2f; Krum: n &gt; 2f + 2; NNA: n &gt; f); bad counts
 * throw an exception naming the rule, n and f.
 *
 * <pre>{@code
 * Aggregator cwtm = Aggregators.trimmedMean(2);
 * ParamVector robust = cwtm.aggregate(received);                   // ignores 2 extremes per side
 * ParamVector nna = Aggregators.nna(2).aggregate(own, received);   // mean of the n − 2 closest to own
 * }</pre>
 */
public final class Aggregators {
    private Aggregators() {}

    private abstract static class Named implements Aggregator {
        private final String name;

        Named(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static void checkInputs(String rule, List<ParamVector> xs) {
        if (xs.isEmpty()) throw new IllegalArgumentException(rule + ": no inputs");
        int d = xs.get(0).dim();
        for (int k = 1; k < xs.size(); k++) {
            if (xs.get(k).dim() != d) throw new IllegalArgumentException(rule + ": input " + k + " has dimension " + xs.get(k).dim() + ", input 0 has " + d);
        }
    }

    /** Per coordinate: sorted values of the inputs. */
    private static double[] column(List<ParamVector> xs, int j, double[] buf) {
        for (int k = 0; k < buf.length; k++) buf[k] = xs.get(k).get(j);
        Arrays.sort(buf);
        return buf;
    }

    /** Coordinate-wise median (mean of the two middle values for an even count). */
    public static Aggregator coordinateMedian() {
        return new Named("median") {
            public ParamVector aggregate(List<ParamVector> xs) {
                checkInputs("median", xs);
                int n = xs.size(), d = xs.get(0).dim();
                double[] buf = new double[n], out = new double[d];
                for (int j = 0; j < d; j++) {
                    column(xs, j, buf);
                    out[j] = n % 2 == 1 ? buf[n / 2] : 0.5 * (buf[n / 2 - 1] + buf[n / 2]);
                }
                return new ParamVector(out);
            }
        };
    }

    /** Coordinate-wise trimmed mean: drops the f largest and f smallest values per coordinate (needs n &gt; 2f). */
    public static Aggregator trimmedMean(int f) {
        checkF("trimmedMean", f);
        return new Named("trimmed-mean-" + f) {
            public ParamVector aggregate(List<ParamVector> xs) {
                checkInputs("trimmedMean", xs);
                int n = xs.size(), d = xs.get(0).dim();
                if (n <= 2 * f) throw new IllegalArgumentException("trimmedMean: needs n > 2f, got n = " + n + ", f = " + f);
                double[] buf = new double[n], out = new double[d];
                for (int j = 0; j < d; j++) {
                    column(xs, j, buf);
                    double s = 0;
                    for (int k = f; k < n - f; k++) s += buf[k];
                    out[j] = s / (n - 2 * f);
                }
                return new ParamVector(out);
            }
        };
    }

    /**
     * Krum (Blanchard et al. 2017): the input whose summed squared distance to its n − f − 2
     * nearest other inputs is smallest (ties: lowest index). Needs n &gt; 2f + 2.
     */
    public static Aggregator krum(int f) {
        checkF("krum", f);
        return new Named("krum-" + f) {
            public ParamVector aggregate(List<ParamVector> xs) {
                checkInputs("krum", xs);
                int n = xs.size();
                if (n <= 2 * f + 2) throw new IllegalArgumentException("krum: needs n > 2f + 2, got n = " + n + ", f = " + f);
                double[][] dist = distances(xs);
                int best = -1;
                double bestScore = Double.POSITIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    double[] others = new double[n - 1];
                    for (int j = 0, k = 0; j < n; j++) if (j != i) others[k++] = dist[i][j];
                    Arrays.sort(others);
                    double score = 0;
                    for (int k = 0; k < n - f - 2; k++) score += others[k];
                    if (score < bestScore) {
                        bestScore = score;
                        best = i;
                    }
                }
                return xs.get(best).copy();
            }
        };
    }

    private static double[][] distances(List<ParamVector> xs) {
        int n = xs.size();
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) d[i][j] = d[j][i] = xs.get(i).squaredDistance(xs.get(j));
        }
        return d;
    }

    /**
     * Geometric median argmin_z Σ‖z − x_k‖ by Weiszfeld's iteration from the coordinate-wise
     * median, with distances floored at {@code 1e-12} (so an iterate on an input stays finite),
     * at most {@code maxIter} steps or until a step moves less than {@code tol}. Breakdown point 1/2.
     */
    public static Aggregator geometricMedian(int maxIter, double tol) {
        if (maxIter < 1) throw new IllegalArgumentException("geometricMedian: maxIter must be ≥ 1, got " + maxIter);
        return new Named("geometric-median") {
            public ParamVector aggregate(List<ParamVector> xs) {
                checkInputs("geometricMedian", xs);
                ParamVector z = coordinateMedian().aggregate(xs);
                double[] w = new double[xs.size()];
                for (int it = 0; it < maxIter; it++) {
                    double total = 0;
                    for (int k = 0; k < w.length; k++) {
                        w[k] = 1 / Math.max(1e-12, Math.sqrt(z.squaredDistance(xs.get(k))));
                        total += w[k];
                    }
                    for (int k = 0; k < w.length; k++) w[k] /= total;
                    ParamVector next = ParamVector.weightedSum(w, xs);
                    double move = Math.sqrt(next.squaredDistance(z));
                    z = next;
                    if (move < tol) break;
                }
                return z;
            }
        };
    }

    /** {@link #geometricMedian(int, double)} with 200 iterations and tolerance 1e-10. */
    public static Aggregator geometricMedian() {
        return geometricMedian(200, 1e-10);
    }

    /**
     * Nearest-neighbour averaging NNA_f: the mean of the |R| − f inputs closest (ℓ2) to the
     * node's own vector {@code center} (ties: lower input index), summed in increasing distance.
     * Needs a centre: the centre-free {@link Aggregator#aggregate(List)} throws.
     */
    public static Aggregator nna(int f) {
        checkF("nna", f);
        return new Named("nna-" + f) {
            public ParamVector aggregate(List<ParamVector> xs) {
                throw new IllegalArgumentException("nna: nearest-neighbour averaging needs the node's own vector; call aggregate(center, inputs)");
            }

            public ParamVector aggregate(ParamVector center, List<ParamVector> xs) {
                checkInputs("nna", xs);
                int n = xs.size();
                if (n <= f) throw new IllegalArgumentException("nna: needs more than f inputs, got n = " + n + ", f = " + f);
                Integer[] order = new Integer[n];
                double[] dist = new double[n];
                for (int k = 0; k < n; k++) {
                    order[k] = k;
                    dist[k] = center.squaredDistance(xs.get(k));
                }
                Arrays.sort(order, (a, b) -> {
                    int c = Double.compare(dist[a], dist[b]);
                    return c != 0 ? c : Integer.compare(a, b);
                });
                ParamVector out = ParamVector.zeros(center.dim());
                for (int k = 0; k < n - f; k++) out.axpyInPlace(1, xs.get(order[k]));
                return out.scaleInPlace(1.0 / (n - f));
            }
        };
    }

    /** Majority vote of signs (P13): {@code sign(Σ_k x_k)} per coordinate, ties → 0. */
    public static Aggregator majorityVote() {
        return new Named("majority-vote") {
            public ParamVector aggregate(List<ParamVector> xs) {
                checkInputs("majorityVote", xs);
                double[] out = new double[xs.get(0).dim()];
                for (ParamVector x : xs) {
                    for (int j = 0; j < out.length; j++) out[j] += Math.signum(x.get(j));
                }
                for (int j = 0; j < out.length; j++) out[j] = Math.signum(out[j]);
                return new ParamVector(out);
            }
        };
    }

    private static void checkF(String rule, int f) {
        if (f < 0) throw new IllegalArgumentException(rule + ": f must be ≥ 0, got " + f);
    }
}
