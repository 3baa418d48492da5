package io.vecgrad.cli.experiments;

import io.vecgrad.cli.registry.Experiment;
import io.vecgrad.cli.registry.ExperimentContext;
import io.vecgrad.cli.registry.ExperimentResult;
import io.vecgrad.cli.spec.Params;
import io.vecgrad.cli.train.RunSummary;
import io.vecgrad.datasets.synthetic.OverparameterizedLinear;
import java.util.List;

/**
 * P11 (Liu, Belkin): on over-parameterized (interpolating) linear regression with mini-batches,
 * MaSS reaches a lower loss than SGD and Nesterov SGD at the same step size η = 1/L1, and
 * Nesterov (momentum γ = MaSS's γ) diverges at a step size where SGD and MaSS converge.
 * L1 is the single-sample smoothness of the mean-squared loss, 2·max‖(x_i, 1)‖² (the model
 * has a bias).
 */
final class P11Mass implements Experiment {
    @Override
    public String claim() {
        return "P11: at eta = 1/L1 MaSS ends with a lower training loss than SGD and Nesterov, and Nesterov diverges"
                + " (loss above the initial mean y^2) at the step size k*eta where SGD and MaSS still converge";
    }

    @Override
    public ExperimentResult run(Params p, ExperimentContext ctx) throws Exception {
        int n = p.getInt("n");
        int d = p.getInt("d");
        OverparameterizedLinear data = OverparameterizedLinear.generate(n, d, p.getDouble("decay"), 0);
        double[] x = data.x().toDoubleArray();
        double maxSq = 0;
        for (int i = 0; i < n; i++) {
            double s = 1;
            for (int j = 0; j < d; j++) {
                s += x[i * d + j] * x[i * d + j];
            }
            maxSq = Math.max(maxSq, s);
        }
        double meanY2 = data.y().square().mean().item();
        double eta = 1 / (2 * maxSq);
        double alpha = p.getDouble("alpha");
        double gamma = (1 - alpha) / (1 + alpha);
        int epochs = ctx.quick() ? 3 : p.getInt("epochs");
        String dataset = "overparam-linear:n=" + n + ",d=" + d + ",decay=" + p.getDouble("decay");
        double big = eta * p.getDouble("k");
        List<RunSummary> s = Runs.train(ctx, dataset, "logistic", "constant", epochs, p.getInt("batch"),
                "sgd:lr=" + eta, "sgd:lr=" + eta + ",momentum=" + gamma + ",nesterov=true",
                "mass:lr=" + eta + ",alpha=" + alpha, "sgd:lr=" + big, "sgd:lr=" + big + ",momentum=" + gamma
                        + ",nesterov=true", "mass:lr=" + big + ",alpha=" + alpha);
        double sgd = s.get(0).trainLoss();
        double nes = s.get(1).trainLoss();
        double mass = s.get(2).trainLoss();
        boolean faster = Runs.ok(s.get(2)) && mass < sgd && (mass < nes || !Runs.ok(s.get(1)));
        boolean nesDiverges = !Runs.ok(s.get(4)) || s.get(4).trainLoss() > meanY2;
        boolean othersConverge = Runs.ok(s.get(3)) && s.get(3).trainLoss() < meanY2 * 0.1
                && Runs.ok(s.get(5)) && s.get(5).trainLoss() < meanY2 * 0.1;
        String text = String.format("eta=1/L1=%.4g: loss SGD %s, Nesterov %s, MaSS %s; at %.3g: SGD %s, Nesterov %s (%s),"
                        + " MaSS %s (initial mean y^2 %s, converged = below 10%% of it)", eta, Runs.sci(sgd), Runs.sci(nes),
                Runs.sci(mass), big, Runs.sci(s.get(3).trainLoss()), Runs.sci(s.get(4).trainLoss()), s.get(4).status(),
                Runs.sci(s.get(5).trainLoss()), Runs.sci(meanY2));
        return new ExperimentResult(text, faster && nesDiverges && othersConverge);
    }
}
