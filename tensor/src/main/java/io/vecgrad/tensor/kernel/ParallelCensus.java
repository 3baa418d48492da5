package io.vecgrad.tensor.kernel;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * A census of {@link Parallel}'s regions, for finding out why a workload does not scale with
 * threads, measured in CPU time so that it holds on a loaded machine.
 *
 * <p>Two modes. {@link Mode#INLINE} (the Amdahl census): kernels take the decisions they take at
 * the current {@link Parallel#threads()} (which ops split, into how many tasks), but every
 * region runs on the calling thread, task after task, and each task's thread CPU time is
 * recorded. The step's CPU time outside the regions is its serial part; a region's tasks, replayed
 * on {@code t} threads that each pull the next task when free (as {@link WorkerTeam} hands them
 * out), give the region's best time at {@code t} threads and so its balance. {@link Mode#OBSERVE}
 * runs the regions on the real team and records which thread ran each task and its CPU time:
 * the work balance between the threads as it happens.
 *
 * <p>Regions are grouped by call site: the first frame outside this package's splitting classes
 * (the kernel entry) and the first frame outside {@code io.vecgrad.tensor} (the op). Finding the
 * site walks the stack (microseconds); that time is measured and left out of the figures.
 * Not for production use: while a census runs every region pays for it.
 *
 * <pre>{@code
 * Parallel.setThreads(2);
 * ParallelCensus census = ParallelCensus.start(ParallelCensus.Mode.INLINE);
 * for (int i = 0; i < 20; i++) step();
 * ParallelCensus.Report r = census.stop(20);     // per step
 * System.out.println(r.table(2));
 * }</pre>
 */
public final class ParallelCensus {
    /** How regions run while the census is on. */
    public enum Mode {
        /** On the calling thread, task after task (the decomposition of the current thread count, executed serially). */
        INLINE,
        /** On the real team; per-thread CPU time per task. */
        OBSERVE
    }

    /** The census running now, or null (read by {@link Parallel#parallelFor} on every region). */
    static volatile ParallelCensus active;

    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private static final StackWalker WALKER = StackWalker.getInstance();

    private final Mode mode;
    private final Thread owner = Thread.currentThread();
    /** The owner thread's CPU clock (a fake one in tests); OBSERVE's tasks on other threads read their own. */
    private final LongSupplier clock;
    private final long cpuStart;
    private long overheadNanos;
    private final Map<String, Site> sites = new HashMap<>();

    private ParallelCensus(Mode mode, LongSupplier clock) {
        this.mode = mode;
        this.clock = clock;
        this.cpuStart = clock.getAsLong();
    }

    /**
     * Starts a census on the calling thread (the thread that runs the workload).
     *
     * @throws IllegalStateException if a census is already running
     */
    public static ParallelCensus start(Mode mode) {
        return start(mode, MX::getCurrentThreadCpuTime);
    }

    /** {@link #start(Mode)} reading the owner's CPU time from {@code clock} (tests). */
    static synchronized ParallelCensus start(Mode mode, LongSupplier clock) {
        if (active != null) {
            throw new IllegalStateException("ParallelCensus.start: a census is already running");
        }
        ParallelCensus c = new ParallelCensus(mode, clock);
        active = c;
        return c;
    }

    /**
     * Ends the census and returns its figures divided by {@code steps} (the number of workload
     * steps it covered).
     *
     * @throws IllegalArgumentException if {@code steps < 1}
     */
    public Report stop(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("ParallelCensus.stop: steps must be >= 1, was " + steps);
        }
        long total = clock.getAsLong() - cpuStart;
        synchronized (ParallelCensus.class) {
            if (active == this) active = null;
        }
        return new Report(mode, steps, total - overheadNanos, new ArrayList<>(sites.values()));
    }

    /** Runs one region for the census; false when the region is not the owner's (then it runs normally). */
    boolean run(int tasks, IntConsumer body, boolean[] inside) {
        if (Thread.currentThread() != owner || inside[0]) {
            return false;
        }
        long w0 = clock.getAsLong();
        Site site = sites.computeIfAbsent(siteOf(), Site::new);
        long[] cpu = new long[tasks];
        int[] thread = new int[tasks];
        long w1 = clock.getAsLong();
        if (mode == Mode.INLINE) {
            inside[0] = true;
            try {
                for (int t = 0; t < tasks; t++) {
                    long c0 = clock.getAsLong();
                    body.accept(t);
                    cpu[t] = clock.getAsLong() - c0;
                }
            } finally {
                inside[0] = false;
            }
            // The timer calls between the tasks are the census's own cost, not the step's serial
            // part: about a microsecond per task, which LeNet's 640 tasks per step put at about 1
            // ms of "serial" time before it was left out here.
            long tasked = 0;
            for (long c : cpu) tasked += c;
            overheadNanos += clock.getAsLong() - w1 - tasked;
        } else {
            IntConsumer timed = t -> {
                long c0 = MX.getCurrentThreadCpuTime();
                body.accept(t);
                cpu[t] = MX.getCurrentThreadCpuTime() - c0;
                thread[t] = Thread.currentThread() == owner ? 0 : 1;
            };
            if (!Parallel.team().tryRun(tasks, timed)) {
                inside[0] = true;
                try {
                    for (int t = 0; t < tasks; t++) timed.accept(t);
                } finally {
                    inside[0] = false;
                }
            }
        }
        site.add(cpu, thread);
        overheadNanos += w1 - w0;
        return true;
    }

    private static String siteOf() {
        return WALKER.walk(frames -> {
            String kernel = null;
            for (StackWalker.StackFrame f : (Iterable<StackWalker.StackFrame>) frames::iterator) {
                String c = f.getClassName();
                if (isSplitter(c, ParallelCensus.class) || isSplitter(c, Parallel.class) || isSplitter(c, RowSplit.class)) {
                    continue;
                }
                String here = c.substring(c.lastIndexOf('.') + 1) + "." + f.getMethodName() + ":" + f.getLineNumber();
                if (kernel == null) kernel = here;
                if (!c.startsWith("io.vecgrad.tensor")) return here + " <- " + kernel;
            }
            return kernel;
        });
    }

    private static boolean isSplitter(String className, Class<?> splitter) {
        return className.equals(splitter.getName()) || className.startsWith(splitter.getName() + "$");
    }

    /** The regions of one call site. */
    public static final class Site {
        final String name;
        int regions;
        long tasks;
        final List<long[]> cpu = new ArrayList<>();
        final List<int[]> thread = new ArrayList<>();

        Site(String name) {
            this.name = name;
        }

        void add(long[] c, int[] t) {
            regions++;
            tasks += c.length;
            cpu.add(c);
            thread.add(t);
        }

        /** Total task CPU time of this site, nanoseconds. */
        public long work() {
            long s = 0;
            for (long[] c : cpu) for (long v : c) s += v;
            return s;
        }

        /** The best time of this site's regions on {@code threads} threads pulling tasks in order, nanoseconds. */
        public long makespan(int threads) {
            long s = 0;
            for (long[] c : cpu) s += ParallelCensus.makespan(c, threads);
            return s;
        }

        /** CPU time run by the caller (thread 0) and by the team's workers, nanoseconds (OBSERVE mode). */
        public long[] byThread() {
            long[] r = new long[2];
            for (int i = 0; i < cpu.size(); i++) {
                long[] c = cpu.get(i);
                int[] t = thread.get(i);
                for (int j = 0; j < c.length; j++) r[t[j]] += c[j];
            }
            return r;
        }

        /** Call site, {@code "op frame <- kernel frame"}. */
        public String name() {
            return name;
        }

        /** Regions run at this site. */
        public int regions() {
            return regions;
        }

        /** Tasks run at this site. */
        public long tasks() {
            return tasks;
        }
    }

    /**
     * Dynamic list scheduling as {@link WorkerTeam} does it: every thread takes the next task
     * index when it becomes free; the time at which the last task finishes.
     */
    static long makespan(long[] tasks, int threads) {
        long[] free = new long[threads];
        for (long t : tasks) {
            int best = 0;
            for (int i = 1; i < threads; i++) if (free[i] < free[best]) best = i;
            free[best] += t;
        }
        long max = 0;
        for (long f : free) max = Math.max(max, f);
        return max;
    }

    /** The census figures, per step. */
    public static final class Report {
        private final Mode mode;
        private final int steps;
        private final long total;
        private final List<Site> sites;

        Report(Mode mode, int steps, long total, List<Site> sites) {
            this.mode = mode;
            this.steps = steps;
            this.total = total;
            this.sites = sites;
            sites.sort((a, b) -> Long.compare(b.work(), a.work()));
        }

        /** The owner thread's CPU time per step (census overhead removed), nanoseconds; in OBSERVE mode it includes waits. */
        public double stepNanos() {
            return (double) total / steps;
        }

        /** CPU time per step inside regions (all threads' tasks), nanoseconds. */
        public double regionNanos() {
            long s = 0;
            for (Site x : sites) s += x.work();
            return (double) s / steps;
        }

        /** Regions per step. */
        public double regionsPerStep() {
            long s = 0;
            for (Site x : sites) s += x.regions;
            return (double) s / steps;
        }

        /** The sites, largest work first. */
        public List<Site> sites() {
            return sites;
        }

        /**
         * A text table: per site regions and tasks per step, mean region work (µs), share of the
         * step, and the speed-up of its regions on {@code threads} threads; then the Amdahl
         * estimate of the step's speed-up at {@code threads}, hand-offs free.
         */
        public String table(int threads) {
            StringBuilder sb = new StringBuilder();
            double step = stepNanos();
            double par = mode == Mode.INLINE ? regionNanos() : 0;
            double serial = step - par;
            double span = 0;
            sb.append(String.format(Locale.ROOT, "mode %s, %d steps; step %.0f us CPU (owner thread), regions %.1f per step%n",
                    mode, steps, step / 1e3, regionsPerStep()));
            sb.append(String.format(Locale.ROOT, "%-100s %7s %7s %9s %7s %7s %s%n", "site (op <- kernel)", "reg/st", "tasks/r",
                    "us/region", "%step", "x" + threads, mode == Mode.OBSERVE ? "caller/worker us" : ""));
            for (Site s : sites) {
                double w = (double) s.work() / steps;
                span += (double) s.makespan(threads) / steps;
                String extra = "";
                if (mode == Mode.OBSERVE) {
                    long[] b = s.byThread();
                    extra = String.format(Locale.ROOT, "%.0f/%.0f", b[0] / 1e3 / steps, b[1] / 1e3 / steps);
                }
                sb.append(String.format(Locale.ROOT, "%-100s %7.1f %7.1f %9.1f %7.2f %7.2f %s%n", trim(s.name, 100),
                        (double) s.regions / steps, (double) s.tasks / s.regions, w * steps / s.regions / 1e3,
                        100 * w / step, (double) s.work() / Math.max(1, s.makespan(threads)), extra));
            }
            if (mode == Mode.INLINE) {
                sb.append(String.format(Locale.ROOT,
                        "serial %.0f us (%.1f %%), in regions %.0f us (%.1f %%), regions' best on %d threads %.0f us;"
                                + " Amdahl bound x%.2f (hand-offs free)%n",
                        serial / 1e3, 100 * serial / step, par / 1e3, 100 * par / step, threads, span / 1e3,
                        step / (serial + span)));
            }
            return sb.toString();
        }

        private static String trim(String s, int n) {
            return s.length() <= n ? s : "…" + s.substring(s.length() - n + 1);
        }
    }
}
