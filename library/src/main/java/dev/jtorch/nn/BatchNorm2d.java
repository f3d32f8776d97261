package dev.jtorch.nn;

/**
 * Batch normalisation per channel: {@code (x - mean) / √(var + eps) · weight + bias}, with
 * the batch's statistics in training (updating the running ones) and the running statistics
 * after {@link Module#eval()}.
 *
 * <p>Shape: input {@code [N, C, H, W]}, output the same.
 *
 * <pre>{@code
 * var bn = new BatchNorm2d(16);
 * bn.stateDict().keySet();   // [weight, bias, running_mean, running_var, num_batches_tracked]
 * }</pre>
 */
public class BatchNorm2d extends BatchNorm {

    /** eps 1e-5, momentum 0.1, affine, with running statistics. */
    public BatchNorm2d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, true, true);
    }

    /** Every option, as PyTorch's {@code BatchNorm2d}. */
    public BatchNorm2d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    boolean acceptsRank(int rank) {
        return rank == 4;
    }

    @Override
    String expectedInput() {
        return "4D";
    }
}
