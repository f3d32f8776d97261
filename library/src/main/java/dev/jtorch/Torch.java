package dev.jtorch;

/**
 * Static factories and functions, as in the {@code torch} module. Notebook cells import
 * them statically, so {@code randn(3, 4)} reads as in Python.
 *
 * <pre>{@code
 * manualSeed(0);
 * var x = randn(100, 10);
 * var w = zeros(10, 1).requiresGrad_(true);
 * var y = relu(x.matmul(w));
 * try (var g = noGrad()) { ... }
 * }</pre>
 */
public final class Torch {
    private Torch() {
    }

    // ---------------------------------------------------------------- from Java data

    /** A 1-D float tensor holding a copy of {@code data}. */
    public static Tensor tensor(float[] data) {
        return Tensor.of(data.clone(), data.length);
    }

    /** A 1-D float tensor from doubles (narrowed to float32). */
    public static Tensor tensor(double[] data) {
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) data[i];
        }
        return Tensor.of(f, data.length);
    }

    /** A float tensor of {@code shape} over a copy of the row-major {@code data}. */
    public static Tensor tensor(float[] data, int... shape) {
        if (Shapes.numel(shape) != data.length) {
            throw new IllegalArgumentException("tensor: " + data.length + " values cannot fill shape "
                    + Shapes.str(shape) + " (" + Shapes.numel(shape) + " elements)");
        }
        return Tensor.of(data.clone(), shape.clone());
    }

    /** A 2-D float tensor; every row must have the same length. */
    public static Tensor tensor(float[][] data) {
        int cols = data.length == 0 ? 0 : data[0].length;
        float[] flat = new float[data.length * cols];
        for (int i = 0; i < data.length; i++) {
            requireLength(data[i].length, cols, "row " + i);
            System.arraycopy(data[i], 0, flat, i * cols, cols);
        }
        return Tensor.of(flat, data.length, cols);
    }

    /** A 3-D float tensor. */
    public static Tensor tensor(float[][][] data) {
        Tensor[] slices = new Tensor[data.length];
        for (int i = 0; i < data.length; i++) {
            slices[i] = tensor(data[i]);
        }
        return data.length == 0 ? zeros(0) : stack(slices, 0);
    }

    /** A 4-D float tensor. */
    public static Tensor tensor(float[][][][] data) {
        Tensor[] slices = new Tensor[data.length];
        for (int i = 0; i < data.length; i++) {
            slices[i] = tensor(data[i]);
        }
        return data.length == 0 ? zeros(0) : stack(slices, 0);
    }

    /** A 1-D int64 tensor (labels, indices). */
    public static Tensor tensor(long[] data) {
        return Tensor.of(data.clone(), data.length);
    }

    /** An int64 tensor of {@code shape} over a copy of the row-major {@code data}. */
    public static Tensor tensor(long[] data, int... shape) {
        if (Shapes.numel(shape) != data.length) {
            throw new IllegalArgumentException("tensor: " + data.length + " values cannot fill shape " + Shapes.str(shape));
        }
        return Tensor.of(data.clone(), shape.clone());
    }

    /** A 2-D int64 tensor. */
    public static Tensor tensor(long[][] data) {
        int cols = data.length == 0 ? 0 : data[0].length;
        long[] flat = new long[data.length * cols];
        for (int i = 0; i < data.length; i++) {
            requireLength(data[i].length, cols, "row " + i);
            System.arraycopy(data[i], 0, flat, i * cols, cols);
        }
        return Tensor.of(flat, data.length, cols);
    }

    /** A 1-D int64 tensor from ints. */
    public static Tensor tensor(int[] data) {
        long[] l = new long[data.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = data[i];
        }
        return Tensor.of(l, data.length);
    }

    /** A 1-D bool tensor (a mask). */
    public static Tensor tensor(boolean[] data) {
        return Tensor.of(data.clone(), data.length);
    }

    /** A 0-d float tensor holding {@code value}. */
    public static Tensor scalar(double value) {
        return Tensor.of(new float[]{(float) value});
    }

    private static void requireLength(int got, int expected, String what) {
        if (got != expected) {
            throw new IllegalArgumentException("tensor: expected sequences of equal length " + expected + ", but "
                    + what + " has length " + got);
        }
    }

    // ---------------------------------------------------------------- filled

    /** A float tensor of zeros. */
    public static Tensor zeros(int... shape) {
        return Tensor.empty(DType.FLOAT32, checkShape("zeros", shape));
    }

    /** A float tensor of ones. */
    public static Tensor ones(int... shape) {
        return full(shape, 1);
    }

    /** A float tensor filled with {@code value}. */
    public static Tensor full(int[] shape, double value) {
        Tensor t = Tensor.empty(DType.FLOAT32, checkShape("full", shape));
        java.util.Arrays.fill(t.storage.f, (float) value);
        return t;
    }

    /** A tensor of {@code dtype} filled with zeros. */
    public static Tensor zeros(DType dtype, int... shape) {
        return Tensor.empty(dtype, checkShape("zeros", shape));
    }

    /** Zeros with the shape and dtype of {@code t}. */
    public static Tensor zerosLike(Tensor t) {
        return Tensor.empty(t.dtype, t.shape.clone());
    }

    /** Ones with the shape and dtype of {@code t}. */
    public static Tensor onesLike(Tensor t) {
        return fullLike(t, 1);
    }

    /** {@code value} everywhere, with the shape and dtype of {@code t}. */
    public static Tensor fullLike(Tensor t, double value) {
        return full(t.shape, value).to(t.dtype);
    }

    /** Uniform [0, 1) samples with the shape of {@code t}. */
    public static Tensor randLike(Tensor t) {
        return rand(t.shape);
    }

    /** Standard normal samples with the shape of {@code t}. */
    public static Tensor randnLike(Tensor t) {
        return randn(t.shape);
    }

    private static int[] checkShape(String op, int[] shape) {
        for (int s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException(op + ": negative dimension " + s + " in shape " + Shapes.str(shape));
            }
        }
        Shapes.numel(shape);
        return shape.clone();
    }

    // ---------------------------------------------------------------- ranges

    /** {@code 0, 1, ..., end-1} as int64. */
    public static Tensor arange(long end) {
        return arange(0, end);
    }

    /** {@code start, start+1, ..., end-1} as int64. */
    public static Tensor arange(long start, long end) {
        int n = (int) Math.max(end - start, 0);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = start + i;
        }
        return Tensor.of(out, n);
    }

    /** {@code start, start+step, ...} below {@code end}, as float. */
    public static Tensor arange(double start, double end, double step) {
        if (step == 0 || (end - start) / step < 0) {
            throw new IllegalArgumentException("arange: step " + step + " cannot go from " + start + " to " + end);
        }
        int n = (int) Math.ceil((end - start) / step);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (start + i * step);
        }
        return Tensor.of(out, n);
    }

    /** {@code steps} evenly spaced floats from {@code start} to {@code end} inclusive. */
    public static Tensor linspace(double start, double end, int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("linspace: number of steps must be non-negative, got " + steps);
        }
        float[] out = new float[steps];
        for (int i = 0; i < steps; i++) {
            out[i] = (float) (steps == 1 ? start : start + (end - start) * i / (steps - 1));
        }
        return Tensor.of(out, steps);
    }

    /** The n×n identity matrix. */
    public static Tensor eye(int n) {
        Tensor t = zeros(n, n);
        for (int i = 0; i < n; i++) {
            t.storage.f[i * n + i] = 1;
        }
        return t;
    }

    // ---------------------------------------------------------------- random

    /** Seeds the generator behind every random draw, so that runs repeat exactly. */
    public static void manualSeed(long seed) {
        Random.seed(seed);
    }

    /** Uniform samples in [0, 1). */
    public static Tensor rand(int... shape) {
        return Tensor.of(Random.uniform(Shapes.numel(checkShape("rand", shape)), 0, 1), shape.clone());
    }

    /** Standard normal samples. */
    public static Tensor randn(int... shape) {
        return Tensor.of(Random.normal(Shapes.numel(checkShape("randn", shape)), 0, 1), shape.clone());
    }

    /** Uniform int64 samples in [low, high). */
    public static Tensor randint(long low, long high, int... shape) {
        if (high <= low) {
            throw new IllegalArgumentException("randint: expects low < high, got low=" + low + " high=" + high);
        }
        return Tensor.of(Random.integers(Shapes.numel(checkShape("randint", shape)), low, high), shape.clone());
    }

    /** A random permutation of {@code 0..n-1}, as int64. */
    public static Tensor randperm(int n) {
        return Tensor.of(Random.permutation(n), n);
    }

    /** Bool samples that are true with probability {@code p}. */
    public static Tensor bernoulli(double p, int... shape) {
        return Tensor.of(Random.bernoulli(Shapes.numel(checkShape("bernoulli", shape)), p), shape.clone());
    }

    // ---------------------------------------------------------------- autograd scopes

    /** A scope without gradient recording: {@code try (var g = noGrad()) { ... }}. */
    public static NoGrad noGrad() {
        return new NoGrad(false);
    }

    /** A scope with gradient recording, inside a {@link #noGrad()} scope. */
    public static NoGrad enableGrad() {
        return new NoGrad(true);
    }

    // ---------------------------------------------------------------- functions

    /** Concatenates tensors along an existing dim. */
    public static Tensor cat(Tensor[] tensors, int dim) {
        return Indexing.cat(tensors, dim);
    }

    /** Concatenates tensors along dim 0. */
    public static Tensor cat(Tensor... tensors) {
        return Indexing.cat(tensors, 0);
    }

    /** Stacks equal-shaped tensors along a new dim. */
    public static Tensor stack(Tensor[] tensors, int dim) {
        return Indexing.stack(tensors, dim);
    }

    /** Stacks equal-shaped tensors along a new dim 0. */
    public static Tensor stack(Tensor... tensors) {
        return Indexing.stack(tensors, 0);
    }

    /** Elements of {@code a} where {@code condition} holds, else of {@code b}. */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) {
        return Indexing.where(condition, a, b);
    }

    /** Elements of {@code a} where {@code condition} holds, else {@code b}. */
    public static Tensor where(Tensor condition, Tensor a, double b) {
        return Indexing.where(condition, a, scalar(b));
    }

    /** The matrix product (see {@link Tensor#matmul}). */
    public static Tensor matmul(Tensor a, Tensor b) {
        return a.matmul(b);
    }

    /** {@code max(x, 0)}. */
    public static Tensor relu(Tensor x) {
        return x.relu();
    }

    /** {@code 1 / (1 + e^-x)}. */
    public static Tensor sigmoid(Tensor x) {
        return x.sigmoid();
    }

    /** The hyperbolic tangent. */
    public static Tensor tanh(Tensor x) {
        return x.tanh();
    }

    /** {@code e^x}. */
    public static Tensor exp(Tensor x) {
        return x.exp();
    }

    /** The natural logarithm. */
    public static Tensor log(Tensor x) {
        return x.log();
    }

    /** The square root. */
    public static Tensor sqrt(Tensor x) {
        return x.sqrt();
    }

    /** The absolute value. */
    public static Tensor abs(Tensor x) {
        return x.abs();
    }

    /** Softmax over {@code dim}. */
    public static Tensor softmax(Tensor x, int dim) {
        return x.softmax(dim);
    }

    /** Log-softmax over {@code dim}. */
    public static Tensor logSoftmax(Tensor x, int dim) {
        return x.logSoftmax(dim);
    }

    /** The sum of all elements. */
    public static Tensor sum(Tensor x) {
        return x.sum();
    }

    /** The mean of all elements. */
    public static Tensor mean(Tensor x) {
        return x.mean();
    }

    /** The index of the largest element over {@code dim}. */
    public static Tensor argmax(Tensor x, int dim) {
        return x.argmax(dim);
    }

    /** Elementwise maximum. */
    public static Tensor maximum(Tensor a, Tensor b) {
        return a.maximum(b);
    }

    /** Elementwise minimum. */
    public static Tensor minimum(Tensor a, Tensor b) {
        return a.minimum(b);
    }

    /** Values limited to [min, max]. */
    public static Tensor clamp(Tensor x, double min, double max) {
        return x.clamp(min, max);
    }

    /** Whether {@code a} and {@code b} are elementwise close (rtol 1e-5, atol 1e-8). */
    public static boolean allClose(Tensor a, Tensor b) {
        return a.allClose(b);
    }

    /** Whether {@code a} and {@code b} are elementwise close within the given tolerances. */
    public static boolean allClose(Tensor a, Tensor b, double rtol, double atol) {
        return a.allClose(b, rtol, atol);
    }

    /** A device by name: {@code "cpu"} works; {@code "cuda"} names a device this build cannot use. */
    public static Device device(String name) {
        return Device.of(name);
    }

    // ---------------------------------------------------------------- neural-network ops (see dev.jtorch.nn.functional.F)

    /**
     * 2-D convolution of {@code x} [N, C, H, W] (or [C, H, W]) with {@code weight}
     * [O, C/groups, kH, kW], plus {@code bias} [O] (may be null); result [N, O, outH, outW] with
     * {@code out = (in + 2·padding - dilation·(k-1) - 1) / stride + 1} per spatial dim.
     *
     * <pre>{@code
     * var y = conv2d(randn(8, 3, 32, 32), randn(16, 3, 3, 3), zeros(16), new int[]{1, 1}, new int[]{1, 1}, new int[]{1, 1}, 1);
     * }</pre>
     */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        return Convolution.conv2d(x, weight, bias, pair("conv2d", "stride", stride), pair("conv2d", "padding", padding),
                pair("conv2d", "dilation", dilation), groups);
    }

    /** 2-D convolution with the same stride and padding along both dims, no dilation, one group. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
        return conv2d(x, weight, bias, new int[]{stride, stride}, new int[]{padding, padding}, new int[]{1, 1}, 1);
    }

    /** 1-D convolution of {@code x} [N, C, L] (or [C, L]) with {@code weight} [O, C/groups, k]; bias [O] or null. */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
        if (x.dim() != 2 && x.dim() != 3) {
            throw new IllegalArgumentException("conv1d: expected a 2-D [C, L] or 3-D [N, C, L] input, got shape "
                    + Shapes.str(x.shape));
        }
        if (weight.dim() != 3) {
            throw new IllegalArgumentException("conv1d: weight must be 3-D [out_channels, in_channels/groups, k], got shape "
                    + Shapes.str(weight.shape));
        }
        int spatial = x.dim() - 1;
        Tensor out = Convolution.conv2d(x.unsqueeze(spatial), weight.unsqueeze(2), bias, new int[]{1, stride},
                new int[]{0, padding}, new int[]{1, dilation}, groups);
        return out.squeeze(spatial);
    }

    /**
     * 2-D transposed convolution ("deconvolution") of {@code x} [N, Cin, H, W] with {@code weight}
     * [Cin, Cout/groups, kH, kW]; result [N, Cout, (H-1)·stride - 2·padding + dilation·(kH-1) + outputPadding + 1, ...].
     */
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding,
                                         int[] outputPadding, int groups, int[] dilation) {
        String op = "convTranspose2d";
        return Convolution.convTranspose2d(x, weight, bias, pair(op, "stride", stride), pair(op, "padding", padding),
                pair(op, "outputPadding", outputPadding), groups, pair(op, "dilation", dilation));
    }

    /**
     * Max pooling over {@code kernel} windows of {@code x} [N, C, H, W] (or [C, H, W]); padding is
     * implicit negative infinity.
     */
    public static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        String op = "maxPool2d";
        int[] k = pair(op, "kernel_size", kernel);
        return Pooling.maxPool2d(x, k, stride == null || stride.length == 0 ? k : pair(op, "stride", stride),
                pair(op, "padding", padding), pair(op, "dilation", dilation), ceilMode);
    }

    /** Max pooling with a square window; stride equal to the window, as PyTorch's default. */
    public static Tensor maxPool2d(Tensor x, int kernel) {
        return maxPool2d(x, new int[]{kernel}, new int[]{kernel}, new int[]{0}, new int[]{1}, false);
    }

    /** Average pooling over {@code kernel} windows of {@code x} [N, C, H, W] (or [C, H, W]). */
    public static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad) {
        String op = "avgPool2d";
        int[] k = pair(op, "kernel_size", kernel);
        return Pooling.avgPool2d(x, k, stride == null || stride.length == 0 ? k : pair(op, "stride", stride),
                pair(op, "padding", padding), ceilMode, countIncludePad);
    }

    /** Average pooling with a square window; stride equal to the window. */
    public static Tensor avgPool2d(Tensor x, int kernel) {
        return avgPool2d(x, new int[]{kernel}, new int[]{kernel}, new int[]{0}, false, true);
    }

    /** Average pooling to a fixed output size {@code outH × outW}, whatever the input size. */
    public static Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW) {
        return Pooling.adaptiveAvgPool2d(x, outH, outW);
    }

    /**
     * Batch normalisation of {@code x} [N, C, *] per channel, as one op. In training it uses
     * the batch's mean and biased variance and moves {@code runningMean}/{@code runningVar}
     * (may be null) toward them by {@code momentum} (the variance unbiased), in place;
     * otherwise it uses the running statistics. {@code weight} and {@code bias} [C] may be null.
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, double momentum, double eps) {
        return Normalization.batchNorm(x, runningMean, runningVar, weight, bias, training, momentum, eps);
    }

    /** The Gaussian error linear unit {@code x·Φ(x)} (exact, with the normal CDF). */
    public static Tensor gelu(Tensor x) {
        return Activations.gelu(x);
    }

    /** One value for both spatial dims, or one per dim. */
    private static int[] pair(String op, String what, int[] values) {
        if (values.length == 1) {
            return new int[]{values[0], values[0]};
        }
        if (values.length != 2) {
            throw new IllegalArgumentException(op + ": " + what + " must have 1 or 2 values, got "
                    + java.util.Arrays.toString(values));
        }
        return values.clone();
    }

    // ---------------------------------------------------------------- threads and files

    /** Sets how many threads the compute pool uses (default: the machine's cores). */
    public static void setNumThreads(int threads) {
        dev.jtorch.cpu.Parallel.setNumThreads(threads);
    }

    /** How many threads the compute pool uses. */
    public static int getNumThreads() {
        return dev.jtorch.cpu.Parallel.numThreads();
    }

    /**
     * Saves a state dict as a safetensors file, atomically: {@code save(model.stateDict(), "model.safetensors")}.
     */
    public static void save(java.util.Map<String, Tensor> stateDict, String path) {
        dev.jtorch.io.Serialization.save(stateDict, path);
    }

    /** Saves a state dict as a safetensors file, atomically. */
    public static void save(java.util.Map<String, Tensor> stateDict, java.nio.file.Path path) {
        dev.jtorch.io.Serialization.save(stateDict, path);
    }

    /** Loads a state dict saved by {@link #save}: {@code model.loadStateDict(load("model.safetensors"))}. */
    public static java.util.Map<String, Tensor> load(String path) {
        return dev.jtorch.io.Serialization.load(path);
    }

    /** Loads a state dict saved by {@link #save}. */
    public static java.util.Map<String, Tensor> load(java.nio.file.Path path) {
        return dev.jtorch.io.Serialization.load(path);
    }
}
