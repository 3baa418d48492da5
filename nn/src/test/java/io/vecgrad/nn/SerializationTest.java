package io.vecgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.nn.io.StateDicts;
import io.vecgrad.nn.layers.Activation;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.nn.models.LeNet;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** State dicts to and from safetensors and npz, interoperable with files written on the Python side. */
class SerializationTest {
    @TempDir
    Path dir;

    private static Module twoLayer() {
        return new Sequential(new Linear(3, 4), Activation.relu(), new Linear(4, 2));
    }

    @Test
    void safetensorsWrittenByVecgradIsByteIdenticalToPythonsAndPythonsLoads() throws Exception {
        Module net = twoLayer();
        StateDicts.load(net, Golden.path("model.npz"));          // PyTorch's weights, via numpy
        Path mine = dir.resolve("model.safetensors");
        StateDicts.save(net, mine);
        assertArrayEquals(Files.readAllBytes(Golden.path("model.safetensors")), Files.readAllBytes(mine));

        Module other = twoLayer().initialize(new Rng(77));
        StateDicts.load(other, Golden.path("model.safetensors"));
        net.stateDict().forEach((k, t) -> assertArrayEquals(t.toFloatArray(), other.stateDict().get(k).toFloatArray(), k));
    }

    @Test
    void npzRoundTripKeepsEveryTensorBitForBit() throws Exception {
        LeNet a = LeNet.digits(new Rng(1)), b = LeNet.digits(new Rng(2));
        Path p = dir.resolve("lenet.npz");
        StateDicts.save(a, p);
        StateDicts.load(b, p);
        a.stateDict().forEach((k, t) -> assertArrayEquals(t.toFloatArray(), b.stateDict().get(k).toFloatArray(), k));
    }

    @Test
    void mismatchedFilesAreRejectedWithEveryBadNameAndTheModelIsUnchanged() throws Exception {
        Module net = twoLayer();
        Map<String, Tensor> state = new LinkedHashMap<>(StateDicts.read(Golden.path("model.safetensors")));
        state.remove("0.bias");
        state.put("2.weight", Tensor.zeros(2, 5));
        state.put("3.weight", Tensor.zeros(1));
        Path p = dir.resolve("bad.safetensors");
        StateDicts.save(state, p);
        float[] before = net.stateDict().get("0.weight").toFloatArray();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StateDicts.load(net, p));
        String m = e.getMessage();
        assertTrue(m.contains("missing [0.bias]") && m.contains("unexpected [3.weight]")
                && m.contains("2.weight: model [2, 4] vs loaded [2, 5]"), m);
        assertArrayEquals(before, net.stateDict().get("0.weight").toFloatArray());
        assertEquals(4, net.stateDict().size());
    }

    @Test
    void loadingConvertsDtypeIntoTheModel() {
        Linear l = new Linear(2, 1);
        l.loadStateDict(Map.of("weight", Tensor.of(new double[] {1.5, -2}, 1, 2), "bias", Tensor.of(new double[] {0.25}, 1)));
        assertArrayEquals(new float[] {1.5f, -2f}, l.stateDict().get("weight").toFloatArray());
        assertEquals(io.vecgrad.tensor.DType.FLOAT32, l.stateDict().get("weight").dtype());
    }
}
