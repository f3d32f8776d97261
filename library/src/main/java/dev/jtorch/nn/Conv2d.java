package dev.jtorch.nn;

import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.nn.functional.F;
import dev.jtorch.nn.init.Init;

/**
 * A 2-D convolution over images, computed as im2col + matrix multiply.
 *
 * <p>Shape: input {@code [N, C_in, H, W]} (or {@code [C_in, H, W]}), output
 * {@code [N, C_out, H_out, W_out]} with
 * {@code H_out = (H + 2·padding - dilation·(kernel-1) - 1) / stride + 1} (the same for W).
 * Weight {@code [C_out, C_in/groups, kH, kW]} and bias {@code [C_out]} start as PyTorch's
 * (Kaiming uniform with a = √5; bias uniform in ±1/√fan_in).
 *
 * <pre>{@code
 * var conv = new Conv2d(3, 16, 3, 1, 1);      // in, out, kernel, stride, padding
 * conv.forward(randn(8, 3, 32, 32));          // [8, 16, 32, 32]
 * }</pre>
 */
public class Conv2d extends Module {
    /** Channels of the input. */
    public final int inChannels;
    /** Channels of the output. */
    public final int outChannels;
    /** Kernel height and width. */
    public final int[] kernelSize;
    /** Step between windows, per dim. */
    public final int[] stride;
    /** Zero padding on each side, per dim. */
    public final int[] padding;
    /** Spacing between kernel taps, per dim. */
    public final int[] dilation;
    /** Number of blocked connections from input to output channels. */
    public final int groups;
    /** The learnable kernels, [C_out, C_in/groups, kH, kW]. */
    public final Parameter weight;
    /** The learnable bias, [C_out], or null. */
    public final Parameter bias;

    /** A square kernel, stride 1, no padding. */
    public Conv2d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, 0);
    }

    /** A square kernel with the given stride and padding. */
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
        this(inChannels, outChannels, Repr.both(kernelSize), Repr.both(stride), Repr.both(padding), Repr.both(1), 1, true);
    }

    /**
     * A square kernel, stride 1, with padding {@code "same"} (the output keeps the input's
     * size; the kernel must be odd) or {@code "valid"} (no padding).
     */
    public Conv2d(int inChannels, int outChannels, int kernelSize, String padding) {
        this(inChannels, outChannels, Repr.both(kernelSize), Repr.both(1), Repr.both(namedPadding(padding, kernelSize)),
                Repr.both(1), 1, true);
    }

    private static int namedPadding(String padding, int kernelSize) {
        return switch (padding) {
            case "valid" -> 0;
            case "same" -> {
                if (kernelSize % 2 == 0) {
                    throw new IllegalArgumentException("Conv2d: padding='same' needs an odd kernel size to pad both sides "
                            + "equally, got " + kernelSize + "; pad explicitly instead");
                }
                yield kernelSize / 2;
            }
            default -> throw new IllegalArgumentException("Conv2d: padding must be \"same\", \"valid\" or a number, got \""
                    + padding + "\"");
        };
    }

    /** Every option, as PyTorch's {@code Conv2d(in, out, kernel_size, stride, padding, dilation, groups, bias)}. */
    public Conv2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, int[] dilation,
                  int groups, boolean bias) {
        if (inChannels < 1 || outChannels < 1) {
            throw new IllegalArgumentException("Conv2d: in_channels and out_channels must be positive, got ("
                    + inChannels + ", " + outChannels + ")");
        }
        if (groups < 1 || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("Conv2d: in_channels (" + inChannels + ") and out_channels (" + outChannels
                    + ") must both be divisible by groups (" + groups + ")");
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize.clone();
        this.stride = stride.clone();
        this.padding = padding.clone();
        this.dilation = dilation.clone();
        this.groups = groups;
        this.weight = new Parameter(Torch.zeros(outChannels, inChannels / groups, kernelSize[0], kernelSize[1]));
        Init.kaimingUniform_(weight, Math.sqrt(5), "fan_in", "leaky_relu");
        this.bias = bias ? ConvCommon.make(weight, outChannels) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        return observed(F.conv2d(x, weight, bias, stride, padding, dilation, groups));
    }

    @Override
    public String extraRepr() {
        return ConvCommon.repr(inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias != null, null);
    }
}
