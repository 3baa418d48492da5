package io.vecgrad.tensor.io;

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
 * Feeds random and mutated bytes to every tensor file reader: the only acceptable failure is
 * a {@link MalformedFileException} (anything else, including OutOfMemoryError, fails the try).
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

    /** A golden file with a few bytes overwritten, and possibly cut short or extended. */
    static Arbitrary<byte[]> mutationsOf(byte[] golden) {
        Arbitrary<List<Tuple.Tuple2<Integer, Byte>>> edits = Combinators.combine(
                Arbitraries.integers().between(0, golden.length - 1),
                Arbitraries.bytes()).as(Tuple::of).list().ofMaxSize(6);
        Arbitrary<Integer> length = Arbitraries.integers().between(0, golden.length + 16);
        Arbitrary<Boolean> cut = Arbitraries.of(true, false);
        return Combinators.combine(edits, length, cut).as((es, len, c) -> {
            byte[] b = c ? java.util.Arrays.copyOf(golden, len) : golden.clone();
            for (Tuple.Tuple2<Integer, Byte> e : es) if (e.get1() < b.length) b[e.get1()] = e.get2();
            return b;
        });
    }

    @Provide
    Arbitrary<byte[]> npy() {
        return Arbitraries.oneOf(mutationsOf(Golden.bytes("f32.npy")), mutationsOf(Golden.bytes("fortran.npy")));
    }

    @Provide
    Arbitrary<byte[]> npz() {
        return Arbitraries.oneOf(mutationsOf(Golden.bytes("stored.npz")), mutationsOf(Golden.bytes("deflated.npz")));
    }

    @Provide
    Arbitrary<byte[]> safetensors() {
        return mutationsOf(Golden.bytes("golden.safetensors"));
    }

    @Property(tries = 1500)
    void npyMutations(@ForAll("npy") byte[] b) throws Exception {
        mustParseOrReject(x -> Npy.fromBytes(x, "fuzz.npy"), b);
    }

    @Property(tries = 500)
    void npyRandom(@ForAll @Size(max = 200) byte[] b) throws Exception {
        mustParseOrReject(x -> Npy.fromBytes(x, "fuzz.npy"), b);
    }

    @Property(tries = 1000)
    void npzMutations(@ForAll("npz") byte[] b) throws Exception {
        mustParseOrReject(x -> Npz.fromBytes(x, "fuzz.npz"), b);
    }

    @Property(tries = 300)
    void npzRandom(@ForAll @Size(max = 200) byte[] b) throws Exception {
        mustParseOrReject(x -> Npz.fromBytes(x, "fuzz.npz"), b);
    }

    @Property(tries = 1500)
    void safetensorsMutations(@ForAll("safetensors") byte[] b) throws Exception {
        mustParseOrReject(x -> SafeTensors.fromBytes(x, "fuzz.safetensors"), b);
    }

    @Property(tries = 500)
    void safetensorsRandom(@ForAll @Size(max = 200) byte[] b) throws Exception {
        mustParseOrReject(x -> SafeTensors.fromBytes(x, "fuzz.safetensors"), b);
    }
}
