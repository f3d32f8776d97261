package dev.jtorch.nn;

import dev.jtorch.Tensor;
import dev.jtorch.nn.functional.F;

/**
 * Average pooling to a fixed output size, whatever the input size: windows are chosen as
 * PyTorch does ({@code [floor(i·H/out), ceil((i+1)·H/out))}).
 *
 * <p>Shape: input {@code [N, C, H, W]} (or {@code [C, H, W]}), output {@code [N, C, outH, outW]}.
 *
 * <pre>{@code
 * new AdaptiveAvgPool2d(1).forward(randn(8, 512, 7, 7));   // [8, 512, 1, 1]
 * }</pre>
 */
public class AdaptiveAvgPool2d extends Module {
    /** The output height and width. */
    public final int[] outputSize;

    /** A square output. */
    public AdaptiveAvgPool2d(int outputSize) {
        this(outputSize, outputSize);
    }

    /** An {@code outH × outW} output. */
    public AdaptiveAvgPool2d(int outH, int outW) {
        this.outputSize = new int[]{outH, outW};
    }

    @Override
    public Tensor forward(Tensor x) {
        return observed(F.adaptiveAvgPool2d(x, outputSize[0], outputSize[1]));
    }

    @Override
    public String extraRepr() {
        return "output_size=" + (outputSize[0] == outputSize[1] ? Integer.toString(outputSize[0]) : Repr.pair(outputSize));
    }
}
