package dev.jtorch.nn;

import dev.jtorch.Tensor;
import dev.jtorch.nn.functional.F;

/**
 * The maximum over each window of each channel.
 *
 * <p>Shape: input {@code [N, C, H, W]} (or {@code [C, H, W]}), output
 * {@code [N, C, H_out, W_out]} with {@code H_out = (H + 2·padding - dilation·(kernel-1) - 1) / stride + 1}
 * (rounded up with {@code ceilMode}). The stride defaults to the kernel size.
 *
 * <pre>{@code
 * new MaxPool2d(2).forward(randn(1, 16, 32, 32));   // [1, 16, 16, 16]
 * }</pre>
 */
public class MaxPool2d extends Module {
    /** Window height and width. */
    public final int[] kernelSize;
    /** Step between windows. */
    public final int[] stride;
    /** Implicit negative-infinity padding on each side. */
    public final int[] padding;
    /** Spacing between window taps. */
    public final int[] dilation;
    /** Whether the output size rounds up. */
    public final boolean ceilMode;

    /** A square window, stride equal to it. */
    public MaxPool2d(int kernelSize) {
        this(kernelSize, kernelSize);
    }

    /** A square window with the given stride. */
    public MaxPool2d(int kernelSize, int stride) {
        this(kernelSize, stride, 0);
    }

    /** A square window with the given stride and padding. */
    public MaxPool2d(int kernelSize, int stride, int padding) {
        this(Repr.both(kernelSize), Repr.both(stride), Repr.both(padding), Repr.both(1), false);
    }

    /** Every option, as PyTorch's {@code MaxPool2d}. */
    public MaxPool2d(int[] kernelSize, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        this.kernelSize = kernelSize.clone();
        this.stride = stride.clone();
        this.padding = padding.clone();
        this.dilation = dilation.clone();
        this.ceilMode = ceilMode;
    }

    @Override
    public Tensor forward(Tensor x) {
        return observed(F.maxPool2d(x, kernelSize, stride, padding, dilation, ceilMode));
    }

    @Override
    public String extraRepr() {
        return "kernel_size=" + PoolRepr.value(kernelSize) + ", stride=" + PoolRepr.value(stride) + ", padding="
                + PoolRepr.value(padding) + ", dilation=" + PoolRepr.value(dilation) + ", ceil_mode=" + Repr.bool(ceilMode);
    }
}
