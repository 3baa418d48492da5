package io.vecgrad.autodiff;

import io.vecgrad.tensor.BufferPool;
import java.util.function.UnaryOperator;

/**
 * Graph-owned forward intermediates: while a forward scope is open on a thread, every op output
 * that is recorded in the graph is drawn from the thread's {@link BufferPool} and goes back to
 * it as soon as that op's backward rule has run (every consumer's rule ran before it). Only the
 * value handed out through {@link #output} (and, with {@link #callUntrusted}, values given to
 * code that might keep them) stay the user's for good.
 *
 * <p>Opened by library modules whose forward keeps no reference to what it computes (nn's
 * Sequential, LeNet, the transformer block): the caller sees only their output, so the values in
 * between belong to the graph. Scopes nest: only the outermost one is live, so an inner
 * module's output stays an intermediate of the outer one. A scope is inert when recording is
 * off (no graph will recycle anything), under anomaly mode, with
 * {@code -Dvecgrad.pool.disabled=true} or with {@code -Dvecgrad.pool.forwardDisabled=true}.
 * A backward with {@code retainGraph} or {@code createGraph} recycles nothing, so graph-owned
 * values stay valid there too.
 *
 * <pre>{@code
 * try (ForwardScope s = ForwardScope.open()) {
 *     Variable h = x.matmul(w1).relu();          // graph-owned: recycled after its backward
 *     return s.output(h.matmul(w2));             // handed to the caller: never recycled
 * }
 * }</pre>
 */
public final class ForwardScope implements AutoCloseable {
    private static final ThreadLocal<ForwardScope> CURRENT = new ThreadLocal<>();
    private static final ForwardScope INERT = new ForwardScope(null);
    /** Off with {@code -Dvecgrad.pool.forwardDisabled=true} (then only backward's cotangents are pooled). */
    static final boolean ENABLED = !Boolean.getBoolean("vecgrad.pool.forwardDisabled");

    private final BufferPool.Scope pool;

    private ForwardScope(BufferPool.Scope pool) {
        this.pool = pool;
    }

    /** Opens a scope on this thread, or an inert one when a scope is already open or nothing would be recycled. */
    public static ForwardScope open() {
        GradMode mode = GradMode.get();
        if (CURRENT.get() != null || !ENABLED || !mode.enabled || mode.anomaly || !Backward.POOLING) return INERT;
        ForwardScope s = new ForwardScope(BufferPool.openForward());
        CURRENT.set(s);
        return s;
    }

    /** Whether this scope recycles anything (false for an inner or inert scope). */
    public boolean live() {
        return pool != null;
    }

    /** Hands {@code y} to the caller for good (its array and views of it are never recycled); returns it. */
    public Variable output(Variable y) {
        if (pool != null) BufferPool.escapeFromGraph(y.value());
        return y;
    }

    /**
     * Runs {@code f} on {@code x} as foreign code that may keep what it sees or creates: when a
     * scope is live on this thread, {@code x} is handed out for good and {@code f} allocates
     * outside the pool.
     */
    public static Variable callUntrusted(UnaryOperator<Variable> f, Variable x) {
        ForwardScope s = CURRENT.get();
        if (s == null) return f.apply(x);
        BufferPool.escapeFromGraph(x.value());
        CURRENT.set(null);
        try (AutoCloseable off = s.pool.suspend()) {
            return f.apply(x);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            CURRENT.set(s);
        }
    }

    @Override
    public void close() {
        if (pool == null) return;
        pool.close();
        CURRENT.remove();
    }
}
