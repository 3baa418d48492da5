package io.vecgrad.experiments.papers;

import io.vecgrad.experiments.Experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of built-in experiments (it lives beside the papers it lists, so the API package
 * {@code io.vecgrad.experiments} depends on no experiment): one reproduction per paper claim, each with its
 * threshold stated before it runs. Adding an experiment is one line in {@link #all()}.
 *
 * <pre>{@code
 * for (Experiment e : Experiments.all()) System.out.println(e.id() + "  " + e.claim());
 * Experiment p11 = Experiments.find("p11-mass").orElseThrow();
 * }</pre>
 */
public final class Experiments {
    private Experiments() {}

    /** Every built-in experiment, in listing order (fresh objects on each call). */
    public static List<Experiment> all() {
        return List.of(
                new P04Interpolation("p04-interpolation", List.of("P04"),
                        "P04 GD on Huberized two-layer net, fixed output layer: logistic loss -> 0",
                        params("n", 200, "d", 50, "hidden", 100, "lr", 2.0, "epochs", 1000, "threshold", 0.01)),
                new P11Mass("p11-mass", List.of("P11"),
                        "P11 MaSS vs SGD vs Nesterov on over-parameterized linear regression",
                        params("n", 64, "d", 128, "decay", 1.0, "batch", 1, "steps", 10000, "seeds", 5)),
                new P05Cyclical(),
                new ScheduleComparison("p52-linear-decay", List.of("P52"),
                        "P52 linear decay vs cosine vs step, SGD+momentum, digits",
                        params("hidden", 64, "lr", 0.05, "momentum", 0.9, "epochs", 10, "slack", 0.05, "tolerance", 0.01),
                        "P52: linear decay to 0 ends at least as well as cosine and step decay (final"
                                + " train loss within 5% of the best, test accuracy within 1 point)",
                        List.of("linear-decay", "cosine", "step")),
                new P41AdAdaGrad(),
                new P29PowerGradient(),
                new P56AdaBelief(),
                new P68DiffGrad(),
                new P06Ssgd(),
                new P67Masha(),
                new P44OptimisticOmd(),
                new P58Sso(),
                new P16AdversarialTraining(),
                new P50Gbnn(),
                new P36AdaSketchNewton(),
                new P48Mfac(),
                new NewtonLogisticRegression(),
                new P62HessianSpectrum(),
                new BilevelRegularization(),
                new BilevelHyperCleaning(),
                new P40BlockCoordinateDescent(),
                new P51BanditSor(),
                new P54OverparamSensing(),
                new P27FlatMinima(),
                new P34RobustAltMin(),
                new P39Topo(),
                new P61Colide(),
                new P35ConvexRelu(),
                new P62LenetSpectrum(),
                new P64HyperRepresentation(),
                new P59LvHbaToy(),
                new P43BsvrbMultiTask(),
                new P59SvmCleaning(),
                new P63SharedSeedSpsa(),
                new P12KernelRegime(),
                new P15NeuronAlignment(),
                new P02DiffPrune(),
                new P18MiLearningRate(),
                new P53Cbo(),
                new P03HillClimbing(),
                new P30AnnealedSvgd(),
                new P28Nvgd(),
                new P25NoiseSpectrum(),
                new P19DiffusionMetric(),
                new P66OpposingSignals(),
                new P24CycleSgd(),
                new P31MoeAgd(),
                new P32Crate(),
                new P14GossipPga(),
                new P60Monna(),
                new P13MajorityVote(),
                new P07PerturbedFederated(),
                new P26LeaderSgd(),
                new P38AsyncFederated(),
                new P57GradientCoding(),
                new P37NoisyAdmm(),
                new P46Dadao(),
                new P47Curriculum(),
                new PekkoDataParallel(),
                new P55KroneckerSbl(),
                new P23SpikingContinual(),
                new P49CoresetAugmentation(),
                new P20ProxyLayers(),
                new P42DirectionalAttacks(),
                new P45LearningToActivelyLearn(),
                new ParticlesBnn(),
                new P45BestArm());
    }

    /** The experiment with this id, if any. */
    public static Optional<Experiment> find(String id) {
        return all().stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /** Ordered key/default pairs: {@code params("epochs", 10, "lr", 0.1)}. */
    public static Map<String, Object> params(Object... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("Experiments.params: odd number of arguments");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
