package io.vecgrad.cli.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
    @TempDir
    Path tmp;

    @Test
    void roundTripsEveryDtypeExactly() throws IOException {
        CheckpointStore store = new CheckpointStore(tmp, 3);
        List<Tensor> params = List.of(Tensor.of(new float[] {1.5f, -0f, Float.MIN_VALUE, 3}, 2, 2),
                Tensor.of(new double[] {Math.PI, Double.NaN}, 2), Tensor.of(new int[] {7}, 1),
                Tensor.of(new long[] {Long.MIN_VALUE, 1}, 2, 1), Tensor.of(new boolean[] {true, false}, 2),
                Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).mT());
        Map<String, Tensor> opt = new LinkedHashMap<>();
        opt.put("m.0", Tensor.scalar(DType.FLOAT64, 0.25));
        store.save("adam:lr=1e-3", new TrainerState(12, 1, 3, 4.5), params, opt);
        Checkpoint c = store.latest().orElseThrow();
        assertEquals("adam:lr=1e-3", c.label());
        assertEquals(new TrainerState(12, 1, 3, 4.5), c.state());
        assertArrayEquals(params.get(0).toFloatArray(), c.parameters().get(0).toFloatArray());
        assertArrayEquals(params.get(1).toDoubleArray(), c.parameters().get(1).toDoubleArray());
        assertArrayEquals(params.get(3).toLongArray(), c.parameters().get(3).toLongArray());
        assertArrayEquals(params.get(4).toBoolArray(), c.parameters().get(4).toBoolArray());
        assertArrayEquals(new int[] {3, 2}, c.parameters().get(5).shape());
        assertArrayEquals(params.get(5).toDoubleArray(), c.parameters().get(5).toDoubleArray());
        assertEquals(0.25, c.optimizerState().get("m.0").item());
    }

    @Test
    void keepsTheNewestAndIgnoresPartialFiles() throws IOException {
        CheckpointStore store = new CheckpointStore(tmp, 2);
        for (int step = 1; step <= 4; step++) {
            store.save("x", new TrainerState(step, 0, step, 0), List.of(Tensor.zeros(2)), Map.of());
        }
        // A write cut off by Ctrl-C leaves only a temporary file behind.
        Files.writeString(tmp.resolve("step-000000005.ckpt.tmp"), "half");
        assertEquals(List.of(tmp.resolve("step-000000003.ckpt"), tmp.resolve("step-000000004.ckpt")), store.list());
        assertEquals(4, store.latest().orElseThrow().state().step());
    }

    @Test
    void rejectsForeignFiles() throws IOException {
        Path f = tmp.resolve("step-000000001.ckpt");
        Files.writeString(f, "not a checkpoint");
        IOException e = assertThrows(IOException.class, () -> CheckpointStore.read(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }
}
