package io.vecgrad.autodiff;

import io.vecgrad.tensor.BufferPool;
import io.vecgrad.tensor.Tensor;
import java.util.Arrays;

/**
 * One reverse pass: an iterative (never recursive) depth-first sort of the variables reachable
 * from the roots, a pruning pass that keeps only variables on a path to a requested gradient,
 * then the rules in reverse topological order.
 *
 * <p>Bookkeeping lives in scratch fields of {@link Variable} stamped with a pass id, so there
 * are no hash lookups per node. A pass started while another runs (a custom rule that itself
 * differentiates) saves and restores the stamps it overwrites, so nested passes are safe.
 */
final class Backward {
    private static final java.util.concurrent.atomic.AtomicInteger PASSES = new java.util.concurrent.atomic.AtomicInteger();

    /** Whether backward borrows cotangents from the buffer pool (tests compare against the unpooled pass). */
    static boolean POOLING = !Boolean.getBoolean("vecgrad.pool.disabled");

    private final int pass = PASSES.incrementAndGet();
    private final boolean leafMode;
    private final boolean createGraph;
    private final boolean anomaly = GradMode.get().anomaly;
    /** This thread's spare arrays, borrowed by the outermost pass (a nested pass allocates its own). */
    private static final ThreadLocal<Workspace> SPARE = new ThreadLocal<>();
    private final Workspace ws;
    private Variable[] order;
    private int n;
    private Variable[] visited;
    private int[] savedPass;
    private int[] savedSlot;
    private int visitCount;
    private boolean[] needed;
    private Variable[] grads;
    private Node current;
    private BufferPool.Scope pool;
    private int rule;           // count of rules run so far
    private int[] putAt;        // per slot: the rule that last replaced its cotangent

    private Backward(boolean leafMode, boolean createGraph) {
        this.leafMode = leafMode;
        this.createGraph = createGraph;
        Workspace w = SPARE.get();
        if (w != null) SPARE.set(null);
        else w = new Workspace();
        ws = w;
        order = w.order;
        visited = w.visited;
        savedPass = w.savedPass;
        savedSlot = w.savedSlot;
    }

    /**
     * The per-pass arrays, kept across passes so that a warm training step's backward allocates
     * none of them. Between passes they hold no references (a kept graph would leak otherwise).
     */
    private static final class Workspace {
        Variable[] order = new Variable[16];
        Variable[] visited = new Variable[16];
        int[] savedPass = new int[16];
        int[] savedSlot = new int[16];
        boolean[] needed = new boolean[16];
        Variable[] grads = new Variable[16];
        int[] putAt = new int[16];
        Variable[] stack = new Variable[16];
        int[] next = new int[16];
    }

    /** Tests: how many variables this thread's spare arrays still refer to (must be 0 between passes). */
    static int spareReferences() {
        Workspace w = SPARE.get();
        if (w == null) return 0;
        int c = 0;
        for (Variable[] a : new Variable[][] {w.order, w.visited, w.grads, w.stack}) for (Variable v : a) if (v != null) c++;
        return c;
    }

    /** Clears the arrays' references and hands them back for the thread's next pass. */
    private void returnWorkspace() {
        Arrays.fill(order, 0, n, null);
        Arrays.fill(visited, 0, visitCount, null);
        if (grads != null) Arrays.fill(grads, 0, Math.min(n, grads.length), null);
        ws.order = order;
        ws.visited = visited;
        ws.savedPass = savedPass;
        ws.savedSlot = savedSlot;
        if (needed != null) ws.needed = needed;
        if (grads != null) ws.grads = grads;
        if (putAt != null) ws.putAt = putAt;
        SPARE.set(ws);
    }

    /**
     * Cotangents of {@code targets} given {@code seeds} on {@code roots} (functional mode), or,
     * with {@code targets == null}, accumulation into {@code .grad()} of every leaf that
     * requires grad (object mode; returns null).
     */
    static Variable[] run(Variable[] roots, Variable[] seeds, Variable[] targets, boolean createGraph, boolean retainGraph) {
        Backward b = new Backward(targets == null, createGraph);
        int[] tPass = null, tIndex = null;
        if (targets != null) {
            tPass = new int[targets.length];
            tIndex = new int[targets.length];
            for (int i = 0; i < targets.length; i++) {
                tPass[i] = targets[i].targetPass;
                tIndex[i] = targets[i].targetIndex;
            }
            for (int i = targets.length - 1; i >= 0; i--) {
                targets[i].targetPass = b.pass;
                targets[i].targetIndex = i;
            }
        }
        try {
            return b.execute(roots, seeds, targets, retainGraph);
        } finally {
            b.restoreStamps();
            b.returnWorkspace();
            if (targets != null) {
                for (int i = targets.length - 1; i >= 0; i--) {
                    targets[i].targetPass = tPass[i];
                    targets[i].targetIndex = tIndex[i];
                }
            }
        }
    }

    private Variable[] execute(Variable[] roots, Variable[] seeds, Variable[] targets, boolean retainGraph) {
        for (Variable r : roots) if (r.requiresGrad()) sortFrom(r);
        markNeeded();
        grads = ws.grads.length >= n ? ws.grads : new Variable[n];   // all null: cleared after each pass
        putAt = ws.putAt.length >= n ? ws.putAt : new int[n];         // read only where this pass wrote
        // Cotangents are engine-owned temporaries: borrow them from the thread's buffer pool.
        // Not under create-graph (cotangents become graph values the caller may keep) nor in
        // anomaly mode (its reports carry tensors).
        pool = createGraph || anomaly || !POOLING ? null : BufferPool.open();
        boolean ok = false;
        try {
            for (int i = 0; i < roots.length; i++) {
                if (roots[i].requiresGrad() && needed[roots[i].slot]) accumulate(roots[i], seeds[i]);
            }
            Variable[] results = runRules(targets, retainGraph);
            ok = true;
            return results;
        } finally {
            if (pool != null) pool.close(ok);
            pool = null;
        }
    }

    private Variable[] runRules(Variable[] targets, boolean retainGraph) {
        Variable[] results = targets == null ? null : new Variable[targets.length];
        GradMode mode = GradMode.get();
        boolean previous = mode.enabled;
        mode.enabled = createGraph;
        try {
            GradSink sink = new GradSink(this);
            for (int i = n - 1; i >= 0; i--) {
                Variable v = order[i];
                Variable g = grads[i];
                if (g == null) continue;
                grads[i] = null;
                if (results != null && v.targetPass == pass) {
                    results[v.targetIndex] = g;
                    if (pool != null) pool.escape(g.value());
                }
                Node node = v.node;
                if (node == null) {
                    if (leafMode) accumulateLeaf(v, g);
                    else unpinAndRecycle(g);
                    continue;
                }
                if (node.released()) throw released(node);
                if (!anyInputNeeded(node)) {
                    unpinAndRecycle(g);
                    continue;
                }
                node.checkVersions();
                current = node;
                sink.bind(node);
                rule++;
                applyRule(node, g, v, sink, mode);
                if (!retainGraph) {
                    node.release();
                    // Every consumer of the output ran before this rule (reverse topological
                    // order), so a graph-owned output is read by nobody now.
                    if (pool != null && node.ownsOutput) {
                        node.ownsOutput = false;
                        BufferPool.recycleGraphOwned(node.output.value());
                    }
                    if (pool != null && node.scratch != null) {
                        BufferPool.recycleGraphOwned(node.scratch);
                        node.scratch = null;
                    }
                }
            }
        } finally {
            mode.enabled = previous;
            current = null;
        }
        if (results != null) {
            for (int i = 0; i < results.length; i++) {
                if (results[i] == null) {
                    int first = targets[i].targetIndex;
                    results[i] = first != i && results[first] != null ? results[first] : zerosLike(targets[i]);
                    if (pool != null) pool.escape(results[i].value());
                }
            }
        }
        return results;
    }

    /**
     * Runs a node's rule. Rules the engine wrote (package {@code ops}) run inside the pool
     * scope: what they allocate and do not deliver is recycled as soon as they return, and so
     * is the incoming cotangent once nothing holds it. Any other rule (CustomVjp, user-written
     * VjpRules) may keep what it sees or allocates, so the cotangent it receives escapes and it
     * allocates outside the pool.
     */
    private void applyRule(Node node, Variable g, Variable v, GradSink sink, GradMode mode) {
        if (pool == null) {
            if (mode.anomaly) {
                applyReportingAnomalies(node, g, v, sink);
            } else if (createGraph && !TRUSTED.get(node.rule.getClass())) {
                // A caller's engine scope may be open (Autodiff.hvp): foreign rules allocate outside
                // it, and what they see may be kept, so it is never recycled.
                BufferPool.escapeFromGraph(g.value());
                BufferPool.escapeFromGraph(v.value());
                for (Variable in : node.inputs) BufferPool.escapeFromGraph(in.value());
                applySuspended(node, g, v, sink, BufferPool.suspendCurrent());
            } else {
                node.rule.apply(g, v, sink);
            }
            return;
        }
        if (!TRUSTED.get(node.rule.getClass())) {
            pool.escape(g.value());
            applySuspended(node, g, v, sink, pool.suspend());
            pool.unpin(g.value());
            return;
        }
        int mark = pool.mark();
        node.rule.apply(g, v, sink);
        pool.unpin(g.value());
        pool.recycleUnreferencedSince(mark);
        pool.recycle(g.value());
    }

    /** Runs a foreign rule with pooled allocation off until {@code off} is closed. */
    private static void applySuspended(Node node, Variable g, Variable v, GradSink sink, AutoCloseable off) {
        try (off) {
            node.rule.apply(g, v, sink);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether a rule class is the engine's own: a lambda declared in one of the primitive op
     * classes beside Variable or in package ops (a lambda is a nestmate of the class that wrote
     * it). CustomVjp and user rules are not trusted: they may keep what the pool would recycle.
     */
    private static final ClassValue<Boolean> TRUSTED = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            Class<?> host = type.getNestHost();
            return host.getName().startsWith("io.vecgrad.autodiff.ops.") || PRIMITIVE_OPS.contains(host);
        }
    };

    private static final java.util.Set<Class<?>> PRIMITIVE_OPS = java.util.Set.of(
            Arithmetic.class, Unary.class, Reduce.class, LinAlg.class, ViewOps.class, Broadcast.class, Join.class, Index.class);

    private void unpinAndRecycle(Variable g) {
        if (pool == null) return;
        pool.unpin(g.value());
        pool.recycle(g.value());
    }

    /**
     * Leaf mode: adds {@code g} into the leaf's {@code .grad()}. A gradient buffer the leaf
     * already holds is updated in place; otherwise the leaf adopts {@code g} when the pool owns
     * it and nothing else refers to it (it escapes), or a copy made outside the pool.
     */
    private void accumulateLeaf(Variable v, Variable g) {
        if (pool == null) {
            v.accumulateGrad(g, createGraph);
            return;
        }
        pool.unpin(g.value());
        boolean adoptable = pool.owns(g.value()) && pool.pins(g.value()) == 0 && g.value().isContiguous()
                && g.value().dtype() == v.value().dtype() && g.value().numel() == v.value().numel();
        if (v.adoptGrad(g, adoptable)) {
            pool.escape(g.value());
            return;
        }
        if (v.accumulatesInPlace(g)) {
            // Into the leaf's own buffer: the leaf keeps nothing new, so no suspension is needed
            // (a temporary the add might take stays scope-owned and is recycled).
            v.accumulateGrad(g, false);
            pool.recycle(g.value());
            return;
        }
        try (AutoCloseable off = pool.suspend()) {
            v.accumulateGrad(g, false);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        pool.recycle(g.value());
    }

    /** In anomaly mode a non-finite value inside a rule is reported as the backward of that rule's op. */
    private static void applyReportingAnomalies(Node node, Variable g, Variable v, GradSink sink) {
        try {
            node.rule.apply(g, v, sink);
        } catch (AnomalyException e) {
            if (e.getMessage().startsWith("anomaly: backward of " + node.op)) throw e;
            throw new AnomalyException(node.op, "anomaly: backward of " + node.op + " produced NaN or Inf (inside its rule, "
                    + e.getMessage() + ")", node.createdAt);
        }
    }

    private static Variable zerosLike(Variable v) {
        Tensor t = v.value();
        return new Variable(Tensor.zeros(t.dtype().isFloating() ? t.dtype() : t.dtype().toFloating(), t.shape()), null);
    }

    private static IllegalStateException released(Node node) {
        return new IllegalStateException("backward through " + node.op + ": its graph was already released by an earlier"
                + " backward; pass retainGraph=true to the first backward to go through the graph twice");
    }

    /** Iterative post-order DFS; a deep chain of ops must not overflow the Java stack. */
    private void sortFrom(Variable root) {
        if (root.pass == pass) return;
        Variable[] stack = ws.stack;
        int[] next = ws.next;
        int sp = 0;
        visit(root);
        stack[sp] = root;
        next[sp++] = 0;
        while (sp > 0) {
            Variable v = stack[sp - 1];
            Node node = v.node;
            Variable[] ins = node == null ? null : node.inputs;
            int k = next[sp - 1];
            if (ins != null && k < ins.length) {
                next[sp - 1] = k + 1;
                Variable in = ins[k];
                if (in.requiresGrad() && in.pass != pass) {
                    visit(in);
                    if (sp == stack.length) {
                        stack = ws.stack = Arrays.copyOf(stack, sp * 2);
                        next = ws.next = Arrays.copyOf(next, sp * 2);
                    }
                    stack[sp] = in;
                    next[sp++] = 0;
                }
            } else {
                stack[--sp] = null;
                append(v);
            }
        }
    }

    private void visit(Variable v) {
        if (visitCount == visited.length) {
            int cap = visited.length * 2;
            visited = Arrays.copyOf(visited, cap);
            savedPass = Arrays.copyOf(savedPass, cap);
            savedSlot = Arrays.copyOf(savedSlot, cap);
        }
        // Remember the old stamps so that a pass nested in a running one can restore them.
        visited[visitCount] = v;
        savedPass[visitCount] = v.pass;
        savedSlot[visitCount++] = v.slot;
        v.pass = pass;
        v.slot = -1;
    }

    private void append(Variable v) {
        if (n == order.length) order = Arrays.copyOf(order, n * 2);
        v.slot = n;
        order[n++] = v;
    }

    private void restoreStamps() {
        for (int i = 0; i < visitCount; i++) {
            visited[i].pass = savedPass[i];
            visited[i].slot = savedSlot[i];
        }
    }

    private void markNeeded() {
        needed = ws.needed.length >= n ? ws.needed : new boolean[n];   // every [0, n) entry set below
        for (int i = 0; i < n; i++) {
            Variable v = order[i];
            boolean need = v.targetPass == pass || (leafMode && v.node == null);
            Node node = v.node;
            if (!need && node != null) {
                if (node.released()) {
                    need = true; // reaching it is an error, reported when a cotangent arrives
                } else {
                    for (Variable in : node.inputs) {
                        if (isNeeded(in)) {
                            need = true;
                            break;
                        }
                    }
                }
            }
            needed[i] = need;
        }
    }

    private boolean isNeeded(Variable in) {
        return in.requiresGrad() && in.pass == pass && in.slot >= 0 && needed[in.slot];
    }

    private boolean anyInputNeeded(Node node) {
        for (Variable in : node.inputs) if (isNeeded(in)) return true;
        return false;
    }

    boolean needs(Variable in) {
        return isNeeded(in);
    }

    /**
     * The gradient buffer of leaf {@code in} that a rule may overwrite with its cotangent instead of
     * delivering it: only in a plain {@code backward()} (leaf mode, no create-graph, no anomaly
     * mode), for a needed leaf that has no cotangent in this pass yet and whose buffer was zeroed
     * by {@code zeroGrad(false)} ({@link Variable#overwritableGrad}); null otherwise. The leaf's
     * gradient then holds the same bits the delivered cotangent would have been copied as.
     */
    Tensor overwritableLeafGrad(Variable in) {
        if (!leafMode || createGraph || anomaly || in.node != null || !isNeeded(in) || grads[in.slot] != null
                || in.writtenPass == pass) return null;
        return in.overwritableGrad();
    }

    /** A rule wrote the whole cotangent of {@code in} into {@link #overwritableLeafGrad}'s buffer. */
    void leafGradOverwritten(Variable in) {
        in.gradOverwritten(pass);
    }

    void accumulate(Variable in, Variable g) {
        if (!isNeeded(in)) return;
        if (anomaly && !Anomaly.allFinite(g.value())) {
            String op = current == null ? "the seed" : current.op;
            throw new AnomalyException(op, "anomaly: backward of " + op + " produced NaN or Inf in the gradient of an input of shape "
                    + Arrays.toString(in.value().shape()), current == null ? null : current.createdAt);
        }
        int s = in.slot;
        if (in.writtenPass == pass && grads[s] == null) {
            // A second cotangent for a leaf whose buffer a rule overwrote (a weight used twice): the
            // written one becomes the slot's first cotangent, as if delivered, and the leaf's buffer
            // is zeroed again, so the sum and the final copy are those of the delivered path.
            Variable first = new Variable(in.takeOverwrittenGrad(), null);
            grads[s] = first;
            if (pool != null) {
                putAt[s] = -1;
                pool.pin(first.value());
            }
        }
        Variable old = grads[s];
        if (pool == null) {
            grads[s] = old == null ? g : old.add(g);
            return;
        }
        if (old == null) {
            grads[s] = g;
            putAt[s] = rule;
            pool.pin(g.value());
            return;
        }
        Tensor o = old.value();
        // In place only into a cotangent an earlier rule delivered: the running rule may still read its own.
        if (putAt[s] != rule && pool.owns(o) && pool.pins(o) == 1 && o.isContiguous() && Arrays.equals(o.shape(), g.value().shape())
                && o.dtype() == g.value().dtype()) {
            o.addInPlace(g.value()); // the slot is its only holder: accumulate in place (same sums as add)
            return;
        }
        Variable sum = old.add(g);
        pool.unpin(o);
        pool.recycle(o);
        grads[s] = sum;
        putAt[s] = rule;
        pool.pin(sum.value());
    }
}
