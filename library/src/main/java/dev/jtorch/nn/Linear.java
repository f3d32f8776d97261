package dev.jtorch.nn;

import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.nn.functional.F;
import dev.jtorch.nn.init.Init;

import java.util.Arrays;

/**
 * A fully connected layer: {@code y = x·weightᵀ + bias}.
 *
 * <p>Shape: input {@code [*, in_features]}, output {@code [*, out_features]}.
 * Weight {@code [out_features, in_features]} and bias {@code [out_features]} start as
 * PyTorch's: uniform in ±1/√in_features (Kaiming uniform with a = √5).
 *
 * <pre>{@code
 * var fc = new Linear(784, 128);
 * var y = fc.forward(randn(64, 784));   // [64, 128]
 * }</pre>
 */
public class Linear extends Module {
    /** Size of each input sample. */
    public final int inFeatures;
    /** Size of each output sample. */
    public final int outFeatures;
    /** The learnable weight, [out_features, in_features]. */
    public final Parameter weight;
    /** The learnable bias, [out_features], or null. */
    public final Parameter bias;

    /** A layer with bias. */
    public Linear(int inFeatures, int outFeatures) {
        this(inFeatures, outFeatures, true);
    }

    /** A layer with or without bias. */
    public Linear(int inFeatures, int outFeatures, boolean bias) {
        if (inFeatures < 0 || outFeatures < 0) {
            throw new IllegalArgumentException("Linear: in_features and out_features must be non-negative, got ("
                    + inFeatures + ", " + outFeatures + ")");
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = new Parameter(Torch.zeros(outFeatures, inFeatures));
        Init.kaimingUniform_(weight, Math.sqrt(5), "fan_in", "leaky_relu");
        if (bias) {
            this.bias = new Parameter(Torch.zeros(outFeatures));
            double bound = inFeatures > 0 ? 1 / Math.sqrt(inFeatures) : 0;
            Init.uniform_(this.bias, -bound, bound);
        } else {
            this.bias = null;
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        int got = x.dim() == 0 ? 0 : x.size(-1);
        if (got != inFeatures) {
            String shape = Arrays.toString(x.shape());
            StringBuilder msg = new StringBuilder("Linear: input has " + got + " features (shape " + shape
                    + ") but in_features is " + inFeatures + "; the input's last dim must equal in_features. ");
            msg.append("If the layers before are right, construct this one as Linear(").append(got).append(", ")
                    .append(outFeatures).append(")");
            if (got > 0 && x.numel() % inFeatures == 0 && x.dim() == 2) {
                msg.append("; if the input was flattened with view(-1, ").append(got).append("), that number is wrong: ")
                        .append("its values fit [").append(x.numel() / inFeatures).append(", ").append(inFeatures)
                        .append("], so check which batch size you expect");
            }
            throw new IllegalArgumentException(msg.toString());
        }
        return observed(F.linear(x, weight, bias));
    }

    @Override
    public String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + Repr.bool(bias != null);
    }
}
