package io.vecgrad.optim.linesearch;

import io.vecgrad.optim.LossAndGrad;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.State;
import io.vecgrad.optim.Stepper;
import io.vecgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * L-BFGS (Liu and Nocedal 1989) with an optional strong-Wolfe line search, following PyTorch
 * 1.13's {@code torch.optim.LBFGS} step for step. Each {@link #step} runs up to {@code maxIter}
 * iterations of: two-loop recursion over the last {@code historySize} pairs
 * {@code (s, y)} (kept only when {@code yᵀs > 1e-10}) with initial scaling {@code H = yᵀs/yᵀy};
 * first-ever step length {@code min(1, 1/‖g‖₁)·lr}, then {@code lr}; a fixed step or a
 * {@link StrongWolfe} search; stopping on {@code max|g| ≤ tolGrad}, {@code max|t·d| ≤ tolChange},
 * {@code |Δloss| < tolChange} or the evaluation budget ({@code maxEval = 5·maxIter/4}).
 *
 * <p>Parameters are flattened in name order to double vectors; float32 parameters are rounded
 * when written back. State (slots {@code d}, {@code prev_flat_grad}, {@code old_dirs},
 * {@code old_stps} and scalars) round-trips through {@link io.vecgrad.optim.StateCodec}.
 *
 * <pre>{@code
 * Lbfgs opt = new Lbfgs(params, 1.0, 20, 100, true);
 * for (int i = 0; i < 10; i++) opt.step(p -> model.lossAndGrad(p));
 * }</pre>
 */
public final class Lbfgs implements Stepper {
    private final Params params;
    private final double lr, tolGrad, tolChange;
    private final int maxIter, maxEval, historySize;
    private final boolean strongWolfe;
    private final int numel;

    private double[] d, prevFlatGrad;
    private double t, hDiag = 1, prevLoss;
    private List<double[]> oldDirs = new ArrayList<>(), oldStps = new ArrayList<>();
    private List<Double> ro = new ArrayList<>();
    private long nIter, funcEvals;

    /** PyTorch defaults for the tolerances (1e-7 on the gradient, 1e-9 on changes). */
    public Lbfgs(Params params, double lr, int maxIter, int historySize, boolean strongWolfe) {
        this(params, lr, maxIter, maxIter * 5 / 4, 1e-7, 1e-9, historySize, strongWolfe);
    }

    public Lbfgs(Params params, double lr, int maxIter, int maxEval, double tolGrad, double tolChange, int historySize, boolean strongWolfe) {
        if (maxIter < 1 || historySize < 1) throw new IllegalArgumentException("Lbfgs: maxIter and historySize must be >= 1, got " + maxIter + ", " + historySize);
        this.params = params;
        this.lr = lr;
        this.maxIter = maxIter;
        this.maxEval = maxEval;
        this.tolGrad = tolGrad;
        this.tolChange = tolChange;
        this.historySize = historySize;
        this.strongWolfe = strongWolfe;
        this.numel = (int) params.numel();
    }

    @Override
    public double step(LossAndGrad closure) {
        LossAndGrad.Result r0 = closure.evaluate(params);
        double origLoss = r0.loss(), loss = origLoss;
        int currentEvals = 1;
        funcEvals++;
        double[] flatGrad = flatten(r0.grads());
        if (maxAbs(flatGrad) <= tolGrad) return origLoss;
        int n = 0;
        while (n < maxIter) {
            n++;
            nIter++;
            if (nIter == 1) {
                d = neg(flatGrad);
                oldDirs = new ArrayList<>();
                oldStps = new ArrayList<>();
                ro = new ArrayList<>();
                hDiag = 1;
            } else {
                d = direction(flatGrad);
            }
            prevFlatGrad = flatGrad.clone();
            prevLoss = loss;
            t = nIter == 1 ? Math.min(1., 1. / sumAbs(flatGrad)) * lr : lr;
            double gtd = StrongWolfe.dot(flatGrad, d);
            if (gtd > -tolChange) break;
            int lsEvals = 0;
            boolean optCond = false;
            if (strongWolfe) {
                double[] x0 = flatten(params);
                StrongWolfe.Result ls = StrongWolfe.search(s -> {
                    write(x0, s, d);
                    LossAndGrad.Result r = closure.evaluate(params);
                    write(x0, 0, d);
                    return new StrongWolfe.Eval(r.loss(), flatten(r.grads()));
                }, t, loss, flatGrad, gtd, d);
                loss = ls.f();
                flatGrad = ls.g();
                t = ls.t();
                lsEvals = ls.evals();
                addStep(t, d);
                optCond = maxAbs(flatGrad) <= tolGrad;
            } else {
                addStep(t, d);
                if (n != maxIter) {
                    LossAndGrad.Result r = closure.evaluate(params);
                    loss = r.loss();
                    flatGrad = flatten(r.grads());
                    optCond = maxAbs(flatGrad) <= tolGrad;
                    lsEvals = 1;
                }
            }
            currentEvals += lsEvals;
            funcEvals += lsEvals;
            if (n == maxIter || currentEvals >= maxEval || optCond) break;
            double maxStep = 0;
            for (double v : d) maxStep = Math.max(maxStep, Math.abs(v * t));
            if (maxStep <= tolChange || Math.abs(loss - prevLoss) < tolChange) break;
        }
        return origLoss;
    }

    /** Updates the (s, y) history from the new gradient and runs the two-loop recursion. */
    private double[] direction(double[] flatGrad) {
        double[] y = new double[numel], s = new double[numel];
        for (int i = 0; i < numel; i++) {
            y[i] = flatGrad[i] - prevFlatGrad[i];
            s[i] = d[i] * t;
        }
        double ys = StrongWolfe.dot(y, s);
        if (ys > 1e-10) {
            if (oldDirs.size() == historySize) {
                oldDirs.remove(0);
                oldStps.remove(0);
                ro.remove(0);
            }
            oldDirs.add(y);
            oldStps.add(s);
            ro.add(1. / ys);
            hDiag = ys / StrongWolfe.dot(y, y);
        }
        int k = oldDirs.size();
        double[] al = new double[k];
        double[] q = neg(flatGrad);
        for (int i = k - 1; i >= 0; i--) {
            al[i] = StrongWolfe.dot(oldStps.get(i), q) * ro.get(i);
            axpy(q, -al[i], oldDirs.get(i));
        }
        double[] r = new double[numel];
        for (int i = 0; i < numel; i++) r[i] = q[i] * hDiag;
        for (int i = 0; i < k; i++) {
            double be = StrongWolfe.dot(oldDirs.get(i), r) * ro.get(i);
            axpy(r, al[i] - be, oldStps.get(i));
        }
        return r;
    }

    private void addStep(double step, double[] dir) {
        write(flatten(params), step, dir);
    }

    /** Sets the parameters to {@code x + step·dir} (element-wise, in double). */
    private void write(double[] x, double step, double[] dir) {
        int off = 0;
        for (Tensor p : params.asMap().values()) {
            int m = p.numel();
            double[] v = new double[m];
            for (int i = 0; i < m; i++) v[i] = step == 0 ? x[off + i] : x[off + i] + step * dir[off + i];
            p.copyFrom(Tensor.wrap(v, p.shape()));
            off += m;
        }
    }

    private double[] flatten(Params p) {
        double[] out = new double[numel];
        int off = 0;
        for (Tensor t : p.asMap().values()) {
            double[] v = t.toDoubleArray();
            System.arraycopy(v, 0, out, off, v.length);
            off += v.length;
        }
        return out;
    }

    private static double[] neg(double[] a) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) r[i] = -a[i];
        return r;
    }

    private static void axpy(double[] y, double a, double[] x) {
        for (int i = 0; i < y.length; i++) y[i] = y[i] + a * x[i];
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    private static double sumAbs(double[] a) {
        double s = 0;
        for (double v : a) s += Math.abs(v);
        return s;
    }

    @Override
    public Params params() {
        return params;
    }

    @Override
    public State state() {
        State s = State.EMPTY.withScalar("n_iter", nIter).withScalar("func_evals", funcEvals)
                .withScalar("t", t).withScalar("h_diag", hDiag).withScalar("prev_loss", prevLoss);
        for (int i = 0; i < ro.size(); i++) s = s.withScalar("ro" + i, ro.get(i));
        s = s.withScalar("history", ro.size());
        if (d != null) s = s.withSlot("d", vec("d", d)).withSlot("prev_flat_grad", vec("g", prevFlatGrad));
        s = s.withSlot("old_dirs", list(oldDirs)).withSlot("old_stps", list(oldStps));
        return s;
    }

    @Override
    public void loadState(State s) {
        nIter = (long) s.scalar("n_iter");
        funcEvals = (long) s.scalar("func_evals");
        t = s.scalar("t");
        hDiag = s.scalar("h_diag");
        prevLoss = s.scalar("prev_loss");
        int k = (int) s.scalar("history");
        ro = new ArrayList<>();
        for (int i = 0; i < k; i++) ro.add(s.scalar("ro" + i));
        d = s.slots().containsKey("d") ? s.slot("d").get("d").toDoubleArray() : null;
        prevFlatGrad = s.slots().containsKey("prev_flat_grad") ? s.slot("prev_flat_grad").get("g").toDoubleArray() : null;
        oldDirs = unlist(s.slot("old_dirs"));
        oldStps = unlist(s.slot("old_stps"));
    }

    private static Params vec(String name, double[] v) {
        return Params.of(name, Tensor.of(v.clone(), v.length));
    }

    private static Params list(List<double[]> vs) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < vs.size(); i++) m.put(Integer.toString(i), Tensor.of(vs.get(i).clone(), vs.get(i).length));
        return Params.of(m);
    }

    private static List<double[]> unlist(Params p) {
        List<double[]> out = new ArrayList<>();
        for (Tensor t : p.asMap().values()) out.add(t.toDoubleArray());
        return out;
    }

    @Override
    public Map<String, Double> hyperParams() {
        return Map.of("lr", lr, "max_iter", (double) maxIter, "history_size", (double) historySize);
    }
}
