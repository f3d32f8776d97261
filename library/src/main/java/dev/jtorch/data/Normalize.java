package dev.jtorch.data;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;

import java.util.Arrays;

/**
 * Standardises inputs to zero mean and unit variance per feature (inputs {@code [N, F]}) or
 * per channel (inputs {@code [N, C, ...]}), as torchvision's {@code transforms.Normalize}
 * or scikit-learn's {@code StandardScaler}: {@code (x - mean) / std}. Fit it on the
 * training set and apply it to both sets, so the test set tells nothing to the model.
 *
 * <p>Shape: {@link #apply(Tensor)} takes a batch {@code [N, F]} / {@code [N, C, ...]} or one
 * example {@code [F]} / {@code [C, ...]} and returns the same shape.
 *
 * <pre>{@code
 * var split = Wine.load().trainTestSplit(0.25);
 * var norm = Normalize.fit(split.train().inputs());
 * var train = norm.apply(split.train());
 * var test = norm.apply(split.test());
 * }</pre>
 */
public final class Normalize {
    private final Tensor mean;
    private final Tensor std;

    /**
     * Normalises with the given per-feature (or per-channel) means and standard deviations.
     * For channel statistics of images use {@link #perChannel}.
     */
    public Normalize(double[] mean, double[] std) {
        this(Torch.tensor(mean), Torch.tensor(checkStd(mean, std)));
    }

    private Normalize(Tensor mean, Tensor std) {
        this.mean = mean;
        this.std = std;
    }

    /** Channel statistics for image inputs {@code [N, C, H, W]}, as {@code transforms.Normalize(mean, std)}. */
    public static Normalize perChannel(double[] mean, double[] std) {
        checkStd(mean, std);
        return new Normalize(Torch.tensor(mean).reshape(mean.length, 1, 1), Torch.tensor(std).reshape(std.length, 1, 1));
    }

    private static double[] checkStd(double[] mean, double[] std) {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("Normalize: mean and std must have the same non-zero length, got "
                    + mean.length + " and " + std.length);
        }
        for (double s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("Normalize: every std must be > 0, got " + Arrays.toString(std));
            }
        }
        return std;
    }

    /**
     * The mean and (population) standard deviation of {@code inputs} per feature of
     * {@code [N, F]}, or per channel (dim 1) of {@code [N, C, ...]}. A constant feature gets
     * std 1, so it maps to 0 instead of dividing by zero.
     */
    public static Normalize fit(Tensor inputs) {
        if (inputs.dim() < 2 || inputs.dtype() != DType.FLOAT32 || inputs.size(0) == 0) {
            throw new IllegalArgumentException("Normalize.fit: expected float32 inputs [N, F] or [N, C, ...] with N > 0, got "
                    + Arrays.toString(inputs.shape()) + " " + inputs.dtype());
        }
        int[] shape = inputs.shape();
        int n = shape[0];
        int channels = shape[1];
        int inner = inputs.numel() / (n * channels);
        float[] x = inputs.toFloatArray();
        double[] mean = new double[channels];
        double[] std = new double[channels];
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                int base = (i * channels + c) * inner;
                for (int k = 0; k < inner; k++) {
                    sum += x[base + k];
                }
            }
            double m = sum / ((double) n * inner);
            double squares = 0;
            for (int i = 0; i < n; i++) {
                int base = (i * channels + c) * inner;
                for (int k = 0; k < inner; k++) {
                    double d = x[base + k] - m;
                    squares += d * d;
                }
            }
            double s = Math.sqrt(squares / ((double) n * inner));
            mean[c] = m;
            std[c] = s > 1e-12 ? s : 1;
        }
        int[] statShape = new int[shape.length - 1];
        Arrays.fill(statShape, 1);
        statShape[0] = channels;
        return new Normalize(Torch.tensor(mean).reshape(statShape), Torch.tensor(std).reshape(statShape));
    }

    /** The statistics fitted on the inputs of {@code dataset}. */
    public static Normalize fit(TensorDataset dataset) {
        return fit(dataset.inputs());
    }

    /** {@code (x - mean) / std}, broadcast over the batch dimension. */
    public Tensor apply(Tensor x) {
        int statDims = mean.dim();
        if (x.dim() != statDims && x.dim() != statDims + 1) {
            throw new IllegalArgumentException("Normalize: the statistics have shape " + Arrays.toString(mean.shape())
                    + " but the input has shape " + Arrays.toString(x.shape()) + "; expected one example or a batch of them");
        }
        int channelDim = x.dim() - statDims;
        if (x.size(channelDim) != mean.size(0)) {
            throw new IllegalArgumentException("Normalize: the input has " + x.size(channelDim) + " features/channels in dim "
                    + channelDim + " (shape " + Arrays.toString(x.shape()) + ") but the statistics have " + mean.size(0));
        }
        return x.sub(mean).div(std);
    }

    /** A new dataset with normalised inputs and the same targets. */
    public TensorDataset apply(TensorDataset dataset) {
        try (var ignored = Torch.noGrad()) {
            return new TensorDataset(apply(dataset.inputs()), dataset.targets());
        }
    }

    /** The means, shaped for broadcasting ({@code [F]} or {@code [C, 1, ...]}). */
    public Tensor mean() {
        return mean;
    }

    /** The standard deviations, shaped like {@link #mean()}. */
    public Tensor std() {
        return std;
    }

    @Override
    public String toString() {
        return "Normalize(mean=" + Arrays.toString(mean.toFloatArray()) + ", std=" + Arrays.toString(std.toFloatArray()) + ")";
    }
}
