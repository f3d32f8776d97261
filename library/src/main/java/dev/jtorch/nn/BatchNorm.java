package dev.jtorch.nn;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.nn.functional.F;

import java.util.Arrays;

/**
 * What {@link BatchNorm1d} and {@link BatchNorm2d} share: per-channel normalisation with
 * learnable scale and shift, batch statistics in training and running statistics (the
 * buffers {@code running_mean}, {@code running_var}, {@code num_batches_tracked}, saved in
 * the state dict as PyTorch's are) in evaluation.
 */
public abstract class BatchNorm extends Module {
    /** The number of channels C. */
    public final int numFeatures;
    /** Added to the variance before the square root. */
    public final double eps;
    /** How far each training batch moves the running statistics. */
    public final double momentum;
    /** Whether there is a learnable scale and shift. */
    public final boolean affine;
    /** Whether running statistics are kept (otherwise batch statistics are used in both modes). */
    public final boolean trackRunningStats;
    /** The learnable scale [C], starting at 1, or null. */
    public final Parameter weight;
    /** The learnable shift [C], starting at 0, or null. */
    public final Parameter bias;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Tensor numBatchesTracked;

    /** Subclasses state the input rank they accept. */
    protected BatchNorm(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        if (numFeatures < 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": num_features must be positive, got " + numFeatures);
        }
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.affine = affine;
        this.trackRunningStats = trackRunningStats;
        this.weight = affine ? new Parameter(Torch.ones(numFeatures)) : null;
        this.bias = affine ? new Parameter(Torch.zeros(numFeatures)) : null;
        if (trackRunningStats) {
            runningMean = registerBuffer("running_mean", Torch.zeros(numFeatures));
            runningVar = registerBuffer("running_var", Torch.ones(numFeatures));
            numBatchesTracked = registerBuffer("num_batches_tracked", Torch.zeros(DType.INT64));
        } else {
            runningMean = null;
            runningVar = null;
            numBatchesTracked = null;
        }
    }

    /** The running mean per channel (a buffer), or null without running statistics. */
    public Tensor runningMean() {
        return runningMean;
    }

    /** The running (unbiased) variance per channel (a buffer), or null without running statistics. */
    public Tensor runningVar() {
        return runningVar;
    }

    /** Whether {@code rank} is an input rank this layer accepts, and its description for errors. */
    abstract boolean acceptsRank(int rank);

    abstract String expectedInput();

    @Override
    public Tensor forward(Tensor x) {
        String name = getClass().getSimpleName();
        if (!acceptsRank(x.dim())) {
            throw new IllegalArgumentException(name + ": expected " + expectedInput() + " input (got " + x.dim()
                    + "D input of shape " + Arrays.toString(x.shape()) + ")");
        }
        if (x.size(1) != numFeatures) {
            throw new IllegalArgumentException(name + ": expected input with " + numFeatures + " channels at dim 1 "
                    + "(num_features), got input of shape " + Arrays.toString(x.shape()) + " with " + x.size(1)
                    + "; construct it as " + name + "(" + x.size(1) + ") or check the layer before");
        }
        boolean useBatchStats = isTraining() || !trackRunningStats;
        if (isTraining() && trackRunningStats) {
            try (var g = Torch.noGrad()) {
                numBatchesTracked.add_(1);
            }
        }
        return observed(F.batchNorm(x, runningMean, runningVar, weight, bias, useBatchStats, momentum, eps));
    }

    @Override
    public String extraRepr() {
        return numFeatures + ", eps=" + Repr.num(eps) + ", momentum=" + Repr.num(momentum) + ", affine=" + Repr.bool(affine)
                + ", track_running_stats=" + Repr.bool(trackRunningStats);
    }
}
