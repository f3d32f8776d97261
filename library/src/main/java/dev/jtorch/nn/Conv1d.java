package dev.jtorch.nn;

import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.nn.functional.F;
import dev.jtorch.nn.init.Init;

/**
 * A 1-D convolution over sequences.
 *
 * <p>Shape: input {@code [N, C_in, L]} (or {@code [C_in, L]}), output {@code [N, C_out, L_out]}
 * with {@code L_out = (L + 2·padding - dilation·(kernel-1) - 1) / stride + 1}. Weight
 * {@code [C_out, C_in/groups, kernel]}, bias {@code [C_out]}, initialised as PyTorch's.
 *
 * <pre>{@code
 * new Conv1d(4, 8, 3, 1, 1).forward(randn(2, 4, 50));   // [2, 8, 50]
 * }</pre>
 */
public class Conv1d extends Module {
    /** Channels of the input. */
    public final int inChannels;
    /** Channels of the output. */
    public final int outChannels;
    /** Kernel length. */
    public final int kernelSize;
    /** Step between windows. */
    public final int stride;
    /** Zero padding on each side. */
    public final int padding;
    /** Spacing between kernel taps. */
    public final int dilation;
    /** Number of blocked connections from input to output channels. */
    public final int groups;
    /** The learnable kernels, [C_out, C_in/groups, kernel]. */
    public final Parameter weight;
    /** The learnable bias, [C_out], or null. */
    public final Parameter bias;

    /** Stride 1, no padding. */
    public Conv1d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, 0, 1, 1, true);
    }

    /** The given stride and padding. */
    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
        this(inChannels, outChannels, kernelSize, stride, padding, 1, 1, true);
    }

    /** Every option, as PyTorch's {@code Conv1d}. */
    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, int padding, int dilation, int groups,
                  boolean bias) {
        if (groups < 1 || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("Conv1d: in_channels (" + inChannels + ") and out_channels (" + outChannels
                    + ") must both be divisible by groups (" + groups + ")");
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.groups = groups;
        this.weight = new Parameter(Torch.zeros(outChannels, inChannels / groups, kernelSize));
        Init.kaimingUniform_(weight, Math.sqrt(5), "fan_in", "leaky_relu");
        this.bias = bias ? ConvCommon.make(weight, outChannels) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        return observed(F.conv1d(x, weight, bias, stride, padding, dilation, groups));
    }

    @Override
    public String extraRepr() {
        StringBuilder sb = new StringBuilder(inChannels + ", " + outChannels + ", kernel_size=(" + kernelSize
                + ",), stride=(" + stride + ",)");
        if (padding != 0) {
            sb.append(", padding=(").append(padding).append(",)");
        }
        if (dilation != 1) {
            sb.append(", dilation=(").append(dilation).append(",)");
        }
        if (groups != 1) {
            sb.append(", groups=").append(groups);
        }
        if (bias == null) {
            sb.append(", bias=False");
        }
        return sb.toString();
    }
}
