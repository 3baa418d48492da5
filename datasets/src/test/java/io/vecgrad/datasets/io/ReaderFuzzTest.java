package io.vecgrad.datasets.io;

import io.vecgrad.tensor.io.MalformedFileException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

/**
 * Random and mutated inputs for the IDX, CSV and LIBSVM readers: each must parse or throw a
 * documented {@link io.vecgrad.datasets.DatasetFormatException} (a MalformedFileException) —
 * never another exception, an OutOfMemoryError or a hang. The NPY/NPZ/safetensors readers are
 * fuzzed in the tensor module.
 */
class ReaderFuzzTest {
    interface Reader {
        void read(byte[] b) throws Exception;
    }

    static void mustParseOrReject(Reader r, byte[] bytes) throws Exception {
        try {
            r.read(bytes);
        } catch (MalformedFileException expected) {
            // documented failure
        }
    }

    static Arbitrary<byte[]> mutationsOf(byte[] seed, Arbitrary<Byte> bytes) {
        Arbitrary<List<Tuple.Tuple2<Integer, Byte>>> edits = Combinators.combine(
                Arbitraries.integers().between(0, seed.length - 1), bytes).as(Tuple::of).list().ofMaxSize(5);
        return Combinators.combine(edits, Arbitraries.integers().between(0, seed.length + 8), Arbitraries.of(true, false))
                .as((es, len, cut) -> {
                    byte[] b = cut ? Arrays.copyOf(seed, len) : seed.clone();
                    for (Tuple.Tuple2<Integer, Byte> e : es) if (e.get1() < b.length) b[e.get1()] = e.get2();
                    return b;
                });
    }

    static Arbitrary<Byte> textBytes() {
        return Arbitraries.oneOf(Arbitraries.of((byte) ',', (byte) ':', (byte) ' ', (byte) '\n', (byte) '-', (byte) '.',
                (byte) 'e', (byte) '0', (byte) '#', (byte) 0xC3), Arbitraries.bytes());
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Provide
    Arbitrary<byte[]> idx() throws Exception {
        return Arbitraries.oneOf(mutationsOf(IdxTest.ubyte(), Arbitraries.bytes()), mutationsOf(IdxTest.gzip(IdxTest.ubyte()), Arbitraries.bytes()));
    }

    @Provide
    Arbitrary<byte[]> csv() {
        return mutationsOf(utf8("a,b,label\n1.5,-2e3,0\n3,4,1\n\n5,6,2\n"), textBytes());
    }

    @Provide
    Arbitrary<byte[]> sklearn() {
        return mutationsOf(utf8("3,2,x,y\n1,2,0\n3,4,1\n5.5,6,1\n"), textBytes());
    }

    @Provide
    Arbitrary<byte[]> libsvm() {
        return mutationsOf(utf8("+1 1:0.5 3:2 # c\n-1 qid:1 2:-1e2 10:3\n2\n"), textBytes());
    }

    @Property(tries = 1500)
    void idxMutations(@ForAll("idx") byte[] b) throws Exception {
        mustParseOrReject(x -> Idx.read(new ByteArrayInputStream(x), "fuzz.idx"), b);
    }

    @Property(tries = 300)
    void idxRandom(@ForAll @Size(max = 64) byte[] b) throws Exception {
        mustParseOrReject(x -> Idx.read(new ByteArrayInputStream(x), "fuzz.idx"), b);
    }

    @Property(tries = 1200)
    void csvMutations(@ForAll("csv") byte[] b) throws Exception {
        mustParseOrReject(x -> Csv.read(new ByteArrayInputStream(x), "fuzz.csv", new Csv.Options().label("label").integerLabels(true)), b);
    }

    @Property(tries = 500)
    void sklearnMutations(@ForAll("sklearn") byte[] b) throws Exception {
        mustParseOrReject(x -> Csv.readSklearn(new ByteArrayInputStream(x), "fuzz.csv"), b);
    }

    @Property(tries = 1200)
    void libsvmMutations(@ForAll("libsvm") byte[] b) throws Exception {
        mustParseOrReject(x -> LibSvm.read(new ByteArrayInputStream(x), "fuzz.svm", new LibSvm.Options()), b);
    }

    @Property(tries = 300)
    void textRandom(@ForAll @Size(max = 100) byte[] b) throws Exception {
        mustParseOrReject(x -> Csv.read(new ByteArrayInputStream(x), "fuzz.csv", new Csv.Options().header(false)), b);
        mustParseOrReject(x -> LibSvm.read(new ByteArrayInputStream(x), "fuzz.svm", new LibSvm.Options()), b);
    }
}
