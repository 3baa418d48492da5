package io.vecgrad.distributed.robust;

import io.vecgrad.distributed.ByzantineAttack;
import io.vecgrad.distributed.ParamVector;
import java.util.List;

/**
 * Byzantine attacks for {@code Channels.byzantine}. Following LPD-EPFL/robust-collaborative-learning
 * ({@code attacks/signflipping.py}, {@code attacks/empire.py}), the omniscient attacks are computed
 * from the honest vectors of the same step, so in peer-to-peer methods they forge models, in
 * federated ones gradients:
 * <ul>
 *   <li>sign flip: {@code −mean(honest)} (the repository's rule), or {@link #negateOwn} {@code −s·own};</li>
 *   <li>IPM / "fall of empires" (Xie et al. 2019): {@code −ε·mean(honest)};</li>
 *   <li>ALIE / "a little is enough" (Baruch et al. 2019): {@code μ − z·σ} per coordinate over the
 *       honest vectors, with {@code z = Φ⁻¹((n − s)/n)}, {@code s = ⌊n/2 + 1⌋ − f} unless z is given;</li>
 *   <li>Gaussian: {@code own + N(0, σ²)} noise.</li>
 * </ul>
 *
 * <pre>{@code
 * Channel up = Channels.byzantine(Set.of(0, 1), Attacks.alie());
 * Channel ipm = Channels.byzantine(Set.of(2), Attacks.ipm(0.1));
 * }</pre>
 */
public final class Attacks {
    private Attacks() {}

    /** {@code −mean(honest)}, as in the MoNNA repository's sign-flipping attack. */
    public static ByzantineAttack signFlip() {
        return (worker, own, honest, f, rng) -> mean("signFlip", honest).scaleInPlace(-1);
    }

    /** {@code −scale·own}: each Byzantine worker flips its own honest message. */
    public static ByzantineAttack negateOwn(double scale) {
        return (worker, own, honest, f, rng) -> own.times(-scale);
    }

    /** Inner-product manipulation: {@code −ε·mean(honest)}. */
    public static ByzantineAttack ipm(double epsilon) {
        return (worker, own, honest, f, rng) -> mean("ipm", honest).scaleInPlace(-epsilon);
    }

    /** ALIE with z from the standard formula for n = honest + f senders. */
    public static ByzantineAttack alie() {
        return (worker, own, honest, f, rng) -> alie(honest, alieZ(honest.size() + f, f));
    }

    /** ALIE with a fixed z. */
    public static ByzantineAttack alie(double z) {
        return (worker, own, honest, f, rng) -> alie(honest, z);
    }

    /** Adds N(0, σ²) to each entry of the worker's own message. */
    public static ByzantineAttack gaussian(double sigma) {
        return (worker, own, honest, f, rng) -> {
            double[] v = own.data().clone();
            for (int i = 0; i < v.length; i++) v[i] += sigma * rng.nextGaussian();
            return new ParamVector(v);
        };
    }

    /** ALIE's {@code z = Φ⁻¹((n − s)/n)}, {@code s = ⌊n/2 + 1⌋ − f}. */
    public static double alieZ(int n, int f) {
        int s = n / 2 + 1 - f;
        double p = (double) (n - s) / n;
        if (!(p > 0 && p < 1)) throw new IllegalArgumentException("Attacks.alie: no z for n = " + n + ", f = " + f + " (quantile " + p + ")");
        return inverseNormalCdf(p);
    }

    private static ParamVector alie(List<ParamVector> honest, double z) {
        ParamVector mu = mean("alie", honest);
        double[] out = mu.data().clone();
        int n = honest.size();
        for (int j = 0; j < out.length; j++) {
            double var = 0;
            for (ParamVector h : honest) {
                double dv = h.get(j) - mu.get(j);
                var += dv * dv;
            }
            out[j] -= z * Math.sqrt(n > 1 ? var / (n - 1) : 0);
        }
        return new ParamVector(out);
    }

    private static ParamVector mean(String attack, List<ParamVector> honest) {
        if (honest.isEmpty()) throw new IllegalArgumentException("Attacks." + attack + ": no honest messages to imitate");
        return ParamVector.mean(honest);
    }

    /** Φ⁻¹(p) by Acklam's rational approximation (relative error below 1.2e-9). */
    static double inverseNormalCdf(double p) {
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double x;
        if (p < 0.02425) {
            double q = Math.sqrt(-2 * Math.log(p));
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        } else if (p > 1 - 0.02425) {
            double q = Math.sqrt(-2 * Math.log(1 - p));
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        } else {
            double q = p - 0.5, r = q * q;
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                    / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
        }
        return x;
    }
}
