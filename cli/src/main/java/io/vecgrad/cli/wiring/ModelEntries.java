package io.vecgrad.cli.wiring;

import io.vecgrad.cli.registry.Registries;
import io.vecgrad.cli.registry.Catalog;
import io.vecgrad.cli.spec.SpecValues;
import io.vecgrad.cli.spec.SpecException;
import io.vecgrad.train.DataInfo;
import io.vecgrad.train.Model;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.Sequential;
import io.vecgrad.nn.layers.Activation;
import io.vecgrad.nn.layers.Flatten;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.nn.crate.CrateClassifier;
import io.vecgrad.nn.models.LeNet;
import io.vecgrad.nn.prune.DiffPruneGate;
import io.vecgrad.nn.prune.GateFunction;
import io.vecgrad.nn.prune.GatedLeNet;
import io.vecgrad.nn.prune.HardConcreteGate;
import io.vecgrad.nn.prune.L0Regularized;
import io.vecgrad.nn.prune.Structure;
import io.vecgrad.nn.moe.MoeOptions;
import io.vecgrad.nn.moe.MoeRowClassifier;
import io.vecgrad.nn.models.TwoLayerNet;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.random.Rng;

/**
 * The model entries: nn modules sized from the data, with cross-entropy for classification
 * and MSE for regression.
 *
 * <pre>{@code
 * ModelEntries.register(registries);   // mlp, logistic, cnn, lenet, two-layer, gated-lenet, transformer, moe-transformer, crate
 * }</pre>
 */
public final class ModelEntries {
    private ModelEntries() {}

    public static void register(Registries r) {
        Catalog<io.vecgrad.cli.registry.ModelFactory> m = r.models();
        m.add("cnn", "small LeNet-style CNN (nn LeNet.digits: 1->8->16 channels, 3x3) for square images, e.g. 8x8 digits",
                Catalog.params("c1", 8, "c2", 16, "kernel", 3),
                (p, info, rng) -> cnn(info, p.getInt("c1"), p.getInt("c2"), p.getInt("kernel"), rng));
        m.add("lenet", "nn LeNet.mnist (16->32 channels, 5x5) for 28x28 images such as fashion-mnist",
                Catalog.params(),
                (p, info, rng) -> cnn(info, 16, 32, 5, rng));
        m.add("mlp", "Linear-ReLU-Linear on flattened inputs", Catalog.params("hidden", 128),
                (p, info, rng) -> flat(info, rng, new Linear(info.features(), positive(p, "hidden")),
                        Activation.relu(), new Linear(p.getInt("hidden"), outputs(info))));
        m.add("logistic", "linear softmax (multinomial logistic) regression; least squares for regression data",
                Catalog.params(), (p, info, rng) -> flat(info, rng, new Linear(info.features(), outputs(info))));
        m.add("two-layer", "P04/P12 two-layer net f(x)=sum_j a_j phi(w_j.x), float64; logistic loss on 2 classes, MSE on regression",
                Catalog.params("hidden", 100, "activation", "huberized", "h", 0.5, "train-output", false, "init-std", 0.01),
                ModelEntries::twoLayer);
        m.add("gated-lenet", "P02 LeNet with L0 gates (DiffPrune or hard concrete) on every weight or unit; loss + (lambda/gates)*expected L0",
                Catalog.params("c1", 6, "c2", 16, "kernel", 5, "gate", "diffprune", "structure", "weights", "lambda", 32.0),
                ModelEntries::gatedLenet);
        m.add("transformer", "small pre-LN transformer; image rows (or single features) as tokens",
                Catalog.params("d", 32, "heads", 4, "ff", 64, "layers", 1),
                ModelEntries::transformer);
        m.add("moe-transformer", "P31 transformer whose FFNs are mixtures of experts (top-k tokens-choose, capacity factor); image rows as tokens",
                Catalog.params("d", 32, "heads", 2, "ff", 64, "layers", 2, "experts", 4, "top-k", 1, "capacity", 1.25),
                ModelEntries::moeTransformer);
        m.add("crate", "P32 CRATE white-box transformer (MSSA + ISTA layers) on square images cut into patch x patch patches",
                Catalog.params("patch", 2, "dim", 32, "depth", 4, "heads", 4, "dim-head", 8),
                ModelEntries::crate);
    }

    private static Model moeTransformer(SpecValues p, DataInfo info, Rng rng) {
        int[] s = info.inputShape();
        int tokens = s.length == 3 && s[0] == 1 ? s[1] : info.features();
        int features = info.features() / tokens;
        int d = positive(p, "d");
        if (d % positive(p, "heads") != 0) {
            throw new SpecException("--model moe-transformer: d=" + d + " is not divisible by heads=" + p.getInt("heads"));
        }
        if (!info.isClassification()) {
            throw new SpecException("--model moe-transformer: needs a classification data set");
        }
        int experts = positive(p, "experts"), k = positive(p, "top-k");
        if (k > experts) {
            throw new SpecException("--model moe-transformer: top-k=" + k + " exceeds experts=" + experts);
        }
        MoeOptions o = MoeOptions.tokensChoose(experts, k).withCapacityFactor(p.getDouble("capacity"));
        MoeRowClassifier net = new MoeRowClassifier(tokens, features, d, p.getInt("heads"), positive(p, "ff"), positive(p, "layers"), o,
                info.classes(), rng);
        return new Model(net, new int[] {tokens, features}, DType.FLOAT32, Model.Loss.CROSS_ENTROPY);
    }

    private static Model crate(SpecValues p, DataInfo info, Rng rng) {
        int side = (int) Math.round(Math.sqrt(info.features()));
        int patch = positive(p, "patch");
        if (side * side != info.features() || side % patch != 0 || !info.isClassification()) {
            throw new SpecException("--model crate: needs a classification data set of square one-channel images whose side is divisible by patch="
                    + patch + ", got " + info.features() + " features" + (info.isClassification() ? "" : " (regression data)"));
        }
        CrateClassifier net = new CrateClassifier(1, side, patch, positive(p, "dim"), positive(p, "depth"), positive(p, "heads"),
                positive(p, "dim-head"), info.classes(), rng, DType.FLOAT32);
        return new Model(net, new int[] {1, side, side}, DType.FLOAT32, Model.Loss.CROSS_ENTROPY);
    }

    private static Model flat(DataInfo info, Rng rng, Module... layers) {
        Module[] all = new Module[layers.length + 1];
        all[0] = new Flatten();
        System.arraycopy(layers, 0, all, 1, layers.length);
        Sequential net = new Sequential(all);
        net.initialize(rng);
        return new Model(net, info.inputShape(), DType.FLOAT32, loss(info));
    }

    private static Model cnn(DataInfo info, int c1, int c2, int kernel, Rng rng) {
        int[] g = squareImages(info, "cnn");
        LeNet net = new LeNet(g[0], g[1], c1, c2, kernel, info.classes(), rng, DType.FLOAT32);
        return new Model(net, new int[] {g[0], g[1], g[1]}, DType.FLOAT32, Model.Loss.CROSS_ENTROPY);
    }

    private static Model gatedLenet(SpecValues p, DataInfo info, Rng rng) {
        int[] g = squareImages(info, "gated-lenet");
        String gateName = p.getString("gate"), structureName = p.getString("structure");
        GateFunction gate = switch (gateName) {
            case "diffprune" -> DiffPruneGate.standard();
            case "hard-concrete" -> HardConcreteGate.standard();
            default -> throw new SpecException("--model gated-lenet: gate must be diffprune or hard-concrete, got '" + gateName + "'");
        };
        Structure structure = switch (structureName) {
            case "weights" -> Structure.WEIGHTS;
            case "units" -> Structure.UNITS;
            default -> throw new SpecException("--model gated-lenet: structure must be weights or units, got '" + structureName + "'");
        };
        double lambda = p.getDouble("lambda");
        if (!(lambda >= 0)) throw new SpecException("--model gated-lenet: lambda must be >= 0, got " + lambda);
        GatedLeNet net = new GatedLeNet(g[0], g[1], positive(p, "c1"), positive(p, "c2"), positive(p, "kernel"), info.classes(),
                structure, gate, rng, DType.FLOAT32);
        return new Model(new L0Regularized(net, lambda), new int[] {g[0], g[1], g[1]}, DType.FLOAT32, Model.Loss.CROSS_ENTROPY);
    }

    /** {channels, side} of a classification data set of square images whose side is divisible by 4. */
    private static int[] squareImages(DataInfo info, String model) {
        int[] s = info.inputShape();
        int channels;
        int size;
        if (s.length == 3 && s[1] == s[2]) {
            channels = s[0];
            size = s[1];
        } else {
            size = (int) Math.round(Math.sqrt(info.features()));
            channels = 1;
            if (size * size != info.features()) {
                throw new SpecException("--model " + model + ": needs square images, got input shape "
                        + java.util.Arrays.toString(s) + " (" + info.features() + " features)");
            }
        }
        if (size % 4 != 0 || !info.isClassification()) {
            throw new SpecException("--model " + model + ": needs a classification data set of square images whose side is"
                    + " divisible by 4, got side " + size + (info.isClassification() ? "" : " (regression data)"));
        }
        return new int[] {channels, size};
    }

    private static Model twoLayer(SpecValues p, DataInfo info, Rng rng) {
        String a = p.getString("activation");
        Activation act = switch (a) {
            case "relu" -> Activation.relu();
            case "huberized" -> Activation.huberizedRelu(p.getDouble("h"));
            default -> throw new SpecException("--model two-layer: activation must be relu or huberized, got '" + a + "'");
        };
        if (info.isClassification() && info.classes() != 2) {
            throw new SpecException("--model two-layer: needs 2 classes or regression data, got " + info.classes() + " classes");
        }
        TwoLayerNet net = new TwoLayerNet(info.features(), positive(p, "hidden"), act, p.getBoolean("train-output"),
                p.getDouble("init-std"), rng, DType.FLOAT64);
        Model.Loss loss = info.isClassification() ? Model.Loss.BINARY_LOGISTIC : Model.Loss.MSE;
        return new Model(net, new int[] {info.features()}, DType.FLOAT64, loss);
    }

    private static Model transformer(SpecValues p, DataInfo info, Rng rng) {
        int[] s = info.inputShape();
        int tokens = s.length == 3 && s[0] == 1 ? s[1] : info.features();
        int features = info.features() / tokens;
        int d = positive(p, "d");
        if (d % positive(p, "heads") != 0) {
            throw new SpecException("--model transformer: d=" + d + " is not divisible by heads=" + p.getInt("heads"));
        }
        if (!info.isClassification()) {
            throw new SpecException("--model transformer: needs a classification data set");
        }
        RowTransformer net = new RowTransformer(tokens, features, d, p.getInt("heads"), positive(p, "ff"),
                positive(p, "layers"), info.classes(), rng);
        return new Model(net, new int[] {tokens, features}, DType.FLOAT32, Model.Loss.CROSS_ENTROPY);
    }

    private static int outputs(DataInfo info) {
        return info.isClassification() ? info.classes() : Math.max(1, info.outputs());
    }

    private static Model.Loss loss(DataInfo info) {
        return info.isClassification() ? Model.Loss.CROSS_ENTROPY : Model.Loss.MSE;
    }

    private static int positive(SpecValues p, String key) {
        int v = p.getInt(key);
        if (v <= 0) {
            throw new SpecException("--model: key '" + key + "' must be positive, got " + v);
        }
        return v;
    }
}
