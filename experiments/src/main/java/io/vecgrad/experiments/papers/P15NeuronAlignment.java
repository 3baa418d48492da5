package io.vecgrad.experiments.papers;

import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.datasets.synthetic.TeacherStudent;
import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.optim.problems.twolayer.NeuronAlignment;
import io.vecgrad.optim.problems.twolayer.StudentNet;
import io.vecgrad.train.report.CurvePlots;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * P15 (Zhou, Ge, Jin, "A local convergence theory for mildly over-parameterized two-layer neural
 * network", COLT 2021): once the loss of a mildly over-parameterized student (m ≥ m* neurons) is
 * below a threshold, every student neuron converges to one of the teacher neurons and the loss goes
 * to 0; the abstract adds that in practice such students do reach 0 loss and recover the teacher's
 * directions. Alignment is measured by {@link NeuronAlignment}: the angle of each student neuron to
 * its nearest teacher neuron, and of each teacher neuron to its nearest student.
 *
 * <p><b>Setting</b> (scaled to 2 cores): {@code TeacherStudent} with d = 10, m* = 3 orthonormal
 * teacher neurons, a* = 1, x ~ N(0, I), a fixed sample of n = 2000 standing in for the population;
 * students {@link StudentNet} with m ∈ {6, 9}, random unit directions times 0.5 and a_i = 0.5,
 * full-batch GD on both layers, η = 0.05, T = 8000 steps, seeds 1, 2, 3 (teacher, sample, student).
 * A neuron is active when its contribution {@code |a_i|·‖w_i‖} is at least 10% of the largest one.
 * The local regime is entered when the loss first falls to 1e-2 × L(0).
 *
 * <p><b>Thresholds</b> (fixed before running): (1) at least 4 of the 6 runs enter the local regime
 * within T; (2) in every run that does, at step T every active student neuron is within 10° of a
 * teacher neuron and every teacher neuron within 10° of an active student neuron; (3) in those runs the
 * largest active-neuron angle at T is at most its value when the local regime was entered.
 *
 * <pre>{@code
 * Outcome o = P15NeuronAlignment.run(2000, 8000, 3, runDir);
 * }</pre>
 */
public final class P15NeuronAlignment extends PaperExperiment {
    static final int D = 10, TEACHER = 3;
    static final int[] WIDTHS = {6, 9};
    static final double ETA = 0.05, INIT = 0.5, ACTIVE = 0.1, GATE = 1e-2, MAX_DEGREES = 10;

    public P15NeuronAlignment() {
        super("p15-neuron-alignment", List.of("P15"),
                "P15 teacher-student two-layer ReLU nets: mildly over-parameterized students (m = 6, 9 for m* = 3) reach low loss and their neurons align to teacher neurons",
                Experiments.params("n", 2000, "steps", 8000, "seeds", 3));
    }

    @Override
    public String claim() {
        return "Mildly over-parameterized two-layer ReLU students reach low loss, and once in the low-loss regime every student neuron "
                + "converges in direction to a teacher neuron";
    }

    @Override
    public String threshold() {
        return ">= 4 of 6 runs reach loss <= 1e-2 L(0); in each such run at step T every active student neuron (>= 10% of the largest |a|·||w||) "
                + "is within 10 deg of a teacher and every teacher within 10 deg of an active student, and the largest active angle at T <= its value on entry";
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws IOException {
        Outcome o = ctx.quick() ? run(200, 100, 1, ctx.dir()) : run(p.getInt("n"), p.getInt("steps"), p.getInt("seeds"), ctx.dir());
        return o.attachPngs(ctx.dir(), "p15-").toResult(ctx.dir());
    }

    public static Outcome run(int n, int steps, int seeds, Path dir) throws IOException {
        Outcome o = new Outcome();
        if (dir != null) java.nio.file.Files.createDirectories(dir);
        o.line(String.format("setting: d=%d, m*=%d orthonormal teacher, a*=1, n=%d fixed Gaussian sample, students m in %s (init |w|=a=%.1f), GD eta=%.2f, T=%d, seeds 1..%d",
                D, TEACHER, n, java.util.Arrays.toString(WIDTHS), INIT, ETA, steps, seeds));
        int entered = 0, runs = 0;
        boolean aligned = true, improved = true;
        int every = Math.max(1, steps / 200);
        List<CurvePlots.Curve> lossCurves = new ArrayList<>(), angleCurves = new ArrayList<>();
        for (int seed = 1; seed <= seeds; seed++) {
            TeacherStudent teacher = TeacherStudent.create(D, TEACHER, false, seed);
            TensorDataset data = teacher.sample(n, seed);
            double[] x = data.x().toDoubleArray(), y = data.y().toDoubleArray(), tw = teacher.teacherWeights().toDoubleArray();
            for (int m : WIDTHS) {
                runs++;
                StudentNet s = StudentNet.init(m, D, INIT, seed);
                double l0 = s.loss(x, y, n);
                int gateStep = -1;
                double gateAngle = Double.NaN;
                List<Double> ts = new ArrayList<>(), ls = new ArrayList<>(), as = new ArrayList<>();
                for (int t = 0; t <= steps; t++) {
                    double loss = s.loss(x, y, n);
                    if (gateStep < 0 && loss <= GATE * l0) {
                        gateStep = t;
                        gateAngle = maxActiveAngle(s, tw, m);
                    }
                    if (t % every == 0 || t == steps) {
                        double ang = Math.toDegrees(maxActiveAngle(s, tw, m));
                        o.row("p15-curves", "seed,width,step,loss,max_active_angle_deg", seed, m, t, loss, ang);
                        ts.add((double) t);
                        ls.add(loss);
                        as.add(ang);
                    }
                    if (t < steps) s.step(x, y, n, ETA);
                }
                double[] w = s.hidden(), a = s.output();
                boolean[] active = active(w, a, m);
                double studentMax = Math.toDegrees(maxActiveAngle(s, tw, m));
                double teacherMax = Math.toDegrees(teacherCoverage(w, active, tw, m));
                double lEnd = s.loss(x, y, n);
                o.figure("seed" + seed + ".m" + m + ".final_loss", lEnd).figure("seed" + seed + ".m" + m + ".max_active_angle_deg", studentMax);
                int nActive = 0;
                for (boolean b : active) nActive += b ? 1 : 0;
                o.line(String.format("seed %d, m=%d: loss %.4f -> %.3e (local regime %s); %d active neurons, max angle to a teacher %.2f deg, teacher coverage %.2f deg",
                        seed, m, l0, lEnd, gateStep < 0 ? "never entered" : "entered at step " + gateStep, nActive, studentMax, teacherMax));
                if (gateStep >= 0) {
                    entered++;
                    aligned &= studentMax <= MAX_DEGREES && teacherMax <= MAX_DEGREES;
                    improved &= studentMax <= Math.toDegrees(gateAngle);
                    o.line(String.format("    on entry the max active angle was %.2f deg", Math.toDegrees(gateAngle)));
                }
                if (seed == 1) {
                    lossCurves.add(new CurvePlots.Curve("m=" + m, toArray(ts), toArray(ls)));
                    angleCurves.add(new CurvePlots.Curve("m=" + m, toArray(ts), toArray(as)));
                }
            }
        }
        o.figure("runs_entering_local_regime", entered);
        o.check(String.format("%d of %d runs reach loss <= 1e-2 L(0), needs >= %d", entered, runs, runs * 2 / 3), entered * 3 >= runs * 2);
        o.check("in every run that entered the local regime, active student neurons and teacher neurons are matched within 10 deg at step T", aligned);
        o.check("in every such run the largest active angle at T is <= its value on entry", improved);
        if (dir != null) {
            CurvePlots.write(dir.resolve("p15-loss.png"), "P15 student loss (seed 1)", "GD step", "loss", lossCurves, false, true);
            CurvePlots.write(dir.resolve("p15-alignment.png"), "P15 largest angle of an active student neuron to its nearest teacher (seed 1)", "GD step",
                    "degrees", angleCurves, false, true);
        }
        return o;
    }

    static boolean[] active(double[] w, double[] a, int m) {
        double[] c = new double[m];
        double max = 0;
        for (int i = 0; i < m; i++) {
            double norm = 0;
            for (int k = 0; k < D; k++) norm += w[i * D + k] * w[i * D + k];
            c[i] = Math.abs(a[i]) * Math.sqrt(norm);
            max = Math.max(max, c[i]);
        }
        boolean[] on = new boolean[m];
        for (int i = 0; i < m; i++) on[i] = c[i] >= ACTIVE * max && c[i] > 0;
        return on;
    }

    /** The largest nearest-teacher angle over active student neurons (radians). */
    static double maxActiveAngle(StudentNet s, double[] tw, int m) {
        double[] w = s.hidden();
        boolean[] on = active(w, s.output(), m);
        double[] ang = NeuronAlignment.nearestAngles(w, tw, m, TEACHER, D);
        double max = 0;
        for (int i = 0; i < m; i++) if (on[i]) max = Math.max(max, ang[i]);
        return max;
    }

    /** The largest angle from a teacher neuron to its nearest active student neuron (radians). */
    static double teacherCoverage(double[] w, boolean[] active, double[] tw, int m) {
        int count = 0;
        for (boolean b : active) count += b ? 1 : 0;
        double[] sub = new double[count * D];
        for (int i = 0, j = 0; i < m; i++) {
            if (active[i]) System.arraycopy(w, i * D, sub, D * j++, D);
        }
        return NeuronAlignment.max(NeuronAlignment.nearestAngles(tw, sub, TEACHER, count, D));
    }

    private static double[] toArray(List<Double> v) {
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) out[i] = v.get(i);
        return out;
    }
}
