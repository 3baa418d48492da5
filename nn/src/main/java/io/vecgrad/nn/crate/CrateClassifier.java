package io.vecgrad.nn.crate;

import io.vecgrad.autodiff.NoGrad;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.Init;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.layers.LayerNorm;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * A small CRATE image classifier (the authors' {@code CRATE} class, {@code model/crate.py},
 * github.com/Ma-Lab-Berkeley/CRATE): images {@code [B, C, H, W]} are cut into p×p patches
 * ({@code 'b c (h p1) (w p2) -> b (h w) (p1 p2 c)'}), embedded by LayerNorm → Linear → LayerNorm,
 * a learned class token is prepended and learned positions (N(0, 1), as {@code torch.randn})
 * added; {@code depth} {@link CrateLayer}s follow; the class token goes through LayerNorm →
 * Linear to the logits ({@code pool='cls'}). Every CRATE configuration of the code uses
 * {@code mlp_dim = dim}, η = 0.1 and no dropout, as here.
 *
 * <pre>{@code
 * import io.vecgrad.autodiff.Variable;
 * import io.vecgrad.nn.crate.CrateClassifier;
 * import io.vecgrad.tensor.DType;
 * import io.vecgrad.tensor.Tensor;
 * import io.vecgrad.tensor.random.Rng;
 *
 * // 8×8 digits, 2×2 patches (16 tokens + class token), width 32, 4 heads of 8, 3 layers
 * CrateClassifier net = new CrateClassifier(1, 8, 2, 32, 3, 4, 8, 10, new Rng(0), DType.FLOAT32);
 * Variable logits = net.forward(Variable.constant(Tensor.zeros(DType.FLOAT32, 5, 1, 8, 8)));   // [5, 10]
 * }</pre>
 */
public final class CrateClassifier extends Module {
    private final int channels, side, patch, dim, depth;

    public CrateClassifier(int channels, int side, int patch, int dim, int depth, int heads, int dimHead, int classes, Rng rng, DType dtype) {
        if (patch <= 0 || side % patch != 0) {
            throw new IllegalArgumentException("CrateClassifier: image side " + side + " is not divisible by patch size " + patch);
        }
        if (depth <= 0 || classes <= 0 || channels <= 0) {
            throw new IllegalArgumentException("CrateClassifier: depth, classes and channels must be positive, got " + depth + ", " + classes + ", " + channels);
        }
        this.channels = channels;
        this.side = side;
        this.patch = patch;
        this.dim = dim;
        this.depth = depth;
        int patchDim = channels * patch * patch, patches = (side / patch) * (side / patch);
        param("pos_embedding", Init.normal(1), dtype, 1, patches + 1, dim);
        param("cls_token", Init.normal(1), dtype, 1, 1, dim);
        child("patch_norm1", new LayerNorm(new int[] {patchDim}, 1e-5, true, dtype));
        child("patch_linear", new Linear(patchDim, dim, true, dtype));
        child("patch_norm2", new LayerNorm(new int[] {dim}, 1e-5, true, dtype));
        for (int i = 0; i < depth; i++) child("layer" + i, new CrateLayer(dim, heads, dimHead, 0.1, dtype));
        child("head_norm", new LayerNorm(new int[] {dim}, 1e-5, true, dtype));
        child("head", new Linear(dim, classes, true, dtype));
        initialize(rng);
    }

    @Override
    public Variable forward(Variable images) {
        Variable z = embed(images);
        for (int i = 0; i < depth; i++) z = layer(i).forward(z);
        Variable cls = z.select(1, 0);
        return children().get("head").forward(children().get("head_norm").forward(cls));
    }

    /** Patch embedding, class token and positions: the input {@code Z⁰ [B, N+1, dim]} of the first layer. */
    public Variable embed(Variable images) {
        int[] s = images.shape();
        if (s.length != 4 || s[1] != channels || s[2] != side || s[3] != side) {
            throw shapeError("[B," + channels + "," + side + "," + side + "]", s);
        }
        int b = s[0], g = side / patch;
        Variable patches = images.reshape(b, channels, g, patch, g, patch).permute(0, 2, 4, 3, 5, 1)
                .reshape(b, g * g, patch * patch * channels);
        Variable x = children().get("patch_norm1").forward(patches);
        x = children().get("patch_norm2").forward(children().get("patch_linear").forward(x));
        Variable cls = p("cls_token").expand(b, 1, dim);
        return Variable.concat(1, cls, x).add(p("pos_embedding"));
    }

    /** Layer {@code i} (0-based). */
    public CrateLayer layer(int i) {
        if (i < 0 || i >= depth) throw new IndexOutOfBoundsException("CrateClassifier: layer " + i + " of " + depth);
        return (CrateLayer) children().get("layer" + i);
    }

    public int depth() {
        return depth;
    }

    /**
     * The token representations {@code Z⁰ … Z^L} (input of every layer, then the last output),
     * computed without a graph in the current mode.
     */
    public List<Tensor> layerInputs(Tensor images) {
        List<Tensor> out = new ArrayList<>();
        try (NoGrad scope = NoGrad.enter()) {
            Variable z = embed(Variable.constant(images));
            out.add(z.value());
            for (int i = 0; i < depth; i++) {
                z = layer(i).forward(z);
                out.add(z.value());
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "CrateClassifier(" + side + "x" + side + ", patch " + patch + ", dim " + dim + ", depth " + depth + ")";
    }
}
