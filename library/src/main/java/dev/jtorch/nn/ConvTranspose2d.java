package dev.jtorch.nn;

import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.nn.functional.F;
import dev.jtorch.nn.init.Init;

/**
 * A 2-D transposed convolution (the gradient of a convolution with respect to its input),
 * used to upsample.
 *
 * <p>Shape: input {@code [N, C_in, H, W]}, output {@code [N, C_out, H_out, W_out]} with
 * {@code H_out = (H-1)·stride - 2·padding + dilation·(kernel-1) + output_padding + 1}.
 * Weight {@code [C_in, C_out/groups, kH, kW]}, bias {@code [C_out]}, initialised as PyTorch's.
 *
 * <pre>{@code
 * new ConvTranspose2d(16, 8, 2, 2, 0).forward(randn(1, 16, 8, 8));   // [1, 8, 16, 16]
 * }</pre>
 */
public class ConvTranspose2d extends Module {
    /** Channels of the input. */
    public final int inChannels;
    /** Channels of the output. */
    public final int outChannels;
    /** Kernel height and width. */
    public final int[] kernelSize;
    /** Stride of the convolution this one transposes. */
    public final int[] stride;
    /** Padding of the convolution this one transposes. */
    public final int[] padding;
    /** Extra size added to one side of the output. */
    public final int[] outputPadding;
    /** Number of blocked connections from input to output channels. */
    public final int groups;
    /** Spacing between kernel taps. */
    public final int[] dilation;
    /** The learnable kernels, [C_in, C_out/groups, kH, kW]. */
    public final Parameter weight;
    /** The learnable bias, [C_out], or null. */
    public final Parameter bias;

    /** A square kernel with the given stride and padding. */
    public ConvTranspose2d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
        this(inChannels, outChannels, Repr.both(kernelSize), Repr.both(stride), Repr.both(padding), Repr.both(0), 1, true,
                Repr.both(1));
    }

    /** Every option, in the order of PyTorch's {@code ConvTranspose2d}. */
    public ConvTranspose2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding,
                           int[] outputPadding, int groups, boolean bias, int[] dilation) {
        if (groups < 1 || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("ConvTranspose2d: in_channels (" + inChannels + ") and out_channels ("
                    + outChannels + ") must both be divisible by groups (" + groups + ")");
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize.clone();
        this.stride = stride.clone();
        this.padding = padding.clone();
        this.outputPadding = outputPadding.clone();
        this.groups = groups;
        this.dilation = dilation.clone();
        this.weight = new Parameter(Torch.zeros(inChannels, outChannels / groups, kernelSize[0], kernelSize[1]));
        Init.kaimingUniform_(weight, Math.sqrt(5), "fan_in", "leaky_relu");
        this.bias = bias ? ConvCommon.make(weight, outChannels) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        return observed(F.convTranspose2d(x, weight, bias, stride, padding, outputPadding, groups, dilation));
    }

    @Override
    public String extraRepr() {
        return ConvCommon.repr(inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias != null,
                outputPadding);
    }
}
