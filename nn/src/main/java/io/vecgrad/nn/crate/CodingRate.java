package io.vecgrad.nn.crate;

import io.vecgrad.autodiff.NoGrad;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.autodiff.ops.Decompositions;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The coding rate that CRATE's layers compress. For tokens {@code W ∈ R^{N×p}} (rows = tokens
 * in a p-dimensional subspace) {@code R(W) = ½ log det(I_N + (p/(N ε²)) W Wᵀ)}; the compression
 * term of the sparse rate reduction sums it over the K heads, {@code R^c(Z) = Σ_k R(U_kᵀZ)}.
 *
 * <p>Source: the paper's {@code R^c} (Yu et al., NeurIPS 2023, eq. for the compression term) and,
 * for the per-layer measurement the paper plots, the authors' {@code vis_utils/coding_rate.py}
 * with {@code vis_utils/crate_hook.py} (github.com/Ma-Lab-Berkeley/CRATE): the hook takes the
 * output of each layer's {@code qkv} map ({@code U_kᵀ LN(Z^ℓ)} per head), normalizes every token to
 * unit norm within each head, computes {@code Σ_k ½ logdet(I + p/(N·eps)·W_k W_kᵀ)} per image with
 * {@code eps = 0.01} (that is ε² = 0.01), and reports its mean and standard deviation over the
 * images. {@link #perLayer} does the same.
 *
 * <pre>{@code
 * import io.vecgrad.autodiff.Variable;
 * import io.vecgrad.nn.crate.CodingRate;
 * import io.vecgrad.tensor.DType;
 * import io.vecgrad.tensor.Tensor;
 *
 * Variable w = Variable.constant(Tensor.eye(DType.FLOAT64, 4));      // 4 tokens, p = 4, orthonormal
 * double r = CodingRate.rate(w, 0.01).item();                          // 4 · ½ log(1 + 100)
 * }</pre>
 */
public final class CodingRate {
    /** The code's ε² ({@code CodingRate(eps=0.01)}). */
    public static final double EPS2 = 0.01;

    private CodingRate() {}

    /** Mean and standard deviation (n − 1 denominator, as {@code torch.std}) over images. */
    public record Stat(double mean, double std) {}

    /**
     * {@code ½ log det(I_N + (p/(N ε²)) W Wᵀ)} for {@code w [..., N, p]}, one value per leading
     * index; differentiable (through {@code slogdet}).
     */
    public static Variable rate(Variable w, double eps2) {
        int[] s = w.shape();
        if (s.length < 2) throw new IllegalArgumentException("CodingRate.rate: expected tokens [..., N, p], got shape " + java.util.Arrays.toString(s));
        if (!(eps2 > 0)) throw new IllegalArgumentException("CodingRate.rate: eps^2 must be > 0, got " + eps2);
        int n = s[s.length - 2], p = s[s.length - 1];
        Variable gram = w.matmul(w.mT()).mul(p / (n * eps2));
        Variable eye = Variable.constant(Tensor.eye(w.dtype(), n));
        return Decompositions.slogdet(gram.add(eye)).mul(0.5);
    }

    /**
     * {@code R^c} of every layer's input, as the authors measure it: for each layer ℓ the
     * per-head subspace tokens {@code U_kᵀ LN(Z^ℓ)}, each token normalized within its head, the
     * rate summed over heads, then mean and standard deviation over the images. Run in the
     * model's current mode, without a graph, in float64.
     */
    public static List<Stat> perLayer(CrateClassifier model, Tensor images, double eps2) {
        List<Tensor> zs = model.layerInputs(images);
        List<Stat> out = new ArrayList<>();
        try (NoGrad scope = NoGrad.enter()) {
            for (int l = 0; l < model.depth(); l++) {
                Variable w = model.layer(l).subspaceTokens(Variable.constant(zs.get(l))).to(DType.FLOAT64);  // [B, K, N, p]
                Variable unit = w.div(w.normL2(new int[] {3}, true));
                double[] perImage = rate(unit, eps2).sum(1).value().toDoubleArray();
                out.add(stat(perImage));
            }
        }
        return out;
    }

    /** Fraction of exactly-zero entries of each layer's output (the ISTA block's sparsity the paper also plots). */
    public static List<Double> sparsityPerLayer(CrateClassifier model, Tensor images) {
        List<Tensor> zs = model.layerInputs(images);
        List<Double> out = new ArrayList<>();
        for (int l = 1; l < zs.size(); l++) {
            double[] v = zs.get(l).to(DType.FLOAT64).toDoubleArray();
            int zeros = 0;
            for (double x : v) zeros += x == 0 ? 1 : 0;
            out.add((double) zeros / v.length);
        }
        return out;
    }

    static Stat stat(double[] v) {
        double m = 0;
        for (double x : v) m += x / v.length;
        double ss = 0;
        for (double x : v) ss += (x - m) * (x - m);
        return new Stat(m, v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0);
    }
}
