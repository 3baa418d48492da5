package io.vecgrad.optim.zoo;

import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.Stepper;
import io.vecgrad.optim.Transforms;
import io.vecgrad.optim.batch.AdAdaGrad;
import io.vecgrad.optim.batch.BatchSizeTests;
import io.vecgrad.optim.compress.Compressors;
import io.vecgrad.optim.first.AdaBelief;
import io.vecgrad.optim.first.AdaDelta;
import io.vecgrad.optim.first.AdaGrad;
import io.vecgrad.optim.first.AdaGradNorm;
import io.vecgrad.optim.first.Adam;
import io.vecgrad.optim.first.Adamax;
import io.vecgrad.optim.first.DiffGrad;
import io.vecgrad.optim.first.Extrapolation;
import io.vecgrad.optim.first.GeneralMomentum;
import io.vecgrad.optim.first.Mass;
import io.vecgrad.optim.first.MomentumAnnealing;
import io.vecgrad.optim.first.NAdam;
import io.vecgrad.optim.first.PowerGradient;
import io.vecgrad.optim.first.RMSprop;
import io.vecgrad.optim.first.Rprop;
import io.vecgrad.optim.first.Sgd;
import io.vecgrad.optim.first.Ssgd;
import io.vecgrad.optim.linesearch.Lbfgs;
import io.vecgrad.optim.mfac.Mfac;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.optim.schedule.Schedules;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;

/**
 * Test and benchmark configurations: every optimizer of {@link OptimizerRegistry} in a few
 * settings, plus L-BFGS, AdAdaGrad and the compressor variants, each under a stable name with
 * its source and a learning rate that suits the shared test problems (a scaled quadratic and
 * Rosenbrock). The shared test suite ({@code RegistrySuiteTest}, {@code FusedPathsTest}) and
 * {@code OptimBench} iterate over this list. Optimizers are defined once, in
 * {@link OptimizerRegistry} and the paper files; this list only picks settings.
 *
 * <pre>{@code
 * for (Registry.Method m : Registry.all()) {
 *     Stepper s = m.create(params, m.quadraticLr());
 * }
 * }</pre>
 */
public final class Registry {
    private static final Map<String, Method> METHODS = new LinkedHashMap<>();

    /** A registered method: {@code create(params, lr)} builds a fresh stepper over the live parameters. */
    public record Method(String name, String source, double quadraticLr, double rosenbrockLr, Factory factory) {
        public Stepper create(Params params, double lr) {
            return factory.create(params, lr);
        }
    }

    /** Builds a stepper for the parameters with a learning rate. */
    @FunctionalInterface
    public interface Factory {
        Stepper create(Params params, double lr);
    }

    private Registry() {}

    public static List<Method> all() {
        return Collections.unmodifiableList(new ArrayList<>(METHODS.values()));
    }

    public static Method get(String name) {
        Method m = METHODS.get(name);
        if (m == null) throw new IllegalArgumentException("Registry.get: no method '" + name + "'; known: " + METHODS.keySet());
        return m;
    }

    private static void tx(String name, String source, double qLr, double rLr, DoubleFunction<GradientTransformation> f) {
        reg(name, source, qLr, rLr, (p, lr) -> Optimizer.of(p, f.apply(lr)));
    }

    private static void reg(String name, String source, double qLr, double rLr, Factory f) {
        if (METHODS.put(name, new Method(name, source, qLr, rLr, f)) != null) throw new IllegalStateException("duplicate method " + name);
    }

    private static GradientTransformation sgdAfter(GradientTransformation pre, double lr) {
        return Transforms.chain(pre, Sgd.gradientDescent(lr));
    }

    static {
        tx("gd", "P10", 0.5, 1e-3, Sgd::gradientDescent);
        tx("sgd_momentum", "B1 / P17", 0.1, 2e-4, lr -> Sgd.sgd(lr, 0.9, 0, 0, false));
        tx("sgd_nesterov_wd", "B1", 0.1, 2e-4, lr -> Sgd.sgd(lr, 0.9, 0, 1e-4, true));
        tx("sgd_dampening", "B1", 0.1, 2e-4, lr -> Sgd.sgd(lr, 0.9, 0.5, 0, false));
        tx("clip_value_sgd", "clipping", 0.5, 1e-2, lr -> sgdAfter(Transforms.clipByValue(1.0), lr));
        tx("clip_norm_sgd", "clipping", 0.5, 1e-2, lr -> sgdAfter(Transforms.clipByGlobalNorm(1.0), lr));
        tx("adam", "B2", 0.1, 0.05, Adam::adam);
        tx("adam_composed", "B2 (chain)", 0.1, 0.05, lr -> Transforms.chain(Adam.scaleByAdam(0.9, 0.999, 1e-8, false), Transforms.scaleByLearningRate(lr)));
        tx("amsgrad", "B2", 0.1, 0.05, Adam::amsgrad);
        tx("adamw", "B3", 0.1, 0.05, lr -> Adam.adamW(lr, 0.9, 0.999, 1e-8, 1e-2));
        tx("nadam", "B9", 0.1, 0.05, NAdam::nadam);
        tx("adamax", "B8", 0.1, 0.05, Adamax::adamax);
        tx("adagrad", "B4", 0.5, 0.2, AdaGrad::adagrad);
        tx("adagrad_norm", "B5", 2.0, 0.5, lr -> AdaGradNorm.of(lr, 1e-2));
        tx("rmsprop", "B6", 0.02, 0.01, RMSprop::rmsprop);
        tx("rmsprop_centered_momentum", "B6", 0.01, 2e-3, lr -> new RMSprop(Schedule.constant(lr), 0.99, 1e-8, 0, 0.5, true));
        tx("adadelta", "B7", 5.0, 5.0, AdaDelta::adadelta);
        tx("rprop", "P21", 0.05, 0.01, Rprop::rprop);
        reg("lbfgs", "L-BFGS", 0.5, 0.2, (p, lr) -> new Lbfgs(p, lr, 4, 10, false));
        reg("lbfgs_strong_wolfe", "L-BFGS", 1.0, 1.0, (p, lr) -> new Lbfgs(p, lr, 4, 10, true));
        tx("p01_adam", "P01", 0.1, 0.05, lr -> GeneralMomentum.adam(lr, 0.9, 0.999, 1e-8));
        tx("p01_heavy_ball", "P01", 0.3, 0.02, lr -> GeneralMomentum.heavyBall(lr, 1.0, 0.1 / lr));
        tx("p01_nesterov", "P01", 0.3, 0.015, lr -> GeneralMomentum.nesterov(lr, 3));
        tx("p11_mass", "P11", 0.1, 2e-4, lr -> Mass.fromAuthors(lr, 0.05, 12));
        tx("p17_momentum_annealing", "P17", 0.1, 2e-4, lr -> MomentumAnnealing.of(lr, 0.9, new long[] {150, 250}, 0.3, 0.5));
        tx("p22_extrapolation", "P22", 0.3, 1e-3, lr -> Extrapolation.of(lr, lr));
        tx("p29_pnag", "P29", 0.1, 1e-3, lr -> PowerGradient.pNag(lr, 0.9, 0.7));
        tx("p29_pamsgrad", "P29", 0.1, 0.05, lr -> PowerGradient.pAmsgrad(lr, 0.7));
        tx("p29_padam", "P29", 0.1, 0.05, lr -> PowerGradient.pAdam(lr, 0.7));
        tx("p29_padam_varying", "P29", 0.1, 0.05, lr -> PowerGradient.varyingHAdam(lr, 0.5, Schedules.linearDecay(1, 200)));
        tx("p06_ssgd", "P06", 0.5, 0.1, lr -> Ssgd.global(Schedules.exponential(lr, 0.98)));
        tx("p06_ssgd_per_tensor", "P06", 0.5, 0.1, lr -> Ssgd.perTensor(Schedules.exponential(lr, 0.98)));
        tx("p56_adabelief", "P56", 0.1, 5e-3, lr -> AdaBelief.builder().lr(lr).build());
        tx("p56_adabelief_amsgrad_coupled", "P56", 0.1, 0.05,
                lr -> AdaBelief.builder().lr(lr).amsgrad(true).rectify(false).decoupled(false).weightDecay(1e-4).eps(1e-8).build());
        tx("p68_diffgrad", "P68", 0.1, 0.05, DiffGrad::diffGrad);
        tx("p41_adadagrad", "P41", 0.5, 0.2, lr -> AdAdaGrad.coordinate(lr, BatchSizeTests.coordinate(0.1, 1024)).optimizer());
        tx("p41_adadagrad_norm", "P41", 2.0, 0.5, lr -> AdAdaGrad.norm(lr, 1e-2, BatchSizeTests.norm(0.1, 1024)).optimizer());
        tx("topk_ef", "top-k + EF", 0.3, 1e-3, lr -> sgdAfter(Compressors.errorFeedback(Compressors.topK(0.5)), lr));
        tx("randk_ef", "rand-k + EF", 0.2, 5e-4, lr -> sgdAfter(Compressors.errorFeedback(Compressors.randK(0.5, false, 3)), lr));
        tx("p08_rtopk_ef", "P08", 0.2, 5e-4, lr -> sgdAfter(Compressors.errorFeedback(Compressors.rTopK(0.75, 0.5, 5)), lr));
        tx("p13_stochastic_sign", "P13", 0.3, 1e-3, lr -> Transforms.chain(Compressors.stochasticSign(0, true, 11),
                Transforms.scaleByLearningRate(Schedules.exponential(lr, 0.985))));
        tx("scaled_sign_ef", "EF-signSGD", 0.3, 1e-3, lr -> sgdAfter(Compressors.errorFeedback(Compressors.scaledSign()), lr));
        tx("p09_laplace_sparsify", "P09", 0.3, 1e-3, lr -> Transforms.chain(Compressors.laplaceSparsify(0.5, 1e-3, 13),
                Transforms.scaleByLearningRate(Schedules.exponential(lr, 0.99))));
        tx("p08_rtopk_ef_whole", "P08", 0.2, 5e-4, lr -> sgdAfter(Compressors.errorFeedback(Compressors.rTopK(0.75, 0.5, 5, true)), lr));
        tx("p13_stochastic_sign_whole", "P13", 0.3, 1e-3, lr -> Transforms.chain(Compressors.stochasticSign(0, true, 11, true),
                Transforms.scaleByLearningRate(Schedules.exponential(lr, 0.985))));
        tx("p09_laplace_sparsify_whole", "P09", 0.3, 1e-3, lr -> Transforms.chain(Compressors.laplaceSparsify(0.5, 1e-3, 13, true),
                Transforms.scaleByLearningRate(Schedules.exponential(lr, 0.99))));
        tx("p56_adabelief_fixed_decay", "P56", 0.1, 5e-3, lr -> AdaBelief.builder().lr(lr).weightDecay(1e-3).fixedDecay(true).build());
        tx("p22_extrapolation_registry", "P22", 0.3, 1e-3, lr -> OptimizerRegistry.get("extrapolation").build(java.util.Map.of("lr", lr, "gamma", lr)));
        tx("p48_mfac", "P48", 0.1, 0.1, lr -> Mfac.of(Schedule.constant(lr), 16, 1.0, 0, 0));
        tx("p48_mfac_momentum_wd", "P48", 0.1, 0.1, lr -> Mfac.of(Schedule.constant(lr), 16, 1.0, 0.5, 1e-4));
    }
}
