package io.vecgrad.experiments.papers;

import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.optim.zeroth.SharedSeedSpsa;
import io.vecgrad.optim.zeroth.SpsaConfig;
import io.vecgrad.optim.zeroth.SpsaObjective;
import io.vecgrad.optim.zeroth.SpsaQuantizer;
import io.vecgrad.optim.zeroth.SpsaRun;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;
import io.vecgrad.tensor.random.Rng;
import io.vecgrad.train.report.CurvePlots;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * P63 shared-randomness SPSA (Zelikman et al., "Just One Byte (per gradient)", arXiv:2306.10015;
 * code github.com/ezelikman/justonebyte): workers that share a seed train a model while exchanging
 * one scalar per worker per step, and follow exactly the trajectory of SPSA with full exchange of the
 * dense estimates (the code's {@code send_full_grad}).
 *
 * <p><b>Setting</b> (the paper fine-tunes GPT-2; scaled here to 2 cores): a small linear regression
 * model, 32 Gaussian features plus a bias (33 parameters), n = 1024 examples,
 * {@code y = xᵀβ* + b* + 0.1·noise} with {@code β*, b* ~ N(0, 1)}, loss {@code ½ mean (xᵀθ + b − y)²}
 * on a batch of 64 drawn from (seed, step, worker, sample). N = 4 workers, one sample each per step
 * (one scalar per worker per step), ε = 1e-3 (the code's default), lr = 0.02 in the paper's step form
 * {@code θ ← θ − (η/N) Σ p z}, T = 3000 steps, θ₀ = 0, seeds 1, 2, 3. The least-squares optimum L* of
 * the full training loss is computed by QR.
 *
 * <p><b>Thresholds</b> (fixed before running), every seed: (1) final full training loss ≤ L* + 0.01
 * (from about 17 at θ₀); (2) shared-seed and full-exchange SPSA are bitwise equal at every step and all
 * replicas agree; (3) shared-seed bytes are exactly 8 per worker per step (full exchange: 8·33).
 * Reported, not judged: the same run with 8-bit quantized scalars (scale 0.1, one byte per worker per step).
 *
 * <pre>{@code
 * Outcome o = P63SharedSeedSpsa.run(3000, 3, runDir);
 * }</pre>
 */
public final class P63SharedSeedSpsa extends PaperExperiment {
    static final int FEATURES = 32, EXAMPLES = 1024, BATCH = 64, WORKERS = 4;
    static final double EPS = 1e-3, LR = 0.02;

    public P63SharedSeedSpsa() {
        super("p63-shared-seed-spsa", List.of("P63"),
                "P63 shared-randomness SPSA: 4 workers train a 33-parameter linear model sending one scalar each per step, bitwise equal to full exchange",
                Experiments.params("steps", 3000, "seeds", 3));
    }

    @Override
    public String claim() {
        return "SPSA with perturbations regenerated from a shared seed trains a model while each worker sends one scalar per step, "
                + "on exactly the trajectory of SPSA with full exchange of the estimates";
    }

    @Override
    public String threshold() {
        return "every seed: final training loss <= L* + 0.01 (L* least-squares optimum); shared-seed and full-exchange trajectories bitwise equal "
                + "at every step, replicas agree; 8 bytes per worker per step (full exchange 8*33)";
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws IOException {
        Outcome o = ctx.quick() ? run(200, 1, ctx.dir()) : run(p.getInt("steps"), p.getInt("seeds"), ctx.dir());
        return o.attachPngs(ctx.dir(), "p63-").toResult(ctx.dir());
    }

    /** The experiment with {@code steps} steps on seeds 1..seeds; seed 1's curves drawn into {@code dir} (null: none). */
    public static Outcome run(int steps, int seeds, Path dir) throws IOException {
        Outcome o = new Outcome();
        if (dir != null) java.nio.file.Files.createDirectories(dir);
        int d = FEATURES + 1;
        o.line(String.format("setting: linear regression, %d features + bias, n=%d, batch %d, %d workers x 1 sample, eps=%.0e, lr=%.2f, T=%d, seeds 1..%d",
                FEATURES, EXAMPLES, BATCH, WORKERS, EPS, LR, steps, seeds));
        for (int seed = 1; seed <= seeds; seed++) {
            Problem pr = Problem.create(seed);
            double lStar = pr.fullLoss(pr.leastSquares());
            SpsaConfig c = SpsaConfig.of(EPS, LR, WORKERS, 1, seed);
            double[] theta0 = new double[d];
            List<double[]> sharedPath = new ArrayList<>();
            double[] fullLoss = new double[steps];
            SpsaRun shared = SharedSeedSpsa.run(pr, theta0, steps, c, SharedSeedSpsa.Exchange.SHARED_SEED, (t, th) -> {
                sharedPath.add(th.clone());
                fullLoss[(int) t] = pr.fullLoss(th);
            });
            int[] firstDiff = {-1};
            SpsaRun full = SharedSeedSpsa.run(pr, theta0, steps, c, SharedSeedSpsa.Exchange.FULL_VECTOR, (t, th) -> {
                if (firstDiff[0] < 0 && !Arrays.equals(th, sharedPath.get((int) t))) firstDiff[0] = (int) t;
            });
            double[] quantLoss = new double[steps];
            SpsaRun quant = SharedSeedSpsa.run(pr, theta0, steps, c.withQuantizer(new SpsaQuantizer(0.1)), SharedSeedSpsa.Exchange.SHARED_SEED,
                    (t, th) -> quantLoss[(int) t] = pr.fullLoss(th));
            double l0 = pr.fullLoss(theta0), lEnd = fullLoss[steps - 1];
            for (int t = 0; t < steps; t += Math.max(1, steps / 300)) {
                o.row("p63-curves", "seed,step,train_loss_shared_seed,train_loss_quantized_8bit", seed, t + 1, fullLoss[t], quantLoss[t]);
            }
            o.figure("seed" + seed + ".final_loss", lEnd).figure("seed" + seed + ".optimum_loss", lStar).figure("seed" + seed + ".quantized_final_loss", quantLoss[steps - 1]);
            o.check(String.format("seed %d: training loss %.4g -> %.6f after %d steps, needs <= L* + 0.01 = %.6f", seed, l0, lEnd, steps, lStar + 0.01), lEnd <= lStar + 0.01);
            boolean same = firstDiff[0] < 0 && Arrays.equals(shared.theta(), full.theta()) && shared.replicasAgree() && full.replicasAgree();
            o.check(String.format("seed %d: shared-seed and full-exchange trajectories bitwise equal at all %d steps (%s), replicas agree (%b, %b)", seed, steps,
                    firstDiff[0] < 0 ? "yes" : "first difference at step " + firstDiff[0], shared.replicasAgree(), full.replicasAgree()), same);
            boolean bytesOk = true;
            for (int m = 0; m < WORKERS; m++) {
                bytesOk &= shared.bytesPerWorker()[m] == 8L * steps && full.bytesPerWorker()[m] == 8L * d * steps && quant.bytesPerWorker()[m] == steps;
            }
            o.check(String.format("seed %d: bytes per worker: shared seed %d (= 8 x %d steps), 8-bit %d, full exchange %d (= 8 x %d x %d)", seed,
                    shared.bytesPerWorker()[0], steps, quant.bytesPerWorker()[0], full.bytesPerWorker()[0], d, steps), bytesOk);
            o.line(String.format("seed %d (reported): 8-bit quantized scalars (scale 0.1) reach training loss %.6f", seed, quantLoss[steps - 1]));
            if (seed == 1 && dir != null) {
                double[] t = new double[steps];
                for (int i = 0; i < steps; i++) t[i] = i + 1;
                CurvePlots.write(dir.resolve("p63-training-loss.png"), "P63 shared-seed SPSA, full training loss (seed 1; full exchange is identical)", "step",
                        "training loss", List.of(new CurvePlots.Curve("shared seed (8 B/worker/step)", t, fullLoss),
                                new CurvePlots.Curve("8-bit quantized (1 B/worker/step)", t, quantLoss)), false, true);
            }
        }
        return o;
    }

    /** The regression problem: data, batches from (seed, step, worker, sample), full loss, least-squares optimum. */
    record Problem(double[] x, double[] y, long seed) implements SpsaObjective {
        static Problem create(long seed) {
            Rng rng = new Rng(seed).split("p63/data");
            int d = FEATURES + 1;
            double[] beta = new double[d];
            Rng rb = rng.split("beta");
            for (int k = 0; k < d; k++) beta[k] = rb.nextGaussian();
            double[] x = new double[EXAMPLES * d];
            double[] y = new double[EXAMPLES];
            Rng rx = rng.split("x"), rn = rng.split("noise");
            for (int i = 0; i < EXAMPLES; i++) {
                for (int k = 0; k < FEATURES; k++) x[i * d + k] = rx.nextGaussian();
                x[i * d + FEATURES] = 1;
                double s = 0;
                for (int k = 0; k < d; k++) s += x[i * d + k] * beta[k];
                y[i] = s + 0.1 * rn.nextGaussian();
            }
            return new Problem(x, y, seed);
        }

        @Override
        public double loss(double[] theta, long step, int worker, int sample) {
            Rng r = new Rng(seed).split("p63/batch").split(step).split(worker).split(sample);
            double s = 0;
            for (int b = 0; b < BATCH; b++) s += sq(theta, r.nextInt(EXAMPLES));
            return s / BATCH;
        }

        double fullLoss(double[] theta) {
            double s = 0;
            for (int i = 0; i < EXAMPLES; i++) s += sq(theta, i);
            return s / EXAMPLES;
        }

        private double sq(double[] theta, int i) {
            int d = theta.length;
            double f = 0;
            for (int k = 0; k < d; k++) f += x[i * d + k] * theta[k];
            return 0.5 * (f - y[i]) * (f - y[i]);
        }

        /** The least-squares solution (QR, {@code Linalg.lstsq}). */
        double[] leastSquares() {
            int d = FEATURES + 1;
            return Linalg.lstsq(Tensor.wrap(x, EXAMPLES, d), Tensor.wrap(y, EXAMPLES, 1)).toDoubleArray();
        }
    }
}
