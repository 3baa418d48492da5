package io.vecgrad.distributed.pekko;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Starts K worker JVMs ({@link ClusterNode}) on 127.0.0.1 with this JVM's class path: worker 0 is
 * the seed on a free port, the others join it. Each child's output lines are handed to a consumer
 * (the JVM's warnings, SLF4J's notice and the SIMD banner are dropped). Closing kills whatever still runs.
 *
 * <pre>{@code
 * try (ClusterLauncher c = ClusterLauncher.start(3, o -> o, System.out::println)) {
 *     int[] codes = c.waitFor(Duration.ofMinutes(2));
 * }
 * }</pre>
 */
public final class ClusterLauncher implements AutoCloseable {
    private final List<Process> processes;
    private final List<Thread> pumps;

    private ClusterLauncher(List<Process> processes, List<Thread> pumps) {
        this.processes = processes;
        this.pumps = pumps;
    }

    /** Adjusts the options of one worker (rounds, checkpoints, delays) before it starts. */
    @FunctionalInterface
    public interface Customizer {
        NodeOptions apply(NodeOptions o);
    }

    /**
     * Starts {@code workers} JVMs on loopback.
     *
     * @param customize turns each worker's default options (rank, workers, ports, seed node set)
     *     into the ones to run; it must keep rank, workers, hostname, port and seed nodes
     */
    public static ClusterLauncher start(int workers, Customizer customize, Consumer<String> lines) {
        int seedPort = freePort();
        List<String> seeds = List.of("127.0.0.1:" + seedPort);
        List<Process> ps = new ArrayList<>();
        List<Thread> pumps = new ArrayList<>();
        ClusterLauncher launched = new ClusterLauncher(ps, pumps);
        try {
            for (int r = 0; r < workers; r++) {
                NodeOptions o = customize.apply(new NodeOptions(r, workers, "127.0.0.1", r == 0 ? seedPort : 0, seeds,
                        "vecgrad", 20, 5, 0.1, 42, null, 0, 60));
                List<String> cmd = new ArrayList<>(List.of(javaBinary(), "--add-modules", "jdk.incubator.vector",
                        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                        System.getProperty("java.class.path"), ClusterNode.class.getName()));
                cmd.addAll(o.toArgs());
                launched.spawn(cmd, "vecgrad-cluster-output-" + r, lines);
            }
            return launched;
        } catch (IOException e) {
            launched.close();
            throw new UncheckedIOException("vecgrad cluster: could not start a worker JVM", e);
        }
    }

    /** Starts {@code cmd} (stderr merged into stdout) and a daemon thread handing its output lines to {@code lines}. */
    private void spawn(List<String> cmd, String pumpName, Consumer<String> lines) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        processes.add(p);
        Thread t = new Thread(() -> pump(p, lines), pumpName);
        t.setDaemon(true);
        t.start();
        pumps.add(t);
    }

    private static void pump(Process p, Consumer<String> lines) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.startsWith("WARNING: ") && !line.startsWith("SLF4J(") && !line.startsWith("[vecgrad] SIMD")) {
                    lines.accept(line);
                }
            }
        } catch (IOException e) {
            // The process was killed: its output ends here.
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("vecgrad cluster: no free port on 127.0.0.1", e);
        }
    }

    /** How many workers were started. */
    public int size() {
        return processes.size();
    }

    /** Kills worker {@code rank}'s JVM at once (SIGKILL on Unix), as a crash would. */
    public void kill(int rank) {
        processes.get(rank).destroyForcibly();
    }

    /**
     * Waits for every JVM to exit and returns the exit codes by rank; a JVM still running after
     * {@code timeout} is killed and reported as -1.
     */
    public int[] waitFor(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        int[] codes = new int[processes.size()];
        for (int r = 0; r < processes.size(); r++) {
            Process p = processes.get(r);
            long left = Math.max(0, end - System.nanoTime());
            if (p.waitFor(left, TimeUnit.NANOSECONDS)) {
                codes[r] = p.exitValue();
            } else {
                p.destroyForcibly();
                codes[r] = -1;
            }
        }
        for (Thread t : pumps) {
            t.join(2000);
        }
        return codes;
    }

    /** Kills every JVM still running. */
    @Override
    public void close() {
        for (Process p : processes) {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    /**
     * Starts one JVM per entry of {@code args} on 127.0.0.1, each running {@code mainClass} with that
     * entry's arguments, this JVM's class path and this JVM's maximum heap (full JIT: jobs that must
     * match an in-JVM run bit for bit and run long enough to profit from C2). Output lines go to
     * {@code lines} as for {@link #start}; {@link #kill}, {@link #waitFor} and {@link #close} index
     * the JVMs in the order of {@code args}. Data-parallel training across JVMs starts its workers
     * with it.
     */
    public static ClusterLauncher startJvms(String mainClass, List<List<String>> args, Consumer<String> lines) {
        List<Process> ps = new ArrayList<>();
        List<Thread> pumps = new ArrayList<>();
        ClusterLauncher launched = new ClusterLauncher(ps, pumps);
        try {
            for (int i = 0; i < args.size(); i++) {
                List<String> cmd = new ArrayList<>(List.of(javaBinary(), "--add-modules", "jdk.incubator.vector",
                        "-Xmx" + Math.max(64, Runtime.getRuntime().maxMemory() >> 20) + "m", "-cp",
                        System.getProperty("java.class.path"), mainClass));
                cmd.addAll(args.get(i));
                launched.spawn(cmd, "vecgrad-jvm-output-" + i, lines);
            }
            return launched;
        } catch (IOException e) {
            launched.close();
            throw new UncheckedIOException("vecgrad: could not start a worker JVM running " + mainClass, e);
        }
    }

    /** A free TCP port on 127.0.0.1 (for a seed node this JVM is about to bind). */
    public static int freeLoopbackPort() {
        return freePort();
    }

    /** The operating system's process id of JVM {@code i}. */
    public long pid(int i) {
        return processes.get(i).pid();
    }
}
