package io.vecgrad.optim.particles;

import io.vecgrad.autodiff.Autodiff;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.first.Adam;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;

/**
 * Neural variational gradient descent (Langosco di Langosco, Fortuin, Strathmann, "Neural
 * Variational Gradient Descent", 2021; code github.com/ratschlab/projects-2020-Neural-SVGD,
 * {@code nvgd/src/models.py} and {@code nets.py}): SVGD's kernel is replaced by a witness network
 * {@code f_θ: R^d → R^d} trained between particle steps to maximize the L²-regularized Stein
 * discrepancy, whose maximizer approximates {@code ∇log p − ∇log q}:
 *
 * <pre>
 *   ℓ(θ) = (1/n) Σ_i [ −( f_θ(x_i)·∇log p(x_i) + div f_θ(x_i) ) + ½ ‖f_θ(x_i)‖² ]
 *   div f(x) ≈ zᵀ ∇_x (zᵀ f(x)),  z ~ N(0, I_d)            (Hutchinson; a fresh z each witness step)
 *   each outer step: split the particles 75 % / 25 % into train / validation, run ≤ witnessSteps Adam
 *   steps (lr 5e-3) on θ with early stopping on the validation loss (patience), then x ← x + ε f_θ(x).
 *   network: MLP d → 32 → 32 → d, swish, He-normal weights (std √(2/fan_in)), zero biases, times a learned scalar scale
 * </pre>
 *
 * The divergence term needs a mixed second derivative (the θ-gradient of an x-gradient): it is taken
 * with vecgrad's autodiff ({@link Autodiff#gradients} with a recorded graph). Haiku's truncated-normal
 * He initialization is drawn here as a plain normal. Random draws (initial weights, splits, z) come
 * from the seed: deterministic per seed.
 *
 * <pre>{@code
 * Nvgd nvgd = new Nvgd(target, initialParticles, Nvgd.Config.defaults(0.05, 200), 1);
 * double[][] samples = nvgd.run();
 * }</pre>
 */
public final class Nvgd {
    /**
     * @param stepSize particle step ε
     * @param iterations outer (particle) steps of {@link #run()}
     * @param witnessSteps maximum Adam steps on θ per outer step
     * @param learningRate Adam learning rate for θ
     * @param patience early-stopping patience in witness steps
     * @param hidden hidden-layer width (two layers)
     */
    public record Config(double stepSize, int iterations, int witnessSteps, double learningRate, int patience, int hidden) {
        public Config {
            if (!(stepSize > 0) || !(learningRate > 0)) throw new IllegalArgumentException("Nvgd.Config: stepSize and learningRate must be > 0, got " + stepSize + ", " + learningRate);
            if (iterations < 0 || witnessSteps < 1 || patience < 1 || hidden < 1) {
                throw new IllegalArgumentException("Nvgd.Config: need iterations >= 0, witnessSteps, patience, hidden >= 1; got " + iterations + ", " + witnessSteps + ", " + patience + ", " + hidden);
            }
        }

        /**
         * The code's witness defaults (lr 5e-3, hidden [32, 32]); at most 100 witness steps per outer step with
         * patience 30 [reconstructed]. Early stopping matters: on a fixed particle set the empirical Stein loss is
         * unbounded below (the network can inflate div f at the sample points), so long unchecked training overfits.
         */
        public static Config defaults(double stepSize, int iterations) {
            return new Config(stepSize, iterations, 100, 5e-3, 30, 32);
        }
    }

    private final Target target;
    private final Config c;
    private final double[][] x;
    private final int d;
    private final Params theta;
    private final Optimizer adam;
    private final Rng rng;
    private int t, witnessStepsTaken;

    public Nvgd(Target target, double[][] x0, Config c, long seed) {
        if (x0.length < 4) throw new IllegalArgumentException("Nvgd: need at least 4 particles for the 75/25 split, got " + x0.length);
        this.target = target;
        this.c = c;
        this.d = target.dim();
        this.x = new double[x0.length][];
        for (int i = 0; i < x0.length; i++) {
            if (x0[i].length != d) throw new IllegalArgumentException("Nvgd: particle of dimension " + x0[i].length + ", target of dimension " + d);
            x[i] = x0[i].clone();
        }
        this.rng = new Rng(seed).split("nvgd");
        Rng init = rng.split("init");
        int h = c.hidden();
        this.theta = Params.of(
                "w1", init.normal(DType.FLOAT64, 0, Math.sqrt(2.0 / d), d, h), "b1", Tensor.zeros(DType.FLOAT64, h),
                "w2", init.normal(DType.FLOAT64, 0, Math.sqrt(2.0 / h), h, h), "b2", Tensor.zeros(DType.FLOAT64, h),
                "w3", init.normal(DType.FLOAT64, 0, Math.sqrt(2.0 / h), h, d), "b3", Tensor.zeros(DType.FLOAT64, d),
                "scale", Tensor.ones(DType.FLOAT64, 1));
        this.adam = Optimizer.of(theta, Adam.adam(c.learningRate()));
    }

    private static Variable swish(Variable v) {
        return v.mul(v.sigmoid());
    }

    private static Variable forward(Params p, java.util.Map<String, Variable> v, Variable in) {
        Variable h1 = swish(in.matmul(v.get("w1")).add(v.get("b1")));
        Variable h2 = swish(h1.matmul(v.get("w2")).add(v.get("b2")));
        return h2.matmul(v.get("w3")).add(v.get("b3")).mul(v.get("scale"));
    }

    private java.util.Map<String, Variable> leaves(boolean trainable) {
        java.util.Map<String, Variable> v = new java.util.LinkedHashMap<>();
        theta.asMap().forEach((k, ten) -> v.put(k, trainable ? Variable.parameter(k, ten) : Variable.constant(ten)));
        return v;
    }

    /** The witness {@code f_θ} at each point. */
    public double[][] witness(double[][] points) {
        Variable out = forward(theta, leaves(false), Variable.constant(matrix(points)));
        return rows(out.value().toDoubleArray(), points.length);
    }

    /**
     * The witness loss on rows {@code idx} with Hutchinson vectors {@code z}; with {@code backward}
     * the θ-gradients are returned in {@code grads} (must be the caller's map, filled here).
     */
    private double loss(int[] idx, double[][] scores, Tensor z, boolean backward, java.util.Map<String, Tensor> grads) {
        int m = idx.length;
        double[][] xs = new double[m][], ss = new double[m][];
        for (int k = 0; k < m; k++) {
            xs[k] = x[idx[k]];
            ss[k] = scores[idx[k]];
        }
        java.util.Map<String, Variable> v = leaves(backward);
        Variable in = Variable.parameter(matrix(xs));
        Variable f = forward(theta, v, in);
        Variable zc = Variable.constant(z);
        Variable g = Autodiff.gradients(f.mul(zc).sum(), Variable.scalar(1), backward, in)[0];
        Variable stein = f.mul(Variable.constant(matrix(ss))).sum().add(g.mul(zc).sum());
        Variable l = f.square().sum().mul(0.5).sub(stein).div(m);
        if (backward) {
            l.backward();
            v.forEach((k, var) -> grads.put(k, var.grad()));
        }
        return l.value().toDoubleArray()[0];
    }

    /** Trains the witness on the current particles (75/25 split, early stopping); returns the witness steps taken. */
    public int trainWitness() {
        int n = x.length, nTrain = Math.max(1, (int) (0.75 * n));
        Rng step = rng.split(t);
        int[] perm = step.split("split").permutation(n).toIntArray();
        int[] train = java.util.Arrays.copyOfRange(perm, 0, nTrain), val = java.util.Arrays.copyOfRange(perm, nTrain, n);
        double[][] scores = target.scores(particles());
        Tensor zVal = step.split("zval").normal(DType.FLOAT64, 0, 1, val.length, d);
        double best = Double.POSITIVE_INFINITY;
        int since = 0, k = 0;
        for (; k < c.witnessSteps() && since < c.patience(); k++) {
            java.util.Map<String, Tensor> grads = new java.util.LinkedHashMap<>();
            loss(train, scores, step.split(k).normal(DType.FLOAT64, 0, 1, train.length, d), true, grads);
            adam.step(Params.of(grads));
            double vl = val.length == 0 ? 0 : loss(val, scores, zVal, false, null);
            if (vl < best - 1e-12) {
                best = vl;
                since = 0;
            } else {
                since++;
            }
        }
        witnessStepsTaken += k;
        return k;
    }

    /** One outer step: train the witness, then move every particle by {@code ε f_θ(x)}. */
    public void step() {
        trainWitness();
        double[][] f = witness(x);
        for (int i = 0; i < x.length; i++) for (int j = 0; j < d; j++) x[i][j] += c.stepSize() * f[i][j];
        t++;
    }

    /** Runs the configured number of outer steps and returns the particles. */
    public double[][] run() {
        for (int k = 0; k < c.iterations(); k++) step();
        return particles();
    }

    /** Copies of the particles. */
    public double[][] particles() {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) out[i] = x[i].clone();
        return out;
    }

    /** Witness (Adam) steps taken over all outer steps. */
    public int witnessSteps() {
        return witnessStepsTaken;
    }

    private static Tensor matrix(double[][] rows) {
        int n = rows.length, d = rows[0].length;
        double[] flat = new double[n * d];
        for (int i = 0; i < n; i++) System.arraycopy(rows[i], 0, flat, i * d, d);
        return Tensor.of(flat, n, d);
    }

    private static double[][] rows(double[] flat, int n) {
        int d = flat.length / n;
        double[][] out = new double[n][d];
        for (int i = 0; i < n; i++) System.arraycopy(flat, i * d, out[i], 0, d);
        return out;
    }
}
