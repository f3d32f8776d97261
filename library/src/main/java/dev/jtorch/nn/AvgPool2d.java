package dev.jtorch.nn;

import dev.jtorch.Tensor;
import dev.jtorch.nn.functional.F;

/**
 * The mean over each window of each channel.
 *
 * <p>Shape: input {@code [N, C, H, W]} (or {@code [C, H, W]}), output
 * {@code [N, C, H_out, W_out]} with {@code H_out = (H + 2·padding - kernel) / stride + 1}.
 * Zero padding counts in the mean unless {@code countIncludePad} is false.
 *
 * <pre>{@code
 * new AvgPool2d(2).forward(randn(1, 16, 32, 32));   // [1, 16, 16, 16]
 * }</pre>
 */
public class AvgPool2d extends Module {
    /** Window height and width. */
    public final int[] kernelSize;
    /** Step between windows. */
    public final int[] stride;
    /** Zero padding on each side. */
    public final int[] padding;
    /** Whether the output size rounds up. */
    public final boolean ceilMode;
    /** Whether padded zeros count in the mean. */
    public final boolean countIncludePad;

    /** A square window, stride equal to it. */
    public AvgPool2d(int kernelSize) {
        this(kernelSize, kernelSize, 0);
    }

    /** A square window with the given stride and padding. */
    public AvgPool2d(int kernelSize, int stride, int padding) {
        this(Repr.both(kernelSize), Repr.both(stride), Repr.both(padding), false, true);
    }

    /** Every option, as PyTorch's {@code AvgPool2d} (without divisor_override). */
    public AvgPool2d(int[] kernelSize, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad) {
        this.kernelSize = kernelSize.clone();
        this.stride = stride.clone();
        this.padding = padding.clone();
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
    }

    @Override
    public Tensor forward(Tensor x) {
        return observed(F.avgPool2d(x, kernelSize, stride, padding, ceilMode, countIncludePad));
    }

    @Override
    public String extraRepr() {
        return "kernel_size=" + PoolRepr.value(kernelSize) + ", stride=" + PoolRepr.value(stride) + ", padding="
                + PoolRepr.value(padding);
    }
}
