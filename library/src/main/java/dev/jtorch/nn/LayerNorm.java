package dev.jtorch.nn;

import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.nn.functional.F;

import java.util.Arrays;

/**
 * Layer normalisation: each sample is normalised over its last dims (the
 * {@code normalizedShape}), then scaled and shifted elementwise. Training and evaluation
 * behave the same.
 *
 * <p>Shape: input {@code [*, normalized_shape...]}, output the same.
 *
 * <pre>{@code
 * new LayerNorm(64).forward(randn(8, 10, 64));   // [8, 10, 64], each row mean 0, variance 1
 * }</pre>
 */
public class LayerNorm extends Module {
    /** The trailing dims normalised over. */
    public final int[] normalizedShape;
    /** Added to the variance before the square root. */
    public final double eps;
    /** The learnable scale (starting at 1), or null. */
    public final Parameter weight;
    /** The learnable shift (starting at 0), or null. */
    public final Parameter bias;

    /** Normalises over the last dims of the given sizes, eps 1e-5, with scale and shift. */
    public LayerNorm(int... normalizedShape) {
        this(normalizedShape, 1e-5, true);
    }

    /** Every option, as PyTorch's {@code LayerNorm}. */
    public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine) {
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.weight = elementwiseAffine ? new Parameter(Torch.ones(normalizedShape)) : null;
        this.bias = elementwiseAffine ? new Parameter(Torch.zeros(normalizedShape)) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        return observed(F.layerNorm(x, normalizedShape, weight, bias, eps));
    }

    @Override
    public String extraRepr() {
        String shape = normalizedShape.length == 1 ? "(" + normalizedShape[0] + ",)"
                : Arrays.toString(normalizedShape).replace('[', '(').replace(']', ')');
        return shape + ", eps=" + Repr.num(eps) + ", elementwise_affine=" + Repr.bool(weight != null);
    }
}
