package dev.jtorch.nn;

import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.nn.init.Init;

/** What the convolution layers share: PyTorch's bias initialisation and printout. */
final class ConvCommon {
    private ConvCommon() {
    }

    /** A bias uniform in ±1/√fan_in, fan_in taken from the weight as PyTorch does. */
    static Parameter make(Tensor weight, int channels) {
        Parameter bias = new Parameter(Torch.zeros(channels));
        int fanIn = Init.fanInAndFanOut(weight)[0];
        double bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
        Init.uniform_(bias, -bound, bound);
        return bias;
    }

    static String repr(int in, int out, int[] kernel, int[] stride, int[] padding, int[] dilation, int groups,
                       boolean bias, int[] outputPadding) {
        StringBuilder sb = new StringBuilder(in + ", " + out + ", kernel_size=" + Repr.pair(kernel) + ", stride="
                + Repr.pair(stride));
        if (padding[0] != 0 || padding[1] != 0) {
            sb.append(", padding=").append(Repr.pair(padding));
        }
        if (dilation[0] != 1 || dilation[1] != 1) {
            sb.append(", dilation=").append(Repr.pair(dilation));
        }
        if (outputPadding != null && (outputPadding[0] != 0 || outputPadding[1] != 0)) {
            sb.append(", output_padding=").append(Repr.pair(outputPadding));
        }
        if (groups != 1) {
            sb.append(", groups=").append(groups);
        }
        if (!bias) {
            sb.append(", bias=False");
        }
        return sb.toString();
    }
}
