package dev.jtorch;

import dev.jtorch.cpu.BatchOutput;
import dev.jtorch.cpu.DirectConv;
import dev.jtorch.cpu.Gemm;
import dev.jtorch.cpu.Im2col;
import dev.jtorch.cpu.Parallel;
import dev.jtorch.cpu.RangeBody;
import dev.jtorch.cpu.Scratch;
import dev.jtorch.cpu.VectorMath;

/**
 * 2-D convolution as im2col + GEMM, and its two adjoints: the gradient with respect to the
 * input (which is also the transposed convolution) and the gradient with respect to the
 * weight. Each of the three is a recorded op whose backward is expressed with the other two,
 * so gradients of any order flow through a convolution.
 *
 * <p>Layouts: input {@code [N, C, H, W]}, weight {@code [O, C/groups, kh, kw]}, output
 * {@code [N, O, outH, outW]}. For one sample and one group, im2col unfolds the input into a
 * {@code (C/groups·kh·kw) × (outH·outW)} matrix, and the output is weight·cols. A forward
 * convolution with few taps (a first layer on 1-3 colour channels) skips the unfolding and
 * runs {@link DirectConv} instead.
 */
final class Convolution {
    private Convolution() {
    }

    /** Everything that fixes the arithmetic of one convolution. H and W are the sizes of the image side. */
    record Geometry(int n, int c, int h, int w, int o, int kh, int kw, int strideH, int strideW,
                    int padH, int padW, int dilH, int dilW, int groups, int outH, int outW) {
        int cg() {
            return c / groups;
        }

        int og() {
            return o / groups;
        }

        int k() {
            return cg() * kh * kw;
        }

        int l() {
            return outH * outW;
        }

        int[] imageShape() {
            return new int[]{n, c, h, w};
        }

        int[] outputShape() {
            return new int[]{n, o, outH, outW};
        }

        int[] weightShape() {
            return new int[]{o, cg(), kh, kw};
        }
    }

    // ---------------------------------------------------------------- public entry points (via Torch)

    static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        String op = "conv2d";
        Tensor in = batchedInput(op, x, weight, bias, stride, dilation, groups, "out_channels", "in_channels");
        int c = in.shape[1];
        if (c != weight.shape[1] * groups) {
            throw new IllegalArgumentException(op + ": expected input " + Shapes.str(x.shape) + " to have "
                    + weight.shape[1] * groups + " channels (weight of shape " + Shapes.str(weight.shape)
                    + (groups > 1 ? " with groups=" + groups : "") + "), but got " + c + " channels instead");
        }
        int h = in.shape[2];
        int w = in.shape[3];
        int kh = weight.shape[2];
        int kw = weight.shape[3];
        int outH = outSize(h, kh, stride[0], padding[0], dilation[0]);
        int outW = outSize(w, kw, stride[1], padding[1], dilation[1]);
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException(op + ": the padded input of size " + (h + 2 * padding[0]) + "x"
                    + (w + 2 * padding[1]) + " (input " + Shapes.str(x.shape) + ") is smaller than the kernel's extent "
                    + (dilation[0] * (kh - 1) + 1) + "x" + (dilation[1] * (kw - 1) + 1)
                    + "; use a smaller kernel, more padding, or a larger input");
        }
        Geometry g = new Geometry(in.shape[0], c, h, w, weight.shape[0], kh, kw, stride[0], stride[1],
                padding[0], padding[1], dilation[0], dilation[1], groups, outH, outW);
        if (bias != null) {
            checkBias(op, bias, g.o);
        }
        Tensor out = forward(in, weight, bias, g);
        return x.dim() == 3 ? out.squeeze(0) : out;
    }

    static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding,
                                  int[] outputPadding, int groups, int[] dilation) {
        String op = "convTranspose2d";
        Tensor in = batchedInput(op, x, weight, bias, stride, dilation, groups, "in_channels", "out_channels");
        if (in.shape[1] != weight.shape[0]) {
            throw new IllegalArgumentException(op + ": expected input " + Shapes.str(x.shape) + " to have "
                    + weight.shape[0] + " channels (weight of shape " + Shapes.str(weight.shape) + "), but got "
                    + in.shape[1] + " channels instead");
        }
        for (int d = 0; d < 2; d++) {
            if (outputPadding[d] < 0 || outputPadding[d] >= Math.max(stride[d], dilation[d])) {
                throw new IllegalArgumentException(op + ": output_padding (" + outputPadding[d]
                        + ") must be smaller than either stride (" + stride[d] + ") or dilation (" + dilation[d] + ")");
            }
        }
        int kh = weight.shape[2];
        int kw = weight.shape[3];
        int outH = (in.shape[2] - 1) * stride[0] - 2 * padding[0] + dilation[0] * (kh - 1) + outputPadding[0] + 1;
        int outW = (in.shape[3] - 1) * stride[1] - 2 * padding[1] + dilation[1] * (kw - 1) + outputPadding[1] + 1;
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException(op + ": the output size " + outH + "x" + outW + " for input "
                    + Shapes.str(x.shape) + " is not positive; reduce the padding");
        }
        // The transposed convolution is the input-gradient of the convolution that maps its
        // output back to its input: image side [N, out, outH, outW], kernel side [N, in, H, W].
        Geometry g = new Geometry(in.shape[0], weight.shape[1] * groups, outH, outW, weight.shape[0], kh, kw,
                stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1], groups, in.shape[2], in.shape[3]);
        Tensor out = inputGrad(in, weight, g);
        if (bias != null) {
            checkBias(op, bias, g.c);
            out = out.add(bias.view(1, g.c, 1, 1));
        }
        return x.dim() == 3 ? out.squeeze(0) : out;
    }

    /**
     * The checks {@link #conv2d} and {@link #convTranspose2d} share, then the input as a batch
     * ([C, H, W] as [1, C, H, W]). The weight is [first, second/groups, kH, kW], named as the op
     * names its dims (conv2d: out_channels, in_channels).
     */
    private static Tensor batchedInput(String op, Tensor x, Tensor weight, Tensor bias, int[] stride, int[] dilation,
                                       int groups, String first, String second) {
        requireFloat(op, x, weight, bias);
        if (weight.dim() != 4) {
            throw new IllegalArgumentException(op + ": weight must be 4-D [" + first + ", " + second + "/groups, kH, kW], got shape "
                    + Shapes.str(weight.shape));
        }
        if (x.dim() != 3 && x.dim() != 4) {
            throw new IllegalArgumentException(op + ": expected a 3-D [C, H, W] or 4-D [N, C, H, W] input, got shape "
                    + Shapes.str(x.shape));
        }
        checkPositive(op, "stride", stride);
        checkPositive(op, "dilation", dilation);
        if (groups < 1 || weight.shape[0] % groups != 0) {
            throw new IllegalArgumentException(op + ": groups (" + groups + ") must be positive and divide " + first + " ("
                    + weight.shape[0] + ")");
        }
        return x.dim() == 3 ? x.unsqueeze(0) : x;
    }

    static int outSize(int size, int k, int stride, int pad, int dil) {
        int span = size + 2 * pad - dil * (k - 1) - 1;
        return span < 0 ? 0 : span / stride + 1;
    }

    private static void requireFloat(String op, Tensor x, Tensor weight, Tensor bias) {
        x.requireFloat(op + " input");
        weight.requireFloat(op + " weight");
        if (bias != null) {
            bias.requireFloat(op + " bias");
        }
    }

    private static void checkPositive(String op, String what, int[] values) {
        for (int v : values) {
            if (v < 1) {
                throw new IllegalArgumentException(op + ": " + what + " must be positive, got " + java.util.Arrays.toString(values));
            }
        }
    }

    private static void checkBias(String op, Tensor bias, int channels) {
        if (bias.dim() != 1 || bias.shape[0] != channels) {
            throw new IllegalArgumentException(op + ": bias must have shape [" + channels + "], got " + Shapes.str(bias.shape));
        }
    }

    // ---------------------------------------------------------------- the three recorded ops

    /** y = conv(x, w): image [N, C, H, W] to output [N, O, outH, outW]. */
    static Tensor forward(Tensor x, Tensor weight, Geometry g) {
        return forward(x, weight, null, g);
    }

    /**
     * y = conv(x, w) + bias (bias [O] or null). The bias is added to each output row while it
     * is still in cache, and its gradient is summed straight from gy: a separate broadcast
     * add would cost a pass over the output forward and a strided reduction backward.
     */
    static Tensor forward(Tensor x, Tensor weight, Tensor bias, Geometry g) {
        float[] xs = x.floatData();
        float[] ws = weight.floatData();
        float[] bs = bias == null ? null : bias.floatData();
        int k = g.k();
        int l = g.l();
        int og = g.og();
        if (DirectConv.suits(k, g.strideW, g.outW)) {
            DirectConv direct = new DirectConv(g.cg(), g.h, g.w, g.kh, g.kw, g.strideH, g.padH, g.padW, g.dilH, g.dilW);
            // a first layer's output is large: computed while it is being allocated
            float[] out = BatchOutput.compute(g.n, g.o * l, () -> new float[direct.workspaceSize()], (s, into, at, padded) -> {
                for (int grp = 0; grp < g.groups; grp++) {
                    direct.forward(xs, (s * g.c + grp * g.cg()) * g.h * g.w, ws, grp * og * k, og, bs, grp * og,
                            into, at + grp * og * l, padded);
                }
            });
            return recordForward(x, weight, bias, g, out);
        }
        float[] out = new float[g.n * g.o * l];
        int together = samplesPerProduct(g);
        Gemm.PackedA[] w = packedWeights(ws, g, false);
        overSamples(g.n, (from, to) -> {
            float[] cols = Scratch.floats(0, k * together * l);
            float[] product = together > 1 ? Scratch.floats(1, og * together * l) : null;
            for (int s0 = from; s0 < to; s0 += together) {
                int count = Math.min(together, to - s0);
                int ld = count * l;
                for (int grp = 0; grp < g.groups; grp++) {
                    unfoldSamples(xs, s0, count, grp, g, cols);
                    if (count == 1) {
                        Gemm.sgemm(w[grp], false, l, cols, 0, l, 0f, out, (s0 * g.o + grp * og) * l, l);
                        continue;
                    }
                    Gemm.sgemm(w[grp], false, ld, cols, 0, ld, 0f, product, 0, ld);
                    scatterOutputs(product, s0, count, grp, g, out);
                }
                if (bs != null) {
                    for (int o = 0, at = s0 * g.o * l; o < count * g.o; o++, at += l) {
                        VectorMath.add(out, at, bs[o % g.o], out, at, l);
                    }
                }
            }
        });
        return recordForward(x, weight, bias, g, out);
    }

    /** The output of {@link #forward} as a tensor, recorded with its backward. */
    private static Tensor recordForward(Tensor x, Tensor weight, Tensor bias, Geometry g, float[] out) {
        Tensor y = Tensor.of(out, g.outputShape());
        Tensor[] inputs = bias == null ? new Tensor[]{x, weight} : new Tensor[]{x, weight, bias};
        return Tensor.record("ConvolutionBackward0", y, inputs, new Tensor[]{x, weight}, gy -> {
            Tensor gx = x.requiresGrad() ? inputGrad(gy, weight, g) : null;
            Tensor gw = weight.requiresGrad() ? weightGrad(x, gy, g) : null;
            return bias == null ? new Tensor[]{gx, gw} : new Tensor[]{gx, gw, bias.requiresGrad() ? biasGrad(gy, g) : null};
        });
    }

    /** Least elements of gy per parallel chunk of the bias gradient. */
    private static final int BIAS_GRAIN = 1 << 15;

    /** The bias gradient: gy [N, O, outH, outW] summed over all but the channel dim. */
    private static Tensor biasGrad(Tensor gy, Geometry g) {
        if (GradMode.enabled()) {
            return gy.sum(new int[]{0, 2, 3}, false);   // differentiable, for create_graph
        }
        float[] gys = gy.floatData();
        int l = g.l();
        float[] sums = new float[g.o];
        // Each channel is summed by one thread in sample order: the same result at any thread count.
        Parallel.forRange(g.o, Math.max(1, BIAS_GRAIN / Math.max(1, g.n * l)), (from, to) -> {
            for (int o = from; o < to; o++) {
                double s = 0;
                for (int n = 0, at = o * l; n < g.n; n++, at += g.o * l) {
                    s += VectorMath.sum(gys, at, l);
                }
                sums[o] = (float) s;
            }
        });
        return Tensor.of(sums, g.o);
    }

    /** The adjoint of {@link #forward} in x: output-shaped [N, O, outH, outW] to image-shaped [N, C, H, W]. */
    static Tensor inputGrad(Tensor gy, Tensor weight, Geometry g) {
        float[] gys = gy.floatData();
        float[] ws = weight.floatData();
        float[] gx = new float[g.n * g.c * g.h * g.w];
        int k = g.k();
        int l = g.l();
        int og = g.og();
        int together = samplesPerProduct(g);
        Gemm.PackedA[] wt = packedWeights(ws, g, true);
        overSamples(g.n, (from, to) -> {
            float[] cols = Scratch.floats(0, k * together * l);
            float[] gySide = together > 1 ? Scratch.floats(1, og * together * l) : null;
            for (int s0 = from; s0 < to; s0 += together) {
                int count = Math.min(together, to - s0);
                int ld = count * l;
                for (int grp = 0; grp < g.groups; grp++) {
                    if (count == 1) {
                        Gemm.sgemm(wt[grp], false, l, gys, (s0 * g.o + grp * og) * l, l, 0f, cols, 0, l);
                    } else {
                        gatherOutputs(gys, s0, count, grp, g, gySide);
                        Gemm.sgemm(wt[grp], false, ld, gySide, 0, ld, 0f, cols, 0, ld);
                    }
                    for (int t = 0; t < count; t++) {
                        col2im(cols, t * l, ld, g, gx, ((s0 + t) * g.c + grp * g.cg()) * g.h * g.w);
                    }
                }
            }
        });
        Tensor x = Tensor.of(gx, g.imageShape());
        return Tensor.record("ConvolutionBackward0", x, new Tensor[]{gy, weight}, new Tensor[]{gy, weight}, gg -> new Tensor[]{
                gy.requiresGrad() ? forward(gg, weight, g) : null,
                weight.requiresGrad() ? weightGrad(gg, gy, g) : null});
    }

    /**
     * The weights of each group as the left operand of every product of one call, packed once:
     * W {@code [og × k]}, or with {@code transposed} Wᵀ {@code [k × og]}.
     */
    private static Gemm.PackedA[] packedWeights(float[] ws, Geometry g, boolean transposed) {
        int og = g.og();
        int k = g.k();
        Gemm.PackedA[] packed = new Gemm.PackedA[g.groups];
        for (int grp = 0; grp < g.groups; grp++) {
            packed[grp] = Gemm.pack(transposed, transposed ? k : og, transposed ? og : k, ws, grp * og * k, k);
        }
        return packed;
    }

    /** Output positions (samples × outH·outW) that make a product worth its packing. */
    private static final int COLUMNS_PER_PRODUCT = 512;

    /**
     * How many samples {@link #forward} and {@link #inputGrad} multiply in one GEMM, side by
     * side in the columns: every GEMM packs the weights again, which on small images (deep in
     * a ConvNet, 8×8 outputs) cost as much as the product itself. Large images take one each.
     */
    private static int samplesPerProduct(Geometry g) {
        return Math.max(1, Math.min(g.n, COLUMNS_PER_PRODUCT / g.l()));
    }

    /** Samples per partial sum of the weight gradient: fixed, so that the result does not depend on the thread count. */
    private static final int SAMPLES_PER_PARTIAL = 8;

    /**
     * The adjoint of {@link #forward} in w: from the image x and an output-shaped gy to a
     * weight-shaped tensor. Blocks of samples are summed in parallel, each into its own
     * partial sum, and the partial sums are added in block order. Within a block, small
     * images are unfolded side by side so that one product sums over several samples: one
     * product per sample would read and write the whole weight gradient for each of them.
     */
    static Tensor weightGrad(Tensor x, Tensor gy, Geometry g) {
        float[] xs = x.floatData();
        float[] gys = gy.floatData();
        int k = g.k();
        int l = g.l();
        int og = g.og();
        int together = Math.min(SAMPLES_PER_PARTIAL, samplesPerProduct(g));
        int blocks = (g.n + SAMPLES_PER_PARTIAL - 1) / SAMPLES_PER_PARTIAL;
        float[][] partial = new float[blocks][];
        Parallel.forRange(blocks, 1, (from, to) -> {
            float[] cols = Scratch.floats(0, k * together * l);
            float[] gySide = together > 1 ? Scratch.floats(1, og * together * l) : null;
            for (int b = from; b < to; b++) {
                float[] gw = new float[g.o * k];
                int end = Math.min(g.n, (b + 1) * SAMPLES_PER_PARTIAL);
                for (int s0 = b * SAMPLES_PER_PARTIAL; s0 < end; s0 += together) {
                    int count = Math.min(together, end - s0);
                    int ld = count * l;
                    for (int grp = 0; grp < g.groups; grp++) {
                        unfoldSamples(xs, s0, count, grp, g, cols);
                        if (count == 1) {
                            Gemm.sgemm(false, true, og, k, l, gys, (s0 * g.o + grp * og) * l, l, cols, 0, l,
                                    1f, gw, grp * og * k, k);
                        } else {
                            gatherOutputs(gys, s0, count, grp, g, gySide);
                            Gemm.sgemm(false, true, og, k, ld, gySide, 0, ld, cols, 0, ld, 1f, gw, grp * og * k, k);
                        }
                    }
                }
                partial[b] = gw;
            }
        });
        float[] sum = partial[0];
        for (int b = 1; b < blocks; b++) {
            VectorMath.add(sum, 0, partial[b], 0, sum, 0, sum.length);
        }
        Tensor w = Tensor.of(sum, g.weightShape());
        return Tensor.record("ConvolutionBackwardWeight", w, new Tensor[]{x, gy}, new Tensor[]{x, gy}, gg -> new Tensor[]{
                x.requiresGrad() ? inputGrad(gy, gg, g) : null,
                gy.requiresGrad() ? forward(x, gg, g) : null});
    }

    /**
     * Splits the batch into one chunk per thread. With a single chunk (one sample, or one
     * thread) the loop runs on the caller and the GEMM inside spreads over the pool instead.
     */
    private static void overSamples(int n, RangeBody body) {
        int chunks = Math.max(1, Math.min(n, Parallel.numThreads()));
        Parallel.forRange(n, (n + chunks - 1) / chunks, body);
    }

    // ---------------------------------------------------------------- unfolding

    /**
     * Unfolds group {@code grp} of samples {@code [s0, s0 + count)} side by side into cols
     * (row stride count·l): row (c, i, j) holds that tap for every output position of each.
     */
    private static void unfoldSamples(float[] x, int s0, int count, int grp, Geometry g, float[] cols) {
        for (int t = 0; t < count; t++) {
            im2col(x, ((s0 + t) * g.c + grp * g.cg()) * g.h * g.w, g, cols, t * g.l(), count * g.l());
        }
    }

    /** Copies the output rows of group {@code grp} of samples {@code [s0, s0 + count)} side by side into side (row stride count·l). */
    private static void gatherOutputs(float[] y, int s0, int count, int grp, Geometry g, float[] side) {
        moveOutputs(y, side, true, s0, count, grp, g);
    }

    /** The inverse of {@link #gatherOutputs}: from side by side in side to their places in y. */
    private static void scatterOutputs(float[] side, int s0, int count, int grp, Geometry g, float[] y) {
        moveOutputs(y, side, false, s0, count, grp, g);
    }

    private static void moveOutputs(float[] y, float[] side, boolean gather, int s0, int count, int grp, Geometry g) {
        int l = g.l();
        int ld = count * l;
        for (int t = 0; t < count; t++) {
            for (int o = 0; o < g.og(); o++) {
                int at = ((s0 + t) * g.o + grp * g.og() + o) * l;
                int sideAt = o * ld + t * l;
                if (gather) {
                    System.arraycopy(y, at, side, sideAt, l);
                } else {
                    System.arraycopy(side, sideAt, y, at, l);
                }
            }
        }
    }

    /** {@link #im2col(float[], int, Geometry, float[])} into columns from colsOff of a matrix with row stride ld. */
    private static void im2col(float[] x, int xOff, Geometry g, float[] cols, int colsOff, int ld) {
        Im2col.im2col(x, xOff, g.cg(), g.h, g.w, g.kh, g.kw, g.strideH, g.strideW, g.padH, g.padW, g.dilH, g.dilW,
                cols, colsOff, ld);
    }

    /** The adjoint of im2col: adds every tap of the columns from colsOff (row stride ld) back into the image at xOff. */
    private static void col2im(float[] cols, int colsOff, int ld, Geometry g, float[] x, int xOff) {
        Im2col.col2im(cols, colsOff, ld, g.cg(), g.h, g.w, g.kh, g.kw, g.strideH, g.strideW, g.padH, g.padW,
                g.dilH, g.dilW, x, xOff);
    }
}
