package io.vecgrad.optim.linesearch;

/**
 * Strong-Wolfe line search with cubic interpolation (Nocedal and Wright, Algorithms 3.5/3.6),
 * following PyTorch 1.13's {@code _strong_wolfe} step for step (which follows minFunc): a
 * bracketing phase that extrapolates by cubic interpolation within {@code [t + 0.01(t − t_prev), 10t]},
 * then a zoom phase with the 10 % safeguard against insufficient progress.
 *
 * <pre>{@code
 * StrongWolfe.Result r = StrongWolfe.search(t -> objective.along(t), 1.0, f0, g0, gtd0, direction);
 * }</pre>
 */
public final class StrongWolfe {
    private StrongWolfe() {}

    /** The loss and flat gradient at {@code x + t·d}. */
    @FunctionalInterface
    public interface Directional {
        Eval at(double t);
    }

    /** A loss value and a flat gradient. */
    public record Eval(double f, double[] g) {}

    /** The accepted step, its loss and gradient, and how many evaluations the search used. */
    public record Result(double t, double f, double[] g, int evals) {}

    /** Sufficient decrease c1 = 1e-4, curvature c2 = 0.9, tolerance 1e-9, 25 evaluations. */
    public static Result search(Directional obj, double t, double f, double[] g, double gtd, double[] d) {
        return search(obj, t, f, g, gtd, d, 1e-4, 0.9, 1e-9, 25);
    }

    public static Result search(Directional obj, double t, double f, double[] g, double gtd, double[] d,
                                double c1, double c2, double tolChange, int maxLs) {
        double dNorm = 0;
        for (double v : d) dNorm = Math.max(dNorm, Math.abs(v));
        Eval e = obj.at(t);
        int evals = 1;
        double fNew = e.f();
        double[] gNew = e.g();
        double gtdNew = dot(gNew, d);
        double tPrev = 0, fPrev = f, gtdPrev = gtd;
        double[] gPrev = g.clone();
        boolean done = false;
        int lsIter = 0;
        double[] bracket, bracketF, bracketGtd = null;
        double[][] bracketG;
        while (true) {
            if (lsIter >= maxLs) {
                bracket = new double[] {0, t};
                bracketF = new double[] {f, fNew};
                bracketG = new double[][] {g, gNew};
                break;
            }
            if (fNew > f + c1 * t * gtd || (lsIter > 1 && fNew >= fPrev)) {
                bracket = new double[] {tPrev, t};
                bracketF = new double[] {fPrev, fNew};
                bracketG = new double[][] {gPrev, gNew.clone()};
                bracketGtd = new double[] {gtdPrev, gtdNew};
                break;
            }
            if (Math.abs(gtdNew) <= -c2 * gtd) {
                bracket = new double[] {t};
                bracketF = new double[] {fNew};
                bracketG = new double[][] {gNew};
                done = true;
                break;
            }
            if (gtdNew >= 0) {
                bracket = new double[] {tPrev, t};
                bracketF = new double[] {fPrev, fNew};
                bracketG = new double[][] {gPrev, gNew.clone()};
                bracketGtd = new double[] {gtdPrev, gtdNew};
                break;
            }
            double minStep = t + 0.01 * (t - tPrev);
            double maxStep = t * 10;
            double tmp = t;
            t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);
            tPrev = tmp;
            fPrev = fNew;
            gPrev = gNew.clone();
            gtdPrev = gtdNew;
            e = obj.at(t);
            evals++;
            fNew = e.f();
            gNew = e.g();
            gtdNew = dot(gNew, d);
            lsIter++;
        }
        // Zoom phase.
        boolean insufProgress = false;
        int low = 0, high = 1;
        if (bracket.length == 2) {
            low = bracketF[0] <= bracketF[1] ? 0 : 1;
            high = 1 - low;
        }
        while (!done && lsIter < maxLs) {
            if (Math.abs(bracket[1] - bracket[0]) * dNorm < tolChange) break;
            t = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1],
                    Math.min(bracket[0], bracket[1]), Math.max(bracket[0], bracket[1]));
            double bMax = Math.max(bracket[0], bracket[1]), bMin = Math.min(bracket[0], bracket[1]);
            double eps = 0.1 * (bMax - bMin);
            if (Math.min(bMax - t, t - bMin) < eps) {
                if (insufProgress || t >= bMax || t <= bMin) {
                    t = Math.abs(t - bMax) < Math.abs(t - bMin) ? bMax - eps : bMin + eps;
                    insufProgress = false;
                } else {
                    insufProgress = true;
                }
            } else {
                insufProgress = false;
            }
            e = obj.at(t);
            evals++;
            fNew = e.f();
            gNew = e.g();
            gtdNew = dot(gNew, d);
            lsIter++;
            if (fNew > f + c1 * t * gtd || fNew >= bracketF[low]) {
                bracket[high] = t;
                bracketF[high] = fNew;
                bracketG[high] = gNew.clone();
                bracketGtd[high] = gtdNew;
                low = bracketF[0] <= bracketF[1] ? 0 : 1;
                high = 1 - low;
            } else {
                if (Math.abs(gtdNew) <= -c2 * gtd) {
                    done = true;
                } else if (gtdNew * (bracket[high] - bracket[low]) >= 0) {
                    bracket[high] = bracket[low];
                    bracketF[high] = bracketF[low];
                    bracketG[high] = bracketG[low];
                    bracketGtd[high] = bracketGtd[low];
                }
                bracket[low] = t;
                bracketF[low] = fNew;
                bracketG[low] = gNew.clone();
                bracketGtd[low] = gtdNew;
            }
        }
        if (bracket.length == 1) low = 0;
        return new Result(bracket[low], bracketF[low], bracketG[low], evals);
    }

    /** Minimizer of the cubic through (x1, f1, g1), (x2, f2, g2), clamped to [lo, hi]; the midpoint if none. */
    static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2, double lo, double hi) {
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double d2Square = d1 * d1 - g1 * g2;
        if (d2Square >= 0) {
            double d2 = Math.sqrt(d2Square);
            double minPos = x1 <= x2
                    ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                    : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
            return Math.min(Math.max(minPos, lo), hi);
        }
        return (lo + hi) / 2.;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
