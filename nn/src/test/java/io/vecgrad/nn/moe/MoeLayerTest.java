package io.vecgrad.nn.moe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.autodiff.NoGrad;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.ModuleGradCheck;
import io.vecgrad.nn.layers.Activation;
import io.vecgrad.nn.layers.TransformerEncoderBlock;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class MoeLayerTest {
    private static double[] randomProbs(Rng r, int t, int e) {
        double[] p = new double[t * e];
        for (int i = 0; i < t; i++) {
            double s = 0;
            for (int x = 0; x < e; x++) s += p[i * e + x] = Math.exp(2 * r.nextGaussian());
            for (int x = 0; x < e; x++) p[i * e + x] /= s;
        }
        return p;
    }

    /** Every choice is either dispatched exactly once to its expert or counted as dropped, and only when that expert is full. */
    @Property(tries = 30)
    void tokensChooseConservesTokensUpToCapacity(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int t,
                                                 @ForAll @IntRange(min = 1, max = 5) int e, @ForAll @IntRange(min = 1, max = 3) int k,
                                                 @ForAll boolean bpr) {
        k = Math.min(k, e);
        double cf = 0.5 + (Math.floorMod(seed, 4)) * 0.5;
        MoeOptions o = MoeOptions.tokensChoose(e, k).withCapacityFactor(cf).withBatchPrioritized(bpr);
        Routing r = Routing.plan(randomProbs(new Rng(seed), t, e), t, o);
        int cap = o.capacity(t);
        assertEquals(cap, r.capacity());
        Set<Long> seen = new HashSet<>();
        for (int x = 0; x < e; x++) {
            assertTrue(r.tokens()[x].length <= cap, "expert " + x + " over capacity");
            for (int tok : r.tokens()[x]) {
                assertTrue(seen.add((long) tok * e + x), "token " + tok + " dispatched twice to expert " + x);
                boolean chosen = false;
                for (int c : r.topChoice()[tok]) chosen |= c == x;
                assertTrue(chosen, "token " + tok + " sent to expert " + x + " it did not choose");
            }
        }
        assertEquals((long) t * k, r.dispatched() + r.droppedChoices(), "kept + dropped = all choices");
        if (r.droppedChoices() > 0) {
            // a choice is dropped only if its expert is full
            for (int tok = 0; tok < t; tok++) {
                for (int c : r.topChoice()[tok]) {
                    if (!seen.contains((long) tok * e + c)) assertEquals(cap, r.tokens()[c].length);
                }
            }
        }
        int unrouted = 0;
        for (int tok = 0; tok < t; tok++) {
            boolean any = false;
            for (int c : r.topChoice()[tok]) any |= seen.contains((long) tok * e + c);
            unrouted += any ? 0 : 1;
        }
        assertEquals(unrouted, r.unrouted());
    }

    @Test
    void capacityFollowsGShardFormulaAndTop1ChoicesComeFirst() {
        MoeOptions o = MoeOptions.tokensChoose(2, 2).withCapacityFactor(0.5);
        assertEquals(2, o.capacity(4));                                       // ⌈0.5·2·4/2⌉
        // all four tokens prefer expert 0, second choice expert 1
        double[] p = {0.9, 0.1, 0.8, 0.2, 0.7, 0.3, 0.6, 0.4};
        Routing r = Routing.plan(p, 4, o);
        assertArrayEquals(new int[] {0, 1}, r.tokens()[0]);                  // token order
        assertArrayEquals(new int[] {0, 1}, r.tokens()[1]);                  // top-2 choices of tokens 0, 1 fill expert 1
        assertEquals(4, r.droppedChoices());
        assertEquals(2, r.unrouted());
        Routing bpr = Routing.plan(new double[] {0.6, 0.4, 0.9, 0.1, 0.7, 0.3, 0.8, 0.2}, 4,
                MoeOptions.tokensChoose(2, 1).withCapacityFactor(1.0).withBatchPrioritized(true));
        assertArrayEquals(new int[] {1, 3}, bpr.tokens()[0]);                 // highest top-1 probability first
    }

    @Test
    void expertsChooseTakesTheTopCTokensPerExpert() {
        double[] p = {0.9, 0.1, 0.2, 0.8, 0.6, 0.4, 0.3, 0.7};
        Routing r = Routing.plan(p, 4, MoeOptions.expertsChoose(2).withCapacityFactor(1.0));
        assertEquals(2, r.capacity());
        assertArrayEquals(new int[] {0, 2}, r.tokens()[0]);
        assertArrayEquals(new int[] {1, 3}, r.tokens()[1]);
        assertEquals(0, r.unrouted());
    }

    /** With one expert and top-1 the MoE block is the dense transformer block with the same weights. */
    @Test
    void oneExpertTop1EqualsTheDenseBlock() {
        Rng r = new Rng(3);
        TransformerEncoderBlock dense = new TransformerEncoderBlock(8, 2, 16, Activation.gelu(), true, 0.0, false, DType.FLOAT64);
        dense.initialize(r.split("dense"));
        MoeEncoderBlock moe = new MoeEncoderBlock(8, 2, 16, MoeOptions.tokensChoose(1, 1).withCapacityFactor(1.0), Activation::gelu, DType.FLOAT64);
        moe.initialize(r.split("moe"));
        Map<String, Tensor> state = new LinkedHashMap<>();
        dense.stateDict().forEach((k, v) -> state.put(k.replace("linear1", "moe.expert0.linear1").replace("linear2", "moe.expert0.linear2"), v));
        moe.stateDict().forEach((k, v) -> { if (k.startsWith("moe.router")) state.put(k, v); });
        moe.loadStateDict(state);
        Tensor x = r.normal(DType.FLOAT64, 0, 1, 3, 5, 8);
        try (NoGrad g = NoGrad.enter()) {
            assertArrayEquals(dense.forward(x).value().toDoubleArray(), moe.forward(x).value().toDoubleArray(), 1e-12);
        }
        assertEquals(0, moe.moe().lastRouting().droppedChoices());
    }

    /** With k = E and no capacity limit the output is the full softmax mixture Σ_e P_e FFN_e(x). */
    @Test
    void topKEqualsAllIsTheSoftmaxMixture() {
        MoeLayer moe = new MoeLayer(4, 6, MoeOptions.tokensChoose(3, 3).unlimited(), Activation::tanh, DType.FLOAT64);
        moe.initialize(new Rng(5));
        moe.submodule("router").setInitializer("weight", io.vecgrad.nn.Init.normal(1.0)).initialize(new Rng(6));
        Tensor x = new Rng(7).normal(DType.FLOAT64, 0, 1, 5, 4);
        try (NoGrad g = NoGrad.enter()) {
            Variable y = moe.forward(x);
            Variable p = moe.submodule("router").forward(x).softmax(1);
            Variable want = null;
            for (int e = 0; e < 3; e++) {
                Variable part = moe.submodule("expert" + e).forward(x).mul(p.slice(1, e, e + 1));
                want = want == null ? part : want.add(part);
            }
            assertArrayEquals(want.value().toDoubleArray(), y.value().toDoubleArray(), 1e-12);
        }
    }

    @Test
    void renormalizedGatesSumToOnePerToken() {
        MoeLayer moe = new MoeLayer(4, 6, MoeOptions.tokensChoose(3, 2).unlimited().withRenormalize(true), Activation::tanh, DType.FLOAT64);
        // every expert computes the same function: the output is then (Σ gates)·FFN(x) = FFN(x)
        Map<String, Tensor> state = new LinkedHashMap<>(moe.stateDict());
        for (String k : moe.stateDict().keySet()) {
            if (k.startsWith("expert")) state.put(k, moe.stateDict().get("expert0" + k.substring(k.indexOf('.'))));
        }
        moe.loadStateDict(state);
        moe.submodule("router").setInitializer("weight", io.vecgrad.nn.Init.normal(1.0)).initialize(new Rng(6));
        Tensor x = new Rng(8).normal(DType.FLOAT64, 0, 1, 6, 4);
        try (NoGrad g = NoGrad.enter()) {
            assertArrayEquals(moe.submodule("expert0").forward(x).value().toDoubleArray(), moe.forward(x).value().toDoubleArray(), 1e-12);
        }
    }

    /** Switch normalisation: uniform probabilities give exactly 1 (k with top-k); all mass on one expert gives E. */
    @Test
    void balanceLossIsOneForUniformRoutingAndEForCollapse() {
        int e = 4;
        MoeLayer moe = new MoeLayer(3, 5, MoeOptions.tokensChoose(e, 1).unlimited(), Activation::relu, DType.FLOAT64);
        moe.submodule("router").setInitializer("weight", io.vecgrad.nn.Init.zeros()).initialize(new Rng(1));
        Tensor x = new Rng(2).normal(DType.FLOAT64, 0, 1, 16, 3);
        moe.forward(x);
        assertEquals(1.0, moe.balanceLoss().item(), 1e-12);
        assertEquals(Math.log(e) * Math.log(e), moe.zLoss().item(), 1e-12);       // logsumexp of zeros = log E
        assertEquals(1e-2 * 1.0 + 1e-3 * Math.log(e) * Math.log(e), moe.auxiliaryLoss().item(), 1e-12);
        // top-2 under uniform probabilities: E·Σ f_e P̄_e = E·(2)·(1/E) = 2 (IMP's code counts every selected expert)
        MoeLayer two = new MoeLayer(3, 5, MoeOptions.tokensChoose(e, 2).unlimited(), Activation::relu, DType.FLOAT64);
        two.submodule("router").setInitializer("weight", io.vecgrad.nn.Init.zeros()).initialize(new Rng(1));
        two.forward(x);
        assertEquals(2.0, two.balanceLoss().item(), 1e-12);
        // collapse: a huge bias on expert 2 sends every token there with probability ≈ 1
        Tensor bias = Tensor.of(new double[] {0, 0, 60, 0});
        try (NoGrad g = NoGrad.enter()) {
            moe.submodule("router").namedParameters().get("bias").value().copyFrom(bias);
        }
        moe.forward(x);
        assertEquals(e, moe.balanceLoss().item(), 1e-9);
        assertArrayEquals(new int[] {0, 0, 16, 0}, moe.lastRouting().load());
    }

    @Test
    void droppedTokensGetZeroOutputAndPassTheResidual() {
        MoeLayer moe = new MoeLayer(4, 6, MoeOptions.tokensChoose(2, 1).withCapacityFactor(0.25).withMinCapacity(0), Activation::gelu, DType.FLOAT64);
        Tensor x = new Rng(4).normal(DType.FLOAT64, 0, 1, 12, 4);
        double[] y;
        try (NoGrad g = NoGrad.enter()) {
            y = moe.forward(x).value().toDoubleArray();
        }
        Routing r = moe.lastRouting();
        assertTrue(r.unrouted() > 0);
        Set<Integer> kept = new HashSet<>();
        for (int[] tok : r.tokens()) for (int t : tok) kept.add(t);
        for (int t = 0; t < 12; t++) {
            boolean zero = true;
            for (int j = 0; j < 4; j++) zero &= y[t * 4 + j] == 0.0;
            assertEquals(!kept.contains(t), zero, "token " + t);
        }
    }

    @Test
    void equivariantUnderTokenPermutationWithoutDrops() {
        MoeLayer moe = new MoeLayer(4, 6, MoeOptions.tokensChoose(3, 2).unlimited(), Activation::gelu, DType.FLOAT64);
        moe.submodule("router").setInitializer("weight", io.vecgrad.nn.Init.normal(1.0)).initialize(new Rng(6));
        Tensor x = new Rng(9).normal(DType.FLOAT64, 0, 1, 7, 4);
        Tensor perm = Tensor.of(new long[] {3, 0, 6, 1, 5, 2, 4});
        try (NoGrad g = NoGrad.enter()) {
            Tensor a = moe.forward(x).value().indexSelect(0, perm);
            Tensor b = moe.forward(x.indexSelect(0, perm)).value();
            assertArrayEquals(a.toDoubleArray(), b.toDoubleArray(), 1e-12);
        }
    }

    // Top-k routing is not differentiable where two router logits tie; a random jqwik seed
    // (8119601338585235361 was one) can put a central difference across such a kink and read
    // -20502 against a derivative of 0.365. A fixed seed keeps the three tries away from ties.
    @Property(tries = 3, seed = "20261206")
    void gradientsFirstAndSecondOrder(@ForAll long seed) {
        Rng r = new Rng(seed);
        MoeLayer tc = new MoeLayer(3, 4, MoeOptions.tokensChoose(3, 2).withCapacityFactor(1.0), Activation::gelu, DType.FLOAT64);
        tc.submodule("router").setInitializer("weight", io.vecgrad.nn.Init.normal(1.0));
        tc.initialize(r.split("tc"));
        ModuleGradCheck.check(tc, r.normal(DType.FLOAT64, 0, 1, 2, 3, 3), true, seed);
        MoeLayer ec = new MoeLayer(3, 4, MoeOptions.expertsChoose(2), Activation::tanh, DType.FLOAT64);
        ec.initialize(r.split("ec"));
        ModuleGradCheck.check(ec, r.normal(DType.FLOAT64, 0, 1, 5, 3), true, seed);
        MoeLayer rn = new MoeLayer(3, 4, MoeOptions.tokensChoose(3, 2).unlimited().withRenormalize(true), Activation::gelu, DType.FLOAT64);
        rn.initialize(r.split("rn"));
        ModuleGradCheck.check(rn, r.normal(DType.FLOAT64, 0, 1, 4, 3), true, seed);
        MoeEncoderBlock blk = new MoeEncoderBlock(4, 2, 5, MoeOptions.tokensChoose(2, 1).withCapacityFactor(1.0), Activation::gelu, DType.FLOAT64);
        blk.initialize(r.split("blk"));
        ModuleGradCheck.check(blk, r.normal(DType.FLOAT64, 0, 1, 2, 3, 4), false, seed);
    }

    /** The auxiliary losses are differentiable with respect to the router (checked by central differences). */
    @Test
    void auxiliaryLossGradient() {
        MoeLayer moe = new MoeLayer(3, 4, MoeOptions.tokensChoose(3, 1).withCapacityFactor(1.0), Activation::gelu, DType.FLOAT64);
        moe.submodule("router").setInitializer("weight", io.vecgrad.nn.Init.normal(1.0)).initialize(new Rng(11));
        Tensor x = new Rng(12).normal(DType.FLOAT64, 0, 1, 6, 3);
        Tensor w = moe.submodule("router").namedParameters().get("weight").value().copy();
        io.vecgrad.autodiff.GradCheck.checkSecondOrder(v -> {
            Map<String, Variable> sub = new LinkedHashMap<>();
            sub.put("router.weight", v[0]);
            io.vecgrad.nn.Functional.call(moe, sub, Variable.constant(x));
            return moe.auxiliaryLoss();
        }, w);
    }

    @Test
    void sameSeedSameOutputBitwise() {
        Tensor x = new Rng(1).normal(DType.FLOAT32, 0, 1, 2, 6, 8);
        double[][] out = new double[2][];
        for (int i = 0; i < 2; i++) {
            MoeEncoderBlock b = new MoeEncoderBlock(8, 2, 16, MoeOptions.tokensChoose(4, 2), Activation::gelu, DType.FLOAT32);
            b.initialize(new Rng(42));
            out[i] = b.forward(x).value().toDoubleArray();
        }
        assertArrayEquals(out[0], out[1], 0.0);
    }

    @Test
    void badInputIsNamed() {
        MoeLayer moe = new MoeLayer(4, 6, MoeOptions.tokensChoose(2, 1), Activation::gelu, DType.FLOAT32);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> moe.forward(Tensor.zeros(3, 5)));
        assertTrue(e.getMessage().contains("MoeLayer") && e.getMessage().contains("[3, 5]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MoeOptions.tokensChoose(2, 3));
        assertThrows(IllegalStateException.class, moe::auxiliaryLoss);
    }
}
