package io.vecgrad.optim.particles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.random.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BayesianNeuralNetTest {
    static final int N = 80, D = 3, H = 5;
    static final double[][] X = new double[N][D];
    static final double[] Y_REG = new double[N];
    static final int[] Y_CLS = new int[N];

    static {
        Rng r = new Rng(11);
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < D; j++) X[i][j] = r.nextGaussian();
            Y_REG[i] = Math.sin(X[i][0]) + 0.5 * X[i][1] * X[i][2] + 0.1 * r.nextGaussian();
            Y_CLS[i] = X[i][0] * X[i][1] + 0.3 * r.nextGaussian() > 0 ? 1 : 0;
        }
    }

    static double[] randomParticle(int dim, long seed) {
        Rng r = new Rng(seed);
        double[] t = new double[dim];
        for (int i = 0; i < dim; i++) t[i] = 0.7 * r.nextGaussian();
        return t;
    }

    /** The log posterior written out in plain loops: an oracle independent of autodiff. */
    static double oracle(BayesianNeuralNet bnn, double[] t, double[][] x, double[] y) {
        int k = D * H + 2 * H + 1, dim = t.length;
        double logLik = 0;
        double logGamma = bnn.likelihood() == BayesianNeuralNet.Likelihood.GAUSSIAN ? t[dim - 2] : 0;
        for (int i = 0; i < x.length; i++) {
            double f = t[D * H + 2 * H];
            for (int u = 0; u < H; u++) {
                double a = t[D * H + u];
                for (int j = 0; j < D; j++) a += x[i][j] * t[j * H + u];
                f += Math.max(0, a) * t[D * H + H + u];
            }
            logLik += bnn.likelihood() == BayesianNeuralNet.Likelihood.GAUSSIAN
                    ? 0.5 * (logGamma - Math.log(2 * Math.PI)) - 0.5 * Math.exp(logGamma) * (f - y[i]) * (f - y[i])
                    : y[i] * f - Math.log1p(Math.exp(f));
        }
        double ll = t[dim - 1], ss = 0;
        for (int j = 0; j < k; j++) ss += t[j] * t[j];
        double prior = -0.5 * k * (Math.log(2 * Math.PI) - ll) - 0.5 * Math.exp(ll) * ss + ll - 0.1 * Math.exp(ll);
        if (bnn.likelihood() == BayesianNeuralNet.Likelihood.GAUSSIAN) prior += logGamma - 0.1 * Math.exp(logGamma);
        return logLik + prior;
    }

    static double[] labels() {
        return Arrays.stream(Y_CLS).asDoubleStream().toArray();
    }

    @Test
    void logPosteriorMatchesTheWrittenOutFormula() {
        BayesianNeuralNet reg = BayesianNeuralNet.regression(X, Y_REG, H), cls = BayesianNeuralNet.classification(X, Y_CLS, H);
        assertEquals(D * H + 2 * H + 1 + 2, reg.dim());
        assertEquals(reg.dim() - 1, cls.dim());
        for (long seed = 1; seed <= 3; seed++) {
            double[] t = randomParticle(reg.dim(), seed);
            assertEquals(oracle(reg, t, X, Y_REG), reg.logDensity(t), 1e-9 * Math.abs(reg.logDensity(t)));
            double[] c = randomParticle(cls.dim(), seed);
            assertEquals(oracle(cls, c, X, labels()), cls.logDensity(c), 1e-9 * Math.abs(cls.logDensity(c)));
        }
    }

    @Test
    void scoreEqualsCentralDifferencesInFloat64() {
        for (BayesianNeuralNet bnn : new BayesianNeuralNet[] {BayesianNeuralNet.regression(X, Y_REG, H), BayesianNeuralNet.classification(X, Y_CLS, H)}) {
            double[] t = randomParticle(bnn.dim(), 5);
            double[] s = bnn.score(t);
            double h = 1e-6;
            for (int j = 0; j < t.length; j++) {
                double[] p = t.clone(), q = t.clone();
                p[j] += h;
                q[j] -= h;
                double fd = (bnn.logDensity(p) - bnn.logDensity(q)) / (2 * h);
                assertEquals(fd, s[j], 1e-6 * Math.max(1, Math.abs(fd)), bnn.likelihood() + " coordinate " + j);
            }
        }
    }

    @Test
    void oneParticleSvgdIsMapGradientAscent() {
        BayesianNeuralNet bnn = BayesianNeuralNet.regression(X, Y_REG, H);
        double[] t = bnn.initialParticles(1, new Rng(3))[0];
        double eps = 1e-4;
        Svgd svgd = new Svgd(bnn, new double[][] {t}, new Svgd.Config(eps, Svgd.StepRule.CONSTANT, -1, Annealing.none(), 0));
        double[] manual = t.clone();
        double start = bnn.logDensity(t);
        for (int k = 0; k < 30; k++) {
            double[] g = bnn.score(manual);
            for (int j = 0; j < g.length; j++) manual[j] += eps * g[j];
            svgd.step();
        }
        double[] viaSvgd = svgd.particles()[0];
        for (int j = 0; j < manual.length; j++) assertEquals(manual[j], viaSvgd[j], 1e-12 * Math.max(1, Math.abs(manual[j])));
        assertTrue(bnn.logDensity(manual) > start + 1, start + " -> " + bnn.logDensity(manual));
    }

    @Test
    void ensemblePredictiveIsTheMeanOfItsMembers() {
        BayesianNeuralNet cls = BayesianNeuralNet.classification(X, Y_CLS, H);
        double[][] ens = cls.initialParticles(4, new Rng(9));
        double[][] xt = Arrays.copyOfRange(X, 0, 10);
        double[] yt = Arrays.copyOfRange(labels(), 0, 10);
        double[] p = cls.predictiveProbabilities(ens, xt);
        double ll = 0;
        for (int i = 0; i < xt.length; i++) {
            double mean = 0;
            for (double[] member : ens) mean += cls.predictiveProbabilities(new double[][] {member}, xt)[i] / ens.length;
            assertEquals(mean, p[i], 1e-15);
            ll += Math.log(yt[i] == 1 ? mean : 1 - mean) / xt.length;
        }
        assertEquals(ll, cls.predictiveLogLikelihood(ens, xt, yt), 1e-12);

        BayesianNeuralNet reg = BayesianNeuralNet.regression(X, Y_REG, H);
        double[][] r = reg.initialParticles(3, new Rng(9));
        double[] ytr = Arrays.copyOfRange(Y_REG, 0, 10);
        double expected = 0;
        double[] mean = new double[xt.length];
        for (int i = 0; i < xt.length; i++) {
            double dens = 0;
            for (double[] member : r) {
                double f = reg.predict(member, xt)[i], g = Math.exp(member[member.length - 2]);
                dens += Math.sqrt(g / (2 * Math.PI)) * Math.exp(-0.5 * g * (f - ytr[i]) * (f - ytr[i])) / r.length;
                mean[i] += f / r.length;
            }
            expected += Math.log(dens) / xt.length;
        }
        assertEquals(expected, reg.predictiveLogLikelihood(r, xt, ytr), 1e-12);
        assertArrayEquals(mean, reg.predictiveMean(r, xt), 1e-14);
    }

    @Test
    void svgdPosteriorPredictsHeldOutDataBetterThanItsStart() {
        double[][] xTrain = Arrays.copyOfRange(X, 0, 60), xTest = Arrays.copyOfRange(X, 60, N);
        double[] yTrain = Arrays.copyOfRange(Y_REG, 0, 60), yTest = Arrays.copyOfRange(Y_REG, 60, N);
        BayesianNeuralNet bnn = BayesianNeuralNet.regression(xTrain, yTrain, H);
        double[][] init = bnn.initialParticles(10, new Rng(2));
        double[][] post = new Svgd(bnn, init, Svgd.Config.reference(0.01, 300)).run();
        double before = bnn.predictiveLogLikelihood(init, xTest, yTest), after = bnn.predictiveLogLikelihood(post, xTest, yTest);
        assertTrue(after > before + 0.3, before + " -> " + after);
        assertTrue(bnn.rmse(post, xTest, yTest) < bnn.rmse(init, xTest, yTest), "rmse");
    }

    @Test
    void deterministicPerSeed() {
        BayesianNeuralNet bnn = BayesianNeuralNet.regression(X, Y_REG, H);
        double[][] a = bnn.initialParticles(5, new Rng(4)), b = bnn.initialParticles(5, new Rng(4));
        for (int i = 0; i < a.length; i++) assertArrayEquals(a[i], b[i]);
        assertFalse(Arrays.equals(a[0], bnn.initialParticles(5, new Rng(5))[0]));
        assertFalse(Arrays.equals(a[0], a[1]));
        double[][] ra = new Svgd(bnn, a, Svgd.Config.reference(0.01, 5)).run(), rb = new Svgd(bnn, b, Svgd.Config.reference(0.01, 5)).run();
        for (int i = 0; i < ra.length; i++) assertArrayEquals(ra[i], rb[i]);
    }

    @Test
    void badInputIsNamed() {
        BayesianNeuralNet bnn = BayesianNeuralNet.regression(X, Y_REG, H);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bnn.score(new double[3]));
        assertTrue(e.getMessage().contains("dimension 3") && e.getMessage().contains(Integer.toString(bnn.dim())), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BayesianNeuralNet.regression(X, new double[2], H));
        assertThrows(IllegalArgumentException.class, () -> BayesianNeuralNet.classification(X, new int[N], 0));
        int[] bad = Y_CLS.clone();
        bad[4] = 2;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BayesianNeuralNet.classification(X, bad, H)).getMessage().contains("row 4"));
        assertThrows(IllegalStateException.class, () -> bnn.predictiveProbabilities(new double[][] {new double[bnn.dim()]}, X));
        assertThrows(IllegalArgumentException.class, () -> bnn.predict(new double[bnn.dim()], new double[][] {{1, 2}}));
    }
}
