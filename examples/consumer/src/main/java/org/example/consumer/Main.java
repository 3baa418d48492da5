package org.example.consumer;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.Sequential;
import io.vecgrad.nn.io.StateDicts;
import io.vecgrad.nn.layers.Activation;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.nn.losses.Losses;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.first.Adam;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * vecgrad used from outside its build: trains a small classifier (nn + optim), saves it,
 * loads it into a fresh model and checks the loaded model computes the same outputs.
 * Exits with status 1 if anything is off, so CI can run it.
 */
public final class Main {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "model.safetensors");

        // two classes split by the line x0 + x1 = 0
        Tensor x = new Rng(0).split("data").normal(DType.FLOAT32, 0, 1, 256, 2);
        float[] xs = x.toFloatArray();
        long[] ys = new long[256];
        for (int i = 0; i < ys.length; i++) ys[i] = xs[2 * i] + xs[2 * i + 1] > 0 ? 1 : 0;
        Tensor y = Tensor.of(ys);

        Module net = model().initialize(new Rng(1));
        Optimizer opt = Optimizer.of(Params.of(values(net.namedParameters())), Adam.adam(0.05));
        double first = Double.NaN;
        double last = Double.NaN;
        for (int step = 0; step < 100; step++) {
            Variable loss = Losses.crossEntropy(net.forward(x), y);
            loss.backward();
            opt.step(Params.of(grads(net.namedParameters())));
            net.zeroGrad();
            if (step == 0) first = loss.item();
            last = loss.item();
        }
        double accuracy = accuracy(net.forward(x).value(), ys);

        StateDicts.save(net, file);
        Module loaded = model().initialize(new Rng(2));            // different weights until loaded
        StateDicts.load(loaded, file);
        boolean same = Arrays.equals(net.forward(x).value().toFloatArray(), loaded.forward(x).value().toFloatArray());

        System.out.printf("loss %.4f -> %.4f, training accuracy %.3f, saved to %s, loaded model %s%n",
                first, last, accuracy, file.getFileName(), same ? "gives the same outputs" : "DIFFERS");
        if (!(last < first / 4 && accuracy > 0.95 && same)) {
            System.out.println("consumer check FAILED");
            System.exit(1);
        }
        System.out.println("consumer check passed");
    }

    static Module model() {
        return new Sequential(new Linear(2, 16), Activation.relu(), new Linear(16, 2));
    }

    static Map<String, Tensor> values(Map<String, Variable> params) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        params.forEach((name, p) -> out.put(name, p.value()));
        return out;
    }

    static Map<String, Tensor> grads(Map<String, Variable> params) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        params.forEach((name, p) -> out.put(name, p.grad()));
        return out;
    }

    static double accuracy(Tensor logits, long[] labels) {
        float[] l = logits.toFloatArray();
        int right = 0;
        for (int i = 0; i < labels.length; i++) right += (l[2 * i + 1] > l[2 * i] ? 1 : 0) == labels[i] ? 1 : 0;
        return right / (double) labels.length;
    }
}
