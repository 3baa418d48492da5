package io.vecgrad.tensor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
    @TempDir
    Path dir;

    @Test
    void writesTheGoldenBytes() {
        assertArrayEquals(Golden.bytes("golden.safetensors"), SafeTensors.toBytes(Golden.arrays(), Golden.metadata()));
    }

    @Test
    void readsTheGoldenFileInOrderWithMetadata() throws IOException {
        SafeTensors.Contents c = SafeTensors.fromBytes(Golden.bytes("golden.safetensors"), "golden");
        assertEquals(new ArrayList<>(Golden.arrays().keySet()), new ArrayList<>(c.tensors().keySet()));
        for (Map.Entry<String, Tensor> e : Golden.arrays().entrySet()) NpyTest.assertTensorEquals(e.getValue(), c.tensors().get(e.getKey()));
        assertEquals(Golden.metadata(), c.metadata());
    }

    @Test
    void fileRoundTripWithoutMetadata() throws IOException {
        Path p = dir.resolve("m.safetensors");
        SafeTensors.write(p, Golden.arrays());
        Map<String, Tensor> back = SafeTensors.read(p);
        assertEquals(Golden.arrays().keySet(), back.keySet());
        assertTrue(SafeTensors.readMetadata(p).isEmpty());
    }

    @Test
    void failedWriteLeavesOldFileAndNoTempFile() throws IOException {
        Path p = dir.resolve("keep.safetensors");
        SafeTensors.write(p, Golden.arrays(), Golden.metadata());
        byte[] before = Files.readAllBytes(p);
        Map<String, Tensor> bad = new LinkedHashMap<>(Golden.arrays());
        bad.put(SafeTensors.METADATA, Tensor.zeros(1));
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(p, bad, Map.of()));
        assertArrayEquals(before, Files.readAllBytes(p));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(p), files.toList());
        }
    }

    private static byte[] file(String json, int dataBytes) {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return b.array();
    }

    @Test
    void overlappingOffsetsAreRejected() {
        byte[] f = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12);
        MalformedFileException e = assertThrows(MalformedFileException.class, () -> SafeTensors.fromBytes(f, "o.st"));
        assertTrue(e.getMessage().contains("overlap"), e.getMessage());
    }

    @Test
    void shapeOffsetMismatchIsRejected() {
        byte[] f = file("{\"a\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8);
        assertThrows(MalformedFileException.class, () -> SafeTensors.fromBytes(f, "s.st"));
    }

    @Test
    void headerLongerThanFileFailsBeforeAllocating() {
        byte[] f = new byte[16];
        f[0] = (byte) 0xFF;
        f[3] = 0x05;   // header length 0x050000FF
        MalformedFileException e = assertThrows(MalformedFileException.class, () -> SafeTensors.fromBytes(f, "h.st"));
        assertTrue(e.getMessage().contains("h.st"), e.getMessage());
    }

    @Test
    void dataBeyondFileIsRejected() {
        byte[] f = file("{\"a\":{\"dtype\":\"I64\",\"shape\":[1000000,1000],\"data_offsets\":[0,8000000000]}}", 0);
        MalformedFileException e = assertThrows(MalformedFileException.class, () -> SafeTensors.fromBytes(f, "d.st"));
        assertTrue(e.getMessage().contains("remain"), e.getMessage());
    }
}
