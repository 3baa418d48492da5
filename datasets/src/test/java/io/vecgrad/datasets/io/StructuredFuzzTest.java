package io.vecgrad.datasets.io;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.io.MalformedFileException;
import io.vecgrad.tensor.io.Npy;
import io.vecgrad.tensor.io.Npz;
import io.vecgrad.tensor.io.SafeTensors;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Structure-aware fuzzing of every file reader (IDX, CSV, LIBSVM in this module; NPY, NPZ and
 * safetensors of {@code tensor.io}, read through the same public entry points users call).
 * Each input starts from a small valid file and is changed the way real damage and hostile
 * files look: cut at every offset, header fields that lie (sizes, counts, offsets and lengths
 * set to 0, -1, and values near the int and long limits), numbers in text headers and cells
 * replaced by huge or malformed ones, then random flips, deletions and duplications on top.
 *
 * <p>The only acceptable outcome is a parsed result or a {@link MalformedFileException} (which
 * {@code DatasetFormatException} extends): any other exception, an OutOfMemoryError under the
 * {@code -Xmx256m} this test runs with (see datasets/pom.xml), or a hang (a preemptive time
 * limit per reader) fails and names the input so it can be replayed. Inputs are derived from
 * (reader, index) alone. A normal build feeds {@value #DEFAULT_INPUTS} inputs;
 * {@code mvn -Pfuzz} feeds 10^6 ({@code -Dvecgrad.fuzz.inputs=N} for any other count).
 */
class StructuredFuzzTest {

    static final int DEFAULT_INPUTS = 12_000;
    static final int INPUTS = Integer.getInteger("vecgrad.fuzz.inputs", DEFAULT_INPUTS);
    static final Duration LIMIT = Duration.ofSeconds(Long.getLong("vecgrad.fuzz.timeout.s", 300));

    interface Reader {
        void read(byte[] bytes) throws Exception;
    }

    /** A reader under test: its valid seed files and how to feed it bytes. */
    record Target(String name, List<byte[]> seeds, Reader reader) {}

    /** Integers hostile headers carry: limits of every width and their neighbours. */
    static final long[] INTERESTING = {
        0, 1, 2, -1, 7, 8, 16, 127, 128, 255, 256, 4096, 32767, 32768, 65535, 65536,
        Integer.MAX_VALUE - 16, Integer.MAX_VALUE - 1, Integer.MAX_VALUE, 1L << 31, (1L << 31) + 1,
        Integer.MIN_VALUE, 0xFFFF_FFFFL, 1L << 32, (1L << 32) + 1, 1L << 40, 1L << 53,
        Long.MAX_VALUE / 8, Long.MAX_VALUE - 1, Long.MAX_VALUE, Long.MIN_VALUE,
    };

    /** Numbers hostile text carries, for digit runs in headers and cells. */
    static final String[] NUMBERS = {
        "0", "-1", "1", "2147483647", "2147483648", "4294967296", "9223372036854775807", "9223372036854775808",
        "99999999999999999999999999", "1e308", "1e309", "-0", "00000000000000000001", "nan", "inf", "1.5", "", "+", "1e",
    };

    volatile String current = "";
    long rejected;
    long parsed;

    // ---------------------------------------------------------------- seeds

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gzip(byte[] raw) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(raw);
        }
        return out.toByteArray();
    }

    static byte[] npz(boolean compress) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        arrays.put("x", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        arrays.put("y", Tensor.of(new long[] {0, 1}));
        Npz.write(out, arrays, compress);
        return out.toByteArray();
    }

    static List<Target> targets() throws Exception {
        byte[] idx = ByteBuffer.allocate(4 + 12 + 12).putInt(0x00000803).putInt(3).putInt(2).putInt(2)
                .put(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, (byte) 255}).array();
        byte[] idxF = ByteBuffer.allocate(4 + 4 + 16).putInt(0x00000E01).putInt(2).putDouble(1.5).putDouble(-2).array();
        Map<String, Tensor> st = new LinkedHashMap<>();
        st.put("w", Tensor.of(new float[] {1, 2, 3, 4}, 2, 2));
        st.put("b", Tensor.of(new double[] {0.5}));
        return List.of(
                new Target("idx", List.of(idx, idxF, gzip(idx)), b -> Idx.read(new ByteArrayInputStream(b), "fuzz.idx")),
                new Target("csv", List.of(utf8("a,b,label\n1.5,-2e3,0\n3,4,1\n\n5,6,2\n"), utf8("x;y\n1;2\n")),
                        b -> Csv.read(new ByteArrayInputStream(b), "fuzz.csv", new Csv.Options().label("label").integerLabels(true))),
                new Target("csv-sklearn", List.of(utf8("3,2,x,y\n1,2,0\n3,4,1\n5.5,6,1\n")),
                        b -> Csv.readSklearn(new ByteArrayInputStream(b), "fuzz.csv")),
                new Target("libsvm", List.of(utf8("+1 1:0.5 3:2 # c\n-1 qid:1 2:-1e2 10:3\n2\n")),
                        b -> LibSvm.read(new ByteArrayInputStream(b), "fuzz.svm", new LibSvm.Options())),
                new Target("npy", List.of(Npy.toBytes(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3)),
                        Npy.toBytes(Tensor.of(new long[] {7, 8, 9})), Npy.toBytes(Tensor.zeros(DType.FLOAT64, 0, 4))),
                        b -> Npy.fromBytes(b, "fuzz.npy")),
                new Target("npz", List.of(npz(false), npz(true)), b -> Npz.fromBytes(b, "fuzz.npz")),
                new Target("safetensors", List.of(SafeTensors.toBytes(st, Map.of("step", "3"))),
                        b -> SafeTensors.fromBytes(b, "fuzz.safetensors")));
    }

    // ---------------------------------------------------------------- mutations

    /** Overwrites {@code width} bytes at {@code at} with {@code v} in the given byte order. */
    static void putInt(byte[] b, int at, int width, long v, ByteOrder order) {
        ByteBuffer bb = ByteBuffer.allocate(8).order(order);
        if (width == 8) bb.putLong(v);
        else if (width == 4) bb.putInt((int) v);
        else if (width == 2) bb.putShort((short) v);
        else bb.put((byte) v);
        byte[] raw = bb.array();
        for (int k = 0; k < width && at + k < b.length; k++) b[at + k] = raw[k];
    }

    static long interesting(SplittableRandom r, int length) {
        int pick = r.nextInt(INTERESTING.length + 3);
        return pick < INTERESTING.length ? INTERESTING[pick] : length + pick - INTERESTING.length - 1;
    }

    /** Offsets of the size, count and offset fields of each format, where lies do most harm. */
    static List<int[]> fields(String target, byte[] b) {
        List<int[]> f = new ArrayList<>();                        // {offset, width, 1 = big-endian}
        switch (target) {
            case "idx": for (int d = 0; d < 4; d++) f.add(new int[] {4 + 4 * d, 4, 1}); f.add(new int[] {2, 1, 1}); f.add(new int[] {3, 1, 1}); break;
            case "npy": f.add(new int[] {6, 1, 0}); f.add(new int[] {8, 2, 0}); f.add(new int[] {8, 4, 0}); break;
            case "safetensors": f.add(new int[] {0, 8, 0}); f.add(new int[] {0, 4, 0}); f.add(new int[] {4, 4, 0}); break;
            case "npz":
                for (int i = 0; i + 4 <= b.length; i++) {
                    if (b[i] != 'P' || b[i + 1] != 'K') continue;
                    if (b[i + 2] == 3 && b[i + 3] == 4) for (int o : new int[] {14, 18, 22}) f.add(new int[] {i + o, 4, 0});
                    if (b[i + 2] == 3 && b[i + 3] == 4) for (int o : new int[] {26, 28}) f.add(new int[] {i + o, 2, 0});
                    if (b[i + 2] == 1 && b[i + 3] == 2) for (int o : new int[] {20, 24, 42}) f.add(new int[] {i + o, 4, 0});
                    if (b[i + 2] == 1 && b[i + 3] == 2) for (int o : new int[] {28, 30, 32}) f.add(new int[] {i + o, 2, 0});
                    if (b[i + 2] == 5 && b[i + 3] == 6) for (int o : new int[] {8, 10}) f.add(new int[] {i + o, 2, 0});
                    if (b[i + 2] == 5 && b[i + 3] == 6) for (int o : new int[] {12, 16}) f.add(new int[] {i + o, 4, 0});
                }
                break;
            default: break;
        }
        return f;
    }

    static final Pattern DIGITS = Pattern.compile("[0-9]+(\\.[0-9]+)?(e[0-9]+)?");

    /** One mutation step; returns the new bytes and appends what it did to {@code log}. */
    static byte[] mutate(String target, byte[] b, SplittableRandom r, StringBuilder log) {
        int op = r.nextInt(8);
        switch (op) {
            case 0: {                                             // a header field lies
                List<int[]> f = fields(target, b);
                if (f.isEmpty()) return mutate(target, b, r, log);
                int[] field = f.get(r.nextInt(f.size()));
                long v = interesting(r, b.length);
                byte[] out = b.clone();
                putInt(out, field[0], field[1], v, field[2] == 1 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
                log.append(" field@").append(field[0]).append('=').append(v);
                return out;
            }
            case 1: {                                             // a number in the text (header dict, JSON, cells)
                String s = new String(b, StandardCharsets.ISO_8859_1);
                List<int[]> runs = new ArrayList<>();
                Matcher m = DIGITS.matcher(s);
                while (m.find()) runs.add(new int[] {m.start(), m.end()});
                if (runs.isEmpty()) return mutate(target, b, r, log);
                int[] run = runs.get(r.nextInt(runs.size()));
                String with = NUMBERS[r.nextInt(NUMBERS.length)];
                log.append(" number@").append(run[0]).append('=').append(with);
                return (s.substring(0, run[0]) + with + s.substring(run[1])).getBytes(StandardCharsets.ISO_8859_1);
            }
            case 2: {                                             // any aligned integer lies
                int width = 1 << r.nextInt(4);
                if (b.length < width) return mutate(target, b, r, log);
                int at = r.nextInt(b.length - width + 1);
                long v = interesting(r, b.length);
                byte[] out = b.clone();
                putInt(out, at, width, v, r.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
                log.append(" int").append(width * 8).append('@').append(at).append('=').append(v);
                return out;
            }
            case 3: {                                             // cut short
                int len = b.length == 0 ? 0 : r.nextInt(b.length);
                log.append(" cut@").append(len);
                return Arrays.copyOf(b, len);
            }
            case 4: {                                             // a range deleted
                if (b.length < 2) return mutate(target, b, r, log);
                int from = r.nextInt(b.length), to = Math.min(b.length, from + 1 + r.nextInt(16));
                log.append(" del@").append(from).append('-').append(to);
                byte[] out = new byte[b.length - (to - from)];
                System.arraycopy(b, 0, out, 0, from);
                System.arraycopy(b, to, out, from, b.length - to);
                return out;
            }
            case 5: {                                             // a range duplicated
                if (b.length == 0 || b.length > 1 << 16) return mutate(target, b, r, log);
                int from = r.nextInt(b.length), to = Math.min(b.length, from + 1 + r.nextInt(32));
                log.append(" dup@").append(from).append('-').append(to);
                byte[] out = new byte[b.length + (to - from)];
                System.arraycopy(b, 0, out, 0, to);
                System.arraycopy(b, from, out, to, b.length - from);
                return out;
            }
            default: {                                            // bytes flipped
                if (b.length == 0) return mutate(target, b, r, log);
                byte[] out = b.clone();
                int n = 1 + r.nextInt(4);
                for (int k = 0; k < n; k++) {
                    int at = r.nextInt(out.length);
                    out[at] = (byte) r.nextInt(256);
                    log.append(" byte@").append(at);
                }
                return out;
            }
        }
    }

    // ---------------------------------------------------------------- runs

    /** Parses or rejects; anything else fails with the input's description for replay. */
    void feed(Target t, byte[] bytes, String what) {
        current = t.name() + " " + what;
        try {
            t.reader().read(bytes);
            parsed++;
        } catch (MalformedFileException expected) {
            rejected++;
        } catch (Throwable e) {
            throw new AssertionError(t.name() + ": " + what + " (" + bytes.length + " bytes) threw " + e, e);
        }
    }

    /** Every truncation of every seed, then {@code n} mutated inputs derived from (target, index). */
    void fuzz(Target t, int n) {
        for (int s = 0; s < t.seeds().size(); s++) {
            byte[] seed = t.seeds().get(s);
            for (int len = 0; len < seed.length; len++) feed(t, Arrays.copyOf(seed, len), "seed " + s + " cut at " + len);
        }
        for (int i = 0; i < n; i++) {
            SplittableRandom r = new SplittableRandom(t.name().hashCode() * 1_000_003L + i);
            int s = r.nextInt(t.seeds().size());
            byte[] b = t.seeds().get(s);
            StringBuilder log = new StringBuilder("input " + i + ": seed " + s);
            int steps = 1 + r.nextInt(3);
            for (int k = 0; k < steps; k++) b = mutate(t.name(), b, r, log);
            feed(t, b, log.toString());
        }
    }

    @Test
    void everyReaderParsesOrRejectsHostileInputs() throws Exception {
        List<Target> targets = targets();
        for (Target t : targets) {
            assertTimeoutPreemptively(LIMIT, () -> fuzz(t, INPUTS / targets.size()), () -> "hang? last input: " + current);
        }
        long total = parsed + rejected;
        System.out.println("structured fuzz: " + total + " inputs, " + rejected + " rejected with MalformedFileException, "
                + parsed + " parsed, max heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
        assertTrue(total >= INPUTS, "fed " + total + " of " + INPUTS);
        assertTrue(rejected > total / 2 && parsed > 0, "mutations should mostly but not always break the files: " + rejected + " / " + total);
    }
}
