package io.vecgrad.distributed.pekko;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures the Pekko transport against the physical limit on this machine: all-reduce and
 * one-way throughput of a float32 vector (10 MB by default) between two cluster ActorSystems on
 * 127.0.0.1, a plain {@link SocketChannel} copy of the same bytes over loopback, and the
 * per-message overhead as half a small-message round trip on both. Wall-clock figures: run it on
 * a quiet machine ({@code vecgrad cluster bench}).
 *
 * <pre>{@code
 * TransportBench.Result r = TransportBench.run(2_621_440, 5, 2000, System.out);
 * double ratio = r.pekkoSendMBps() / r.socketMBps();
 * }</pre>
 */
public final class TransportBench {
    private TransportBench() {}

    /**
     * The figures (MB = 10⁶ bytes of float32 payload per second; microseconds one way).
     *
     * @param allReduceMBps vector bytes per second of a 2-worker ring all-reduce
     * @param pekkoSendMBps one-way transfer of the vector between two systems
     * @param socketMBps one-way copy of the same bytes over a loopback SocketChannel
     * @param pekkoMessageMicros half the round trip of a 1-float message over Pekko
     * @param socketMessageMicros half the round trip of a 4-byte message over the socket
     */
    public record Result(double allReduceMBps, double pekkoSendMBps, double socketMBps, double pekkoMessageMicros,
            double socketMessageMicros) {}

    /**
     * Runs the measurements: {@code floats} per vector, {@code reps} timed transfers (after one
     * untimed warm-up of each), {@code pings} timed round trips.
     */
    public static Result run(int floats, int reps, int pings, PrintStream out) throws Exception {
        if (floats < 1 || reps < 1 || pings < 1) {
            throw new IllegalArgumentException("transport bench: floats " + floats + ", reps " + reps + ", pings " + pings
                    + " must all be positive");
        }
        float[] v = new float[floats];
        for (int i = 0; i < floats; i++) {
            v[i] = i * 0.5f;
        }
        double mb = 4.0 * floats / 1e6;
        Duration t = Duration.ofSeconds(120);
        double allReduce;
        double send;
        double ping;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (LocalCluster cluster = LocalCluster.start("vecgrad-bench", 2, false, t)) {
            PekkoEndpoint a = PekkoEndpoint.start(cluster.system(0), "bench", 0, 2);
            PekkoEndpoint b = PekkoEndpoint.start(cluster.system(1), "bench", 1, 2);
            a.awaitPeers(t);
            b.awaitPeers(t);
            long round = 0;
            long best = Long.MAX_VALUE;
            for (int r = 0; r <= reps; r++) {
                long rr = round++;
                long t0 = System.nanoTime();
                Future<float[]> fa = pool.submit(() -> RingAllReduce.sum(a, rr, v, t));
                Future<float[]> fb = pool.submit(() -> RingAllReduce.sum(b, rr, v, t));
                fa.get();
                fb.get();
                long dt = System.nanoTime() - t0;
                if (r > 0) {
                    best = Math.min(best, dt);
                }
            }
            allReduce = mb / (best * 1e-9);
            best = Long.MAX_VALUE;
            for (int r = 0; r <= reps; r++) {
                long rr = round++;
                long t0 = System.nanoTime();
                a.send(1, MessageKind.PARAMETERS, rr, 0, v);
                b.receive(0, MessageKind.PARAMETERS, rr, 0, t);
                long dt = System.nanoTime() - t0;
                if (r > 0) {
                    best = Math.min(best, dt);
                }
            }
            send = mb / (best * 1e-9);
            float[] one = {1f};
            CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < pings + 100; i++) {
                    b.receive(0, MessageKind.CONTROL, 1_000_000 + i, 0, t);
                    b.send(0, MessageKind.CONTROL, 1_000_000 + i, 0, one);
                }
            }, pool);
            long t0 = 0;
            for (int i = 0; i < pings + 100; i++) {
                if (i == 100) {
                    t0 = System.nanoTime();
                }
                a.send(1, MessageKind.CONTROL, 1_000_000 + i, 0, one);
                a.receive(1, MessageKind.CONTROL, 1_000_000 + i, 0, t);
            }
            ping = (System.nanoTime() - t0) / 1e3 / pings / 2;
            echo.get();
            a.close();
            b.close();
        } finally {
            pool.shutdownNow();
        }
        double[] socket = socket(floats * 4, reps, pings);
        Result r = new Result(allReduce, send, socket[0], ping, socket[1]);
        out.printf("payload %.1f MB float32, best of %d after a warm-up, %d round trips%n", mb, reps, pings);
        out.printf("pekko ring all-reduce (2 systems)  %9.1f MB/s%n", r.allReduceMBps());
        out.printf("pekko one-way transfer             %9.1f MB/s%n", r.pekkoSendMBps());
        out.printf("plain SocketChannel copy           %9.1f MB/s%n", r.socketMBps());
        out.printf("per-message overhead: pekko %.1f us one way, socket %.1f us one way%n", r.pekkoMessageMicros(),
                r.socketMessageMicros());
        return r;
    }

    /** {MB/s of a one-way copy, µs per one-way small message} over a loopback socket. */
    private static double[] socket(int bytes, int reps, int pings) throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<?> sink = pool.submit(() -> {
                    try (SocketChannel s = server.accept()) {
                        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
                        ByteBuffer small = ByteBuffer.allocate(4);
                        for (int r = 0; r <= reps; r++) {
                            long got = 0;
                            while (got < bytes) {
                                buf.clear();
                                if (bytes - got < buf.capacity()) {
                                    buf.limit((int) (bytes - got));
                                }
                                got += s.read(buf);
                            }
                            small.clear();
                            s.write(small); // acknowledge, so the sender's clock includes delivery
                        }
                        for (int i = 0; i < pings + 100; i++) {
                            small.clear();
                            while (small.hasRemaining()) {
                                s.read(small);
                            }
                            small.flip();
                            s.write(small);
                        }
                    }
                    return null;
                });
                double mbps;
                double micros;
                try (SocketChannel c = SocketChannel.open(server.getLocalAddress())) {
                    ByteBuffer data = ByteBuffer.allocateDirect(bytes);
                    ByteBuffer ack = ByteBuffer.allocate(4);
                    long best = Long.MAX_VALUE;
                    for (int r = 0; r <= reps; r++) {
                        data.clear();
                        long t0 = System.nanoTime();
                        while (data.hasRemaining()) {
                            c.write(data);
                        }
                        ack.clear();
                        while (ack.hasRemaining()) {
                            c.read(ack);
                        }
                        long dt = System.nanoTime() - t0;
                        if (r > 0) {
                            best = Math.min(best, dt);
                        }
                    }
                    mbps = bytes / 1e6 / (best * 1e-9);
                    long t0 = 0;
                    for (int i = 0; i < pings + 100; i++) {
                        if (i == 100) {
                            t0 = System.nanoTime();
                        }
                        ack.clear();
                        c.write(ack);
                        ack.clear();
                        while (ack.hasRemaining()) {
                            c.read(ack);
                        }
                    }
                    micros = (System.nanoTime() - t0) / 1e3 / pings / 2;
                }
                sink.get();
                return new double[] {mbps, micros};
            } finally {
                pool.shutdownNow();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("transport bench: loopback socket failed", e);
        }
    }

    /**
     * All-reduce throughput of each {@link AllReduce} over {@code workers} cluster ActorSystems on
     * 127.0.0.1 in this JVM: vector bytes ({@code 4·floats}) divided by the best of {@code reps}
     * timed all-reduces after one untimed warm-up (the two algorithms
     * alternate), in MB/s, printed one line per algorithm. Both
     * algorithms move 2(K − 1) vectors in all; the ring spreads them evenly over the links and needs
     * 2K − 3 sequential hops, the tree needs 2⌈log₂ K⌉ hops but worker 0 sends and receives
     * ⌈log₂ K⌉ vectors each way. All systems share this JVM's cores, so the figures rank the
     * algorithms on one machine rather than predict a cluster of machines.
     */
    public static java.util.Map<AllReduce, Double> allReduces(int workers, int floats, int reps, PrintStream out)
            throws Exception {
        if (workers < 2 || floats < 1 || reps < 1) {
            throw new IllegalArgumentException("transport bench: workers " + workers + " (need >= 2), floats " + floats
                    + ", reps " + reps + " must be positive");
        }
        float[] v = new float[floats];
        for (int i = 0; i < floats; i++) {
            v[i] = i * 0.5f;
        }
        double mb = 4.0 * floats / 1e6;
        Duration t = Duration.ofSeconds(120);
        java.util.Map<AllReduce, Double> result = new java.util.EnumMap<>(AllReduce.class);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try (LocalCluster cluster = LocalCluster.start("vecgrad-bench", workers, false, t)) {
            java.util.List<PekkoEndpoint> eps = new java.util.ArrayList<>();
            for (int r = 0; r < workers; r++) {
                eps.add(PekkoEndpoint.start(cluster.system(r), "bench-all-reduce", r, workers));
            }
            for (PekkoEndpoint ep : eps) {
                ep.awaitPeers(t);
            }
            long round = 0;
            java.util.Map<AllReduce, Long> best = new java.util.EnumMap<>(AllReduce.class);
            for (int rep = 0; rep <= reps; rep++) {
                for (AllReduce a : AllReduce.values()) {   // interleaved, so neither profits from the other's warm-up
                    long rr = round++;
                    long t0 = System.nanoTime();
                    java.util.List<Future<float[]>> fs = new java.util.ArrayList<>();
                    for (PekkoEndpoint ep : eps) {
                        fs.add(pool.submit(() -> a.sum(ep, rr, v, t)));
                    }
                    for (Future<float[]> f : fs) {
                        f.get();
                    }
                    long dt = System.nanoTime() - t0;
                    if (rep > 0) {
                        best.merge(a, dt, Math::min);
                    }
                }
            }
            for (AllReduce a : AllReduce.values()) {
                result.put(a, mb / (best.get(a) * 1e-9));
                out.printf("pekko %s all-reduce (%d systems, %.1f MB)  %9.1f MB/s%n", a.label(), workers, mb,
                        result.get(a));
            }
            eps.forEach(PekkoEndpoint::close);
        } finally {
            pool.shutdownNow();
        }
        return result;
    }
}
