package io.vecgrad.optim;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;

/** Helpers for optimizer tests: random gradient streams and trajectory replay. */
public final class TestUtil {
    private TestUtil() {}

    /** Parameters w (3×4) and b (4) drawn from a seeded normal. */
    public static Params params(long seed, DType dtype) {
        Rng r = new Rng(seed);
        return Params.of("w", r.split("w").normal(dtype, 0, 1, 3, 4), "b", r.split("b").normal(dtype, 0, 1, 4));
    }

    /** A stream of n random gradients shaped like {@link #params}. */
    public static List<Params> grads(long seed, int n, DType dtype, double scale) {
        List<Params> out = new ArrayList<>();
        Rng r = new Rng(seed);
        for (int i = 0; i < n; i++) {
            Rng s = r.split(i);
            out.add(Params.of("w", s.split("w").normal(dtype, 0, scale, 3, 4), "b", s.split("b").normal(dtype, 0, scale, 4)));
        }
        return out;
    }

    /** Applies {@code tx} to a copy of {@code start} with the given gradient stream; returns the parameters after each step. */
    public static List<Params> trajectory(GradientTransformation tx, Params start, List<Params> grads) {
        Params p = start.copy();
        Optimizer opt = Optimizer.of(p, tx);
        List<Params> out = new ArrayList<>();
        for (Params g : grads) {
            opt.step(g);
            out.add(p.copy());
        }
        return out;
    }

    /** Max |a − b| / (|b| + floor) over all elements of two trajectories. */
    public static double maxRelDiff(List<Params> a, List<Params> b, double floor) {
        double m = 0;
        for (int i = 0; i < a.size(); i++) {
            for (String n : a.get(i).names()) {
                double[] x = a.get(i).get(n).to(DType.FLOAT64).toDoubleArray(), y = b.get(i).get(n).to(DType.FLOAT64).toDoubleArray();
                for (int k = 0; k < x.length; k++) m = Math.max(m, Math.abs(x[k] - y[k]) / (Math.abs(y[k]) + floor));
            }
        }
        return m;
    }

    public static double[] flat(Params p) {
        List<Double> v = new ArrayList<>();
        for (Tensor t : p.asMap().values()) for (double d : t.to(DType.FLOAT64).toDoubleArray()) v.add(d);
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The single update u = tx(g) at the first step from a fresh state. */
    public static double[] firstUpdate(GradientTransformation tx, Params p, Params g) {
        return flat(tx.update(g, tx.init(p), p).updates());
    }
}
