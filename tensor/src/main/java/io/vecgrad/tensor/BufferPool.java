package io.vecgrad.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * A per-thread pool of tensor arrays, keyed by dtype and exact length (the size class: a
 * training step repeats the same shapes, so exact lengths hit and no kernel ever sees an array
 * longer than its tensor), and the {@link Scope} through which an engine borrows from it.
 *
 * <p>Ownership is the whole contract. While a scope is open on a thread, every new tensor
 * array that thread allocates ({@link Tensor#zeros} and every op output) comes from the pool
 * and is <em>owned by the scope</em>. The owner tracks references it knows about with
 * {@link Scope#pin}/{@link Scope#unpin} and hands out a tensor for good with
 * {@link Scope#escape}; only owned, unpinned, unescaped arrays are recycled. Code that runs
 * inside a scope and may keep tensors (user callbacks) must run under {@link Scope#suspend()},
 * where allocation is ordinary again. Tensors created outside a scope are never recycled.
 *
 * <p>The autodiff engine opens a scope for each backward pass: cotangents are engine-owned
 * temporaries, so a warm step's backward allocates (almost) no arrays. Recycled arrays are
 * zeroed on reuse, so {@code Tensor.zeros} semantics hold — except for outputs that a kernel
 * overwrites element by element before anyone reads them, which tensor code allocates with
 * {@link Tensor#allocUninitialized} (package-private): those skip the zero-fill. Each thread keeps at most
 * {@code vecgrad.pool.maxBytes} bytes (system property, default 256 MiB) in its pool.
 *
 * <pre>{@code
 * try (BufferPool.Scope s = BufferPool.open()) {
 *     Tensor t = Tensor.zeros(DType.FLOAT32, 1024);   // from the pool, owned by s
 *     s.recycle(t);                                    // back to the pool (t must not be used)
 * }
 * }</pre>
 */
public final class BufferPool {
    private static final long MAX_BYTES = Long.getLong("vecgrad.pool.maxBytes", 256L << 20);
    private static final ThreadLocal<BufferPool> POOLS = ThreadLocal.withInitial(BufferPool::new);
    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

    private final DType[] types = DType.values();
    // One open-addressed table per dtype: length → free arrays of that length.
    private final int[][] keys = new int[types.length][];
    private final ArrayDeque<Object>[][] free;
    private long bytes;
    private long hits, misses;

    @SuppressWarnings("unchecked")
    private BufferPool() {
        free = new ArrayDeque[types.length][];
        for (int d = 0; d < types.length; d++) {
            keys[d] = new int[64];
            free[d] = new ArrayDeque[64];
        }
    }

    /** Opens a scope on this thread (nested scopes stack; close in reverse order). */
    public static Scope open() {
        Scope s = new Scope(POOLS.get(), CURRENT.get());
        CURRENT.set(s);
        return s;
    }

    /**
     * Opens a <em>forward</em> scope: arrays allocated while it is open come from the pool, and
     * an array that a recorded op claims as its output ({@link #claimForGraph}) becomes
     * graph-owned: {@link #recycleGraphOwned} returns it once the op's backward has run. Arrays
     * nobody claims are ordinary garbage after close (never recycled), so temporaries and
     * module state computed inside the scope stay valid.
     */
    public static Scope openForward() {
        Scope s = new Scope(POOLS.get(), CURRENT.get(), true);
        CURRENT.set(s);
        return s;
    }

    /**
     * Called once per recorded op with its output: claims the output's array for the graph when
     * the innermost open scope is a forward scope and the array was allocated by this op (after
     * the previous record). Returns whether it claimed it.
     */
    public static boolean claimForGraph(Tensor value) {
        Scope cur = CURRENT.get();
        if (cur == null || !cur.forward) return false;
        Storage s = value.storage();
        boolean claim = s.owner == cur && !s.claimed && !s.escaped && s.born == cur.records;
        if (claim) s.claimed = true;
        cur.records++;
        return claim;
    }

    /**
     * Claims {@code scratch}, a tensor the op being recorded allocated for its backward rule alone
     * (an argmax, saved statistics), for the graph, like its output; call it before the op's
     * record. Returns whether it claimed it.
     */
    public static boolean claimScratchForGraph(Tensor scratch) {
        Scope cur = CURRENT.get();
        if (cur == null || !cur.forward) return false;
        Storage s = scratch.storage();
        boolean claim = s.owner == cur && !s.claimed && !s.escaped && s.born == cur.records;
        if (claim) s.claimed = true;
        return claim;
    }

    /**
     * Returns a graph-owned array (claimed by its op, never handed out with {@link #escapeFromGraph})
     * to this thread's pool; true if it did. The caller guarantees nothing reads it again: the
     * autodiff engine calls this after the claiming op's backward rule has run.
     */
    public static boolean recycleGraphOwned(Tensor t) {
        Storage s = t.storage();
        if (!s.claimed || s.escaped || s.recycled) return false;
        s.claimed = false;
        s.recycled = true;
        s.owner = null;
        POOLS.get().give(Scope.dtypeOf(s.array), s.array);
        return true;
    }

    /** Marks {@code t}'s array as handed to the user for good: never recycled (also through its views). */
    public static void escapeFromGraph(Tensor t) {
        t.storage().escaped = true;
    }

    /** Whether {@code t}'s array went back to a pool (tests: a kept tensor must never have). */
    public static boolean isRecycled(Tensor t) {
        return t.storage().recycled;
    }

    /**
     * Makes allocation ordinary on this thread, whatever scope is open, until the returned
     * handle is closed: for foreign code (user callbacks, custom rules) run while an engine
     * scope is open, so nothing it keeps can be recycled.
     */
    public static AutoCloseable suspendCurrent() {
        Scope cur = CURRENT.get();
        if (cur == null) return () -> { };
        CURRENT.set(null);
        return () -> CURRENT.set(cur);
    }

    /** The open scope of this thread, or null. */
    static Scope current() {
        return CURRENT.get();
    }

    /** Drops every pooled array of this thread (they become garbage). */
    public static void clearThisThread() {
        POOLS.remove();
    }

    /** Arrays served from this thread's pool / newly allocated inside scopes, since it started. */
    public static long[] statsThisThread() {
        BufferPool p = POOLS.get();
        return new long[] {p.hits, p.misses, p.bytes};
    }

    /** A free array of exactly {@code n} elements, zeroed when {@code zero} (else with stale contents), or a new one. */
    private Object take(DType dtype, int n, boolean zero) {
        ArrayDeque<Object> q = queue(dtype.ordinal(), n, false);
        if (q != null && !q.isEmpty()) {
            Object a = q.pop();
            bytes -= (long) n * dtype.byteSize();
            hits++;
            if (zero) zero(a);
            return a;
        }
        misses++;
        return dtype.allocate(n);
    }

    private void give(DType dtype, Object array) {
        int n = java.lang.reflect.Array.getLength(array);
        long b = (long) n * dtype.byteSize();
        if (n == 0 || bytes + b > MAX_BYTES) return;
        queue(dtype.ordinal(), n, true).push(array);
        bytes += b;
    }

    private ArrayDeque<Object> queue(int d, int n, boolean create) {
        int[] ks = keys[d];
        int mask = ks.length - 1;
        int key = n + 1; // 0 marks an empty slot
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            if (ks[i] == key) return free[d][i];
            if (ks[i] == 0) {
                if (!create) return null;
                if (count(ks) * 2 >= ks.length) {
                    grow(d);
                    return queue(d, n, true);
                }
                ks[i] = key;
                return free[d][i] = new ArrayDeque<>();
            }
        }
    }

    private static int count(int[] ks) {
        int c = 0;
        for (int k : ks) if (k != 0) c++;
        return c;
    }

    @SuppressWarnings("unchecked")
    private void grow(int d) {
        int[] oldK = keys[d];
        ArrayDeque<Object>[] oldF = free[d];
        keys[d] = new int[oldK.length * 2];
        free[d] = new ArrayDeque[oldK.length * 2];
        int mask = keys[d].length - 1;
        for (int j = 0; j < oldK.length; j++) {
            if (oldK[j] == 0) continue;
            int i = mix(oldK[j]) & mask;
            while (keys[d][i] != 0) i = (i + 1) & mask;
            keys[d][i] = oldK[j];
            free[d][i] = oldF[j];
        }
    }

    private static int mix(int k) {
        return (k * 0x9E3779B9) >>> 7;
    }

    private static void zero(Object a) {
        if (a instanceof float[]) Arrays.fill((float[]) a, 0f);
        else if (a instanceof double[]) Arrays.fill((double[]) a, 0d);
        else if (a instanceof int[]) Arrays.fill((int[]) a, 0);
        else if (a instanceof long[]) Arrays.fill((long[]) a, 0L);
        else Arrays.fill((boolean[]) a, false);
    }

    /**
     * An engine's borrowing session (see the class comment). Not thread-safe: one thread opens,
     * uses and closes it.
     */
    public static final class Scope implements AutoCloseable {
        private final BufferPool pool;
        private final Scope previous;
        private final ArrayList<Storage> owned = new ArrayList<>();
        private final boolean forward;
        private int records;
        private boolean closed;

        private Scope(BufferPool pool, Scope previous) {
            this(pool, previous, false);
        }

        private Scope(BufferPool pool, Scope previous, boolean forward) {
            this.pool = pool;
            this.previous = previous;
            this.forward = forward;
        }

        /** Called by {@link Tensor#alloc} while this scope is current. */
        Storage allocate(DType dtype, int n) {
            return allocate(dtype, n, true);
        }

        /**
         * Called by {@link Tensor#alloc} ({@code zero}) and {@link Tensor#allocUninitialized}
         * ({@code !zero}: a recycled array keeps its stale contents) while this scope is current.
         */
        Storage allocate(DType dtype, int n, boolean zero) {
            Storage s = new Storage(pool.take(dtype, n, zero));
            s.owner = this;
            if (forward) s.born = records;
            else owned.add(s);
            return s;
        }

        /** A mark: {@link #recycleUnreferencedSince} looks at arrays allocated after it. */
        public int mark() {
            return owned.size();
        }

        /** Whether {@code t}'s array belongs to this scope (and so may be recycled). */
        public boolean owns(Tensor t) {
            Storage s = t.storage();
            return s.owner == this && !s.escaped;
        }

        /** Records one more reference the owner knows about. */
        public void pin(Tensor t) {
            Storage s = t.storage();
            if (s.owner == this) s.pins++;
        }

        /** Drops one reference recorded by {@link #pin}. */
        public void unpin(Tensor t) {
            Storage s = t.storage();
            if (s.owner == this) s.pins--;
        }

        /** The number of pins on {@code t}'s array (0 for arrays this scope does not own). */
        public int pins(Tensor t) {
            Storage s = t.storage();
            return s.owner == this ? s.pins : 0;
        }

        /** Hands {@code t}'s array out for good: it is never recycled. */
        public void escape(Tensor t) {
            Storage s = t.storage();
            if (s.owner == this) s.escaped = true;
        }

        /** Returns {@code t}'s array to the pool if this scope owns it and nothing pins it; true if so. */
        public boolean recycle(Tensor t) {
            return release(t.storage());
        }

        /** Recycles every owned, unpinned, unescaped array allocated after {@code mark}. */
        public void recycleUnreferencedSince(int mark) {
            int keep = mark;
            for (int i = mark; i < owned.size(); i++) {
                Storage s = owned.get(i);
                if (s.owner != this || release(s)) continue;
                owned.set(keep++, s);
            }
            while (owned.size() > keep) owned.remove(owned.size() - 1);
        }

        private boolean release(Storage s) {
            if (s.owner != this || s.escaped || s.pins > 0) return false;
            s.owner = null;
            s.recycled = true;
            pool.give(dtypeOf(s.array), s.array);
            return true;
        }

        /**
         * Makes allocation ordinary until the returned handle is closed: for code that may keep
         * what it allocates (user callbacks).
         */
        public AutoCloseable suspend() {
            Scope cur = CURRENT.get();
            CURRENT.set(null);
            return () -> CURRENT.set(cur);
        }

        /**
         * Closes the scope. With {@code recycle}, every owned array that is neither pinned nor
         * escaped goes back to the pool; without (after an exception), ownership is dropped
         * and nothing is recycled.
         */
        public void close(boolean recycle) {
            if (closed) return;
            closed = true;
            if (forward) {
                CURRENT.set(previous); // claimed arrays stay graph-owned; the rest are ordinary garbage
                return;
            }
            for (Storage s : owned) {
                if (s.owner != this) continue;
                if (recycle && !s.escaped && s.pins <= 0) release(s);
                else s.owner = null;
            }
            owned.clear();
            CURRENT.set(previous);
        }

        /** {@link #close(boolean) close(true)}. */
        @Override
        public void close() {
            close(true);
        }

        private static DType dtypeOf(Object a) {
            if (a instanceof float[]) return DType.FLOAT32;
            if (a instanceof double[]) return DType.FLOAT64;
            if (a instanceof int[]) return DType.INT32;
            if (a instanceof long[]) return DType.INT64;
            return DType.BOOL;
        }
    }
}
