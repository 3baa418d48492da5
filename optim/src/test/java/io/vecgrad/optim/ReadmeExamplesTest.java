package io.vecgrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.optim.schedule.Schedules;
import io.vecgrad.optim.zoo.OptimizerRegistry;
import io.vecgrad.tensor.DType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The examples of optim/README.md, run and checked. */
class ReadmeExamplesTest {
    @Test
    void aNewBlockChainsAndFusesLikeTheBuiltInOnes() {
        ElementwiseTransform scaleBySignMomentum = new ElementwiseTransform("m") {
            @Override
            protected Rule rule(long t, State previous, Params input) {
                return (g, p, s, i) -> {
                    double m = Ema.update(s[0], s[0].get(i), g, 0.9, 0.1);
                    s[0].set(i, m);
                    return Math.signum(m);
                };
            }
        };
        GradientTransformation lion = Transforms.chain(scaleBySignMomentum, Blocks.addDecayedWeights(1e-2),
                Blocks.scaleByLearningRate(Schedule.constant(1e-4)));
        Params p = TestUtil.params(1, DType.FLOAT32), q = p.copy();
        State s = lion.init(p), sq = lion.init(q);
        for (Params g : TestUtil.grads(2, 5, DType.FLOAT32, 1)) {
            s = lion.applyInPlace(g, s, p);
            Update u = lion.update(g, sq, q);
            q.addInPlace(u.updates());
            sq = u.state();
        }
        for (String n : p.names()) {
            float[] a = p.get(n).toFloatArray(), b = q.get(n).toFloatArray();
            for (int i = 0; i < a.length; i++) assertEquals(Float.floatToRawIntBits(b[i]), Float.floatToRawIntBits(a[i]), n + " " + i);
        }
        assertEquals(1e-4, lion.hyperParams(s).get("lr"), 0.0);
    }

    @Test
    void theRegistryBuildsFromMapsAndSchedules() {
        GradientTransformation tx = OptimizerRegistry.get("adabelief").build(Map.of("lr", 1e-3, "weight-decay", 1e-4));
        GradientTransformation live = OptimizerRegistry.get("adam").build(Map.of(), Schedules.cosine(1e-3, 1000, 0));
        Params p = TestUtil.params(3, DType.FLOAT64);
        Optimizer a = Optimizer.of(p, tx);
        a.step(p.map(t -> t.mul(0.5)));
        assertEquals(1e-4, a.hyperParams().get("weight_decay"), 0.0);
        Optimizer b = Optimizer.of(p.copy(), live);
        assertEquals(1e-3, b.hyperParams().get("lr"), 1e-18);
        assertTrue(OptimizerRegistry.all().stream().allMatch(e -> e.defaults().containsKey("lr")));
    }
}
