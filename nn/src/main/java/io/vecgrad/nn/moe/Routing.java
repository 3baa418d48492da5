package io.vecgrad.nn.moe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The routing decision of one {@link MoeLayer} call: which tokens each expert processes, how many
 * choices were dropped for lack of capacity, and the top-k choice counts the balance loss uses.
 * Computed from the router probabilities only (the choice is piecewise constant, so it carries no
 * gradient; the gates do).
 *
 * <p>Tokens-choose follows IMP's {@code TokensChooseMaskedRouter} (from Flaxformer): every
 * token's top-1 choice claims capacity before any top-2 choice, and within a rank tokens go in
 * token order (or, with batch prioritized routing, by descending top-1 probability); a choice
 * that finds its expert full is dropped. Experts-choose follows {@code ExpertsChooseMaskedRouter}:
 * expert e takes the C tokens with the largest {@code P[t, e]}. Ties break towards the lower
 * index, so the plan is a deterministic function of the probabilities.
 *
 * <pre>{@code
 * import io.vecgrad.nn.moe.MoeOptions;
 * import io.vecgrad.nn.moe.Routing;
 *
 * double[] p = {0.7, 0.3,  0.6, 0.4,  0.2, 0.8};            // 3 tokens × 2 experts, row-major
 * Routing r = Routing.plan(p, 3, MoeOptions.tokensChoose(2, 1).withCapacityFactor(1.0));
 * // capacity ⌈1·1·3/2⌉ = 2: expert 0 gets tokens 0 and 1, expert 1 token 2; nothing dropped
 * }</pre>
 *
 * @param capacity tokens each expert may take
 * @param tokens per expert, the token indices it processes, in dispatch order
 * @param topChoice per token, its top-k experts by descending probability (empty for experts-choose)
 * @param droppedChoices (token, expert) choices refused because the expert was full
 * @param unrouted tokens that no expert processes (their MoE output is zero; the residual carries them)
 */
public record Routing(int capacity, int[][] tokens, int[][] topChoice, int droppedChoices, int unrouted) {
    /** The plan for {@code t} tokens and row-major probabilities {@code probs [t, E]}. */
    public static Routing plan(double[] probs, int t, MoeOptions o) {
        int e = o.experts();
        if (probs.length != t * e) {
            throw new IllegalArgumentException("Routing.plan: " + probs.length + " probabilities for " + t + " tokens x " + e + " experts");
        }
        int cap = o.capacity(t);
        return o.router() == MoeOptions.Router.TOKENS_CHOOSE ? tokensChoose(probs, t, e, o, cap) : expertsChoose(probs, t, e, cap);
    }

    private static Routing tokensChoose(double[] probs, int t, int e, MoeOptions o, int cap) {
        int k = o.topK();
        int[][] top = new int[t][];
        for (int i = 0; i < t; i++) top[i] = topIndices(probs, i * e, 1, e, k);
        Integer[] order = new Integer[t];
        for (int i = 0; i < t; i++) order[i] = i;
        if (o.batchPrioritized()) {
            Arrays.sort(order, (a, b) -> {
                int c = Double.compare(probs[b * e + top[b][0]], probs[a * e + top[a][0]]);
                return c != 0 ? c : Integer.compare(a, b);
            });
        }
        List<List<Integer>> per = new ArrayList<>();
        for (int x = 0; x < e; x++) per.add(new ArrayList<>());
        int dropped = 0;
        boolean[] routed = new boolean[t];
        for (int rank = 0; rank < k; rank++) {
            for (int idx : order) {
                int ex = top[idx][rank];
                if (per.get(ex).size() < cap) {
                    per.get(ex).add(idx);
                    routed[idx] = true;
                } else {
                    dropped++;
                }
            }
        }
        return new Routing(cap, toArrays(per), top, dropped, count(routed, false));
    }

    private static Routing expertsChoose(double[] probs, int t, int e, int cap) {
        int[][] tokens = new int[e][];
        boolean[] routed = new boolean[t];
        for (int x = 0; x < e; x++) {
            tokens[x] = topIndices(probs, x, e, t, cap);
            for (int i : tokens[x]) routed[i] = true;
        }
        return new Routing(cap, tokens, new int[0][], 0, count(routed, false));
    }

    /** Indices of the {@code k} largest of {@code n} values {@code v[off + i·stride]}, descending, ties to the lower index. */
    static int[] topIndices(double[] v, int off, int stride, int n, int k) {
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> {
            int c = Double.compare(v[off + b * stride], v[off + a * stride]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] out = new int[k];
        for (int i = 0; i < k; i++) out[i] = idx[i];
        return out;
    }

    private static int[][] toArrays(List<List<Integer>> per) {
        int[][] out = new int[per.size()][];
        for (int x = 0; x < out.length; x++) out[x] = per.get(x).stream().mapToInt(Integer::intValue).toArray();
        return out;
    }

    private static int count(boolean[] b, boolean value) {
        int n = 0;
        for (boolean x : b) n += x == value ? 1 : 0;
        return n;
    }

    /** (token, expert) pairs dispatched, over all experts. */
    public int dispatched() {
        int n = 0;
        for (int[] x : tokens) n += x.length;
        return n;
    }

    /** Tokens each expert processes. */
    public int[] load() {
        int[] l = new int[tokens.length];
        for (int x = 0; x < l.length; x++) l[x] = tokens[x].length;
        return l;
    }

    /**
     * Per expert, the fraction of tokens that chose it among their top-k (before capacity), the
     * {@code f_e} of the balance loss; zeros for experts-choose.
     */
    public double[] choiceFractions() {
        double[] f = new double[tokens.length];
        if (topChoice.length == 0) return f;
        for (int[] c : topChoice) for (int x : c) f[x] += 1.0 / topChoice.length;
        return f;
    }
}
