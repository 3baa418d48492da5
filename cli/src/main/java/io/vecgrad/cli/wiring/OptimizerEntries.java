package io.vecgrad.cli.wiring;

import io.vecgrad.cli.registry.Registries;
import io.vecgrad.cli.registry.Registry;
import io.vecgrad.optim.first.AdaBelief;
import io.vecgrad.optim.first.Adam;
import io.vecgrad.optim.first.DiffGrad;
import io.vecgrad.optim.first.Mass;
import io.vecgrad.optim.first.Sgd;
import io.vecgrad.optim.first.Ssgd;
import io.vecgrad.optim.first.PowerGradient;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.optim.zoo.Registry.Method;
import java.util.Set;

/**
 * The optimizer entries. The common methods are written out with their hyper-parameters as
 * keys and follow the schedule exactly (their rate is a live schedule); every other method of
 * optim's zoo registry is added under its zoo name (underscores as dashes) with an {@code lr}
 * key, stepping through {@link OptimAdapter#scaled}.
 *
 * <pre>{@code
 * OptimizerEntries.register(registries);   // sgd, adam, adamw, adabelief, diffgrad, mass, ssgd, ... + the zoo
 * }</pre>
 */
public final class OptimizerEntries {
    /** Zoo methods that need a loss closure, which the trainer does not provide. */
    private static final Set<String> NEEDS_CLOSURE = Set.of("lbfgs", "lbfgs_strong_wolfe");

    private OptimizerEntries() {}

    public static void register(Registries r) {
        var o = r.optimizers();
        o.add("sgd", "SGD with momentum, dampening, Nesterov, weight decay (PyTorch semantics; B1)",
                Registry.params("lr", 0.1, "momentum", 0.0, "dampening", 0.0, "nesterov", false, "weight-decay", 0.0),
                p -> OptimAdapter.live(lr -> Sgd.sgd(lr, Schedule.constant(p.getDouble("momentum")),
                        p.getDouble("dampening"), p.getDouble("weight-decay"), p.getBoolean("nesterov"))));
        o.add("adam", "Adam (Kingma & Ba 2015; B2), PyTorch semantics",
                Registry.params("lr", 1e-3, "beta1", 0.9, "beta2", 0.999, "eps", 1e-8, "weight-decay", 0.0, "amsgrad", false),
                p -> OptimAdapter.live(lr -> Adam.adam(lr, p.getDouble("beta1"), p.getDouble("beta2"), p.getDouble("eps"),
                        p.getDouble("weight-decay"), p.getBoolean("amsgrad"))));
        o.add("adamw", "AdamW, decoupled weight decay (B3)",
                Registry.params("lr", 1e-3, "beta1", 0.9, "beta2", 0.999, "eps", 1e-8, "weight-decay", 1e-2, "amsgrad", false),
                p -> OptimAdapter.live(lr -> Adam.adamW(lr, p.getDouble("beta1"), p.getDouble("beta2"), p.getDouble("eps"),
                        p.getDouble("weight-decay"), p.getBoolean("amsgrad"))));
        o.add("adabelief", "AdaBelief (P56), official 0.2.1 semantics",
                Registry.params("lr", 1e-3, "beta1", 0.9, "beta2", 0.999, "eps", 1e-16, "weight-decay", 0.0,
                        "rectify", false, "amsgrad", false, "decoupled", true),
                p -> OptimAdapter.live(lr -> AdaBelief.builder().lr(lr).betas(p.getDouble("beta1"), p.getDouble("beta2"))
                        .eps(p.getDouble("eps")).weightDecay(p.getDouble("weight-decay")).rectify(p.getBoolean("rectify"))
                        .amsgrad(p.getBoolean("amsgrad")).decoupled(p.getBoolean("decoupled")).build()));
        o.add("diffgrad", "diffGrad (P68), friction from the gradient difference",
                Registry.params("lr", 1e-3, "beta1", 0.9, "beta2", 0.999, "eps", 1e-8, "weight-decay", 0.0),
                p -> OptimAdapter.live(lr -> new DiffGrad(lr, p.getDouble("beta1"), p.getDouble("beta2"), p.getDouble("eps"),
                        p.getDouble("weight-decay"), false)));
        o.add("mass", "MaSS (P11): Nesterov plus compensation; authors' (lr, alpha, kappa) form",
                Registry.params("lr", 0.1, "alpha", 0.05, "kappa", 12.0),
                p -> {
                    // the authors' (eta, alpha, kappa) mapped to (eta1, eta2, gamma) as Mass.fromAuthors;
                    // eta1 and eta2 follow the schedule together (first-order.md, P11 Composition)
                    double eta = p.getDouble("lr");
                    double alpha = p.getDouble("alpha");
                    double delta = eta / (alpha * p.getDouble("kappa"));
                    double eta2 = (eta - alpha * delta) / (1 + alpha);
                    double gamma = (1 - alpha) / (1 + alpha);
                    return OptimAdapter.live(lr -> new Mass(eta, eta2, gamma, t -> lr.at(t) / eta));
                });
        o.add("ssgd", "SSGD (P06): step of norm lr along the normalized gradient, lr x decay^t",
                Registry.params("lr", 0.1, "decay", 1.0, "per-tensor", false),
                p -> OptimAdapter.live(lr -> {
                    double decay = p.getDouble("decay");
                    Schedule m = t -> lr.at(t) * Math.pow(decay, t);
                    return p.getBoolean("per-tensor") ? Ssgd.perTensor(m) : Ssgd.global(m);
                }));
        o.add("padam", "P29 power-gradient Adam: Adam on sign(g)|g|^h",
                Registry.params("lr", 1e-3, "h", 0.7),
                p -> OptimAdapter.scaled(p.getDouble("lr"), (params, lr) ->
                        io.vecgrad.optim.Optimizer.of(params, PowerGradient.pAdam(lr, p.getDouble("h")))));
        for (Method m : io.vecgrad.optim.zoo.Registry.all()) {
            String name = m.name().replace('_', '-');
            if (NEEDS_CLOSURE.contains(m.name()) || o.names().contains(name)) {
                continue;
            }
            o.add(name, "optim zoo method (" + m.source() + "), the zoo's fixed hyper-parameters",
                    Registry.params("lr", defaultLr(m.name())),
                    p -> OptimAdapter.scaled(p.getDouble("lr"), m::create));
        }
    }

    /** A rate that suits small networks, by family (the zoo's own rates are for test functions). */
    static double defaultLr(String name) {
        if (name.matches(".*(adam|amsgrad|adabelief|diffgrad|rmsprop|rprop|adamax).*")) {
            return 1e-3;
        }
        if (name.contains("adadelta")) {
            return 1.0;
        }
        if (name.contains("adagrad")) {
            return 0.05;
        }
        return 0.05;
    }
}
