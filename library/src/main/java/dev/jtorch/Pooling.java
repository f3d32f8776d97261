package dev.jtorch;

import dev.jtorch.cpu.MaxPool2x2;
import dev.jtorch.cpu.Parallel;

/**
 * 2-D pooling over {@code [N, C, H, W]} (or unbatched {@code [C, H, W]}) inputs: max pooling
 * (which remembers where each maximum came from, so its gradient is a scatter), and average
 * pooling over arbitrary windows, which covers both {@code avgPool2d} and
 * {@code adaptiveAvgPool2d}; its gradient is its adjoint, recorded in turn, so higher-order
 * gradients work.
 */
final class Pooling {
    private Pooling() {
    }

    // ---------------------------------------------------------------- max

    static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        String op = "maxPool2d";
        x.requireFloat(op);
        Tensor in = batched(op, x);
        checkWindow(op, kernel, stride, padding, dilation);
        int n = in.shape[0];
        int c = in.shape[1];
        int h = in.shape[2];
        int w = in.shape[3];
        int outH = pooledSize(op, h, kernel[0], stride[0], padding[0], dilation[0], ceilMode, x);
        int outW = pooledSize(op, w, kernel[1], stride[1], padding[1], dilation[1], ceilMode, x);
        float[] src = in.floatData();
        int planes = n * c;
        float[] out = new float[planes * outH * outW];
        int[] argmax = new int[out.length];
        // The kernel taps inside the input, per output row and column: first position and count (step: the dilation).
        int[] rowStart = new int[outH];
        int[] rowCount = new int[outH];
        int[] colStart = new int[outW];
        int[] colCount = new int[outW];
        taps(h, kernel[0], stride[0], padding[0], dilation[0], rowStart, rowCount);
        taps(w, kernel[1], stride[1], padding[1], dilation[1], colStart, colCount);
        int dh = dilation[0];
        int dw = dilation[1];
        int pooled = outH * outW;
        boolean pairs = kernel[0] == 2 && kernel[1] == 2 && stride[0] == 2 && stride[1] == 2
                && padding[0] == 0 && padding[1] == 0 && dh == 1 && dw == 1 && 2 * outH <= h && 2 * outW <= w;
        Parallel.forRange(planes, Math.max(1, GRAIN / Math.max(1, h * w)), (from, to) -> {
            if (pairs) {
                MaxPool2x2.forward(src, h, w, outH, outW, from, to, out, argmax);
                return;
            }
            for (int p = from; p < to; p++) {
                int plane = p * h * w;
                for (int oh = 0, at = p * pooled; oh < outH; oh++) {
                    int rows = rowCount[oh];
                    int rowBase = rowStart[oh] * w;
                    for (int ow = 0; ow < outW; ow++, at++) {
                        // The first tap starts the search, so no flag is tested per tap; a NaN is kept
                        // once found (the first one wins), as in PyTorch, so that pooling never hides it.
                        int cols = colCount[ow];
                        int first = rowBase + colStart[ow];
                        float best = rows > 0 && cols > 0 ? src[plane + first] : Float.NEGATIVE_INFINITY;
                        int bestIndex = rows > 0 && cols > 0 ? first : -1;
                        for (int a = 0, base = first; a < rows; a++, base += dh * w) {
                            for (int b = 0, i = base; b < cols; b++, i += dw) {
                                float v = src[plane + i];
                                if (v > best || (v != v && best == best)) {
                                    best = v;
                                    bestIndex = i;
                                }
                            }
                        }
                        out[at] = best;
                        argmax[at] = bestIndex;
                    }
                }
            }
        });
        Tensor y = Tensor.of(out, n, c, outH, outW);
        int[] inShape = in.shape;
        y = Tensor.record("MaxPool2DWithIndicesBackward0", y, new Tensor[]{in}, g -> new Tensor[]{
                scatterToMaxima(g, planes, pooled, argmax, inShape)});
        return x.dim() == 3 ? y.squeeze(0) : y;
    }

    /** Least elements per parallel chunk of a pooling loop. */
    private static final int GRAIN = 1 << 14;

    /** For each output position along one dim: the first input position its window reads, and how many (padding left out). */
    private static void taps(int size, int k, int stride, int pad, int dil, int[] start, int[] count) {
        for (int o = 0; o < start.length; o++) {
            int first = o * stride - pad;
            int skip = first < 0 ? (-first + dil - 1) / dil : 0;
            int n = 0;
            for (int i = skip; i < k && first + i * dil < size; i++) {
                n++;
            }
            start[o] = first + skip * dil;
            count[o] = n;
        }
    }

    /**
     * The gradient of max pooling: each output's gradient added at the input position of its
     * maximum (argmax holds, per output, the position within its plane).
     */
    private static Tensor scatterToMaxima(Tensor g, int planes, int pooled, int[] argmax, int[] inShape) {
        int plane = inShape[2] * inShape[3];
        float[] gs = g.floatData();
        float[] out = new float[planes * plane];
        Parallel.forRange(planes, Math.max(1, GRAIN / Math.max(1, plane)), (from, to) -> {
            for (int p = from; p < to; p++) {
                int dst = p * plane;
                for (int at = p * pooled, end = at + pooled; at < end; at++) {
                    out[dst + argmax[at]] += gs[at];
                }
            }
        });
        Tensor gx = Tensor.of(out, inShape.clone());
        int[] gShape = g.shape.clone();
        return Tensor.record("MaxPool2DWithIndicesBackwardBackward0", gx, new Tensor[]{g},
                gg -> new Tensor[]{gg.reshape(planes, plane).gather(1, indexTensor(argmax, planes, pooled)).view(gShape)});
    }

    /** The argmax as the int64 [planes, pooled] index tensor that gather takes (only double backward needs it). */
    private static Tensor indexTensor(int[] argmax, int planes, int pooled) {
        long[] ids = new long[argmax.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = argmax[i];
        }
        return Tensor.of(ids, planes, pooled);
    }

    // ---------------------------------------------------------------- average

    /** Per output index along one dim: the clipped window [start, end) and its divisor. */
    record Windows(int[] start, int[] end, int[] divisor) {
        int size() {
            return start.length;
        }
    }

    static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad) {
        String op = "avgPool2d";
        x.requireFloat(op);
        Tensor in = batched(op, x);
        checkWindow(op, kernel, stride, padding, new int[]{1, 1});
        Windows rows = strided(in.shape[2], kernel[0], stride[0], padding[0], ceilMode, countIncludePad, op, x);
        Windows cols = strided(in.shape[3], kernel[1], stride[1], padding[1], ceilMode, countIncludePad, op, x);
        Tensor y = average(in, rows, cols);
        return x.dim() == 3 ? y.squeeze(0) : y;
    }

    static Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW) {
        String op = "adaptiveAvgPool2d";
        x.requireFloat(op);
        Tensor in = batched(op, x);
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException(op + ": output size must be positive, got " + outH + "x" + outW);
        }
        Tensor y = average(in, adaptive(in.shape[2], outH), adaptive(in.shape[3], outW));
        return x.dim() == 3 ? y.squeeze(0) : y;
    }

    private static Windows strided(int size, int k, int stride, int pad, boolean ceilMode, boolean countIncludePad,
                                   String op, Tensor x) {
        int out = pooledSize(op, size, k, stride, pad, 1, ceilMode, x);
        int[] start = new int[out];
        int[] end = new int[out];
        int[] divisor = new int[out];
        for (int o = 0; o < out; o++) {
            int s = o * stride - pad;
            int e = Math.min(s + k, size + pad);
            int padded = e - s;
            start[o] = Math.max(s, 0);
            end[o] = Math.min(e, size);
            divisor[o] = countIncludePad ? padded : end[o] - start[o];
        }
        return new Windows(start, end, divisor);
    }

    /** PyTorch's adaptive windows: [floor(o·size/out), ceil((o+1)·size/out)). */
    private static Windows adaptive(int size, int out) {
        int[] start = new int[out];
        int[] end = new int[out];
        int[] divisor = new int[out];
        for (int o = 0; o < out; o++) {
            start[o] = (int) Math.floorDiv((long) o * size, out);
            end[o] = (int) -Math.floorDiv(-(long) (o + 1) * size, out);
            divisor[o] = end[o] - start[o];
        }
        return new Windows(start, end, divisor);
    }

    /** Mean over each window: [N, C, H, W] to [N, C, rows, cols]. */
    private static Tensor average(Tensor x, Windows rows, Windows cols) {
        int n = x.shape[0];
        int c = x.shape[1];
        int h = x.shape[2];
        int w = x.shape[3];
        float[] src = x.floatData();
        float[] out = new float[n * c * rows.size() * cols.size()];
        for (int p = 0, at = 0; p < n * c; p++) {
            int plane = p * h * w;
            for (int oh = 0; oh < rows.size(); oh++) {
                for (int ow = 0; ow < cols.size(); ow++, at++) {
                    double s = 0;
                    for (int ih = rows.start[oh]; ih < rows.end[oh]; ih++) {
                        for (int iw = cols.start[ow], i = plane + ih * w + iw; iw < cols.end[ow]; iw++, i++) {
                            s += src[i];
                        }
                    }
                    out[at] = (float) (s / ((double) rows.divisor[oh] * cols.divisor[ow]));
                }
            }
        }
        Tensor y = Tensor.of(out, n, c, rows.size(), cols.size());
        return Tensor.record("AvgPool2DBackward0", y, new Tensor[]{x}, g -> new Tensor[]{spread(g, rows, cols, h, w)});
    }

    /** The adjoint of {@link #average}: each output's gradient spread evenly over its window. */
    private static Tensor spread(Tensor g, Windows rows, Windows cols, int h, int w) {
        int n = g.shape[0];
        int c = g.shape[1];
        float[] src = g.floatData();
        float[] out = new float[n * c * h * w];
        for (int p = 0, at = 0; p < n * c; p++) {
            int plane = p * h * w;
            for (int oh = 0; oh < rows.size(); oh++) {
                for (int ow = 0; ow < cols.size(); ow++, at++) {
                    float v = (float) (src[at] / ((double) rows.divisor[oh] * cols.divisor[ow]));
                    for (int ih = rows.start[oh]; ih < rows.end[oh]; ih++) {
                        for (int iw = cols.start[ow], i = plane + ih * w + iw; iw < cols.end[ow]; iw++, i++) {
                            out[i] += v;
                        }
                    }
                }
            }
        }
        Tensor x = Tensor.of(out, n, c, h, w);
        return Tensor.record("AvgPool2DBackwardBackward0", x, new Tensor[]{g}, gg -> new Tensor[]{average(gg, rows, cols)});
    }

    // ---------------------------------------------------------------- shapes

    private static Tensor batched(String op, Tensor x) {
        if (x.dim() == 3) {
            return x.unsqueeze(0);
        }
        if (x.dim() != 4) {
            throw new IllegalArgumentException(op + ": expected a 3-D [C, H, W] or 4-D [N, C, H, W] input, got shape "
                    + Shapes.str(x.shape));
        }
        return x;
    }

    private static void checkWindow(String op, int[] kernel, int[] stride, int[] padding, int[] dilation) {
        for (int d = 0; d < 2; d++) {
            if (kernel[d] < 1 || stride[d] < 1 || dilation[d] < 1 || padding[d] < 0) {
                throw new IllegalArgumentException(op + ": kernel size, stride and dilation must be positive and padding "
                        + "non-negative, got kernel " + java.util.Arrays.toString(kernel) + ", stride "
                        + java.util.Arrays.toString(stride) + ", padding " + java.util.Arrays.toString(padding));
            }
            if (padding[d] > kernel[d] / 2) {
                throw new IllegalArgumentException(op + ": padding (" + padding[d] + ") should be at most half of the kernel size ("
                        + kernel[d] + ")");
            }
        }
    }

    /** Output size along one dim, with PyTorch's rule that the last window must start inside the input or left padding. */
    private static int pooledSize(String op, int size, int k, int stride, int pad, int dil, boolean ceilMode, Tensor x) {
        int span = size + 2 * pad - dil * (k - 1) - 1;
        if (span < 0) {
            throw new IllegalArgumentException(op + ": the kernel (extent " + (dil * (k - 1) + 1) + ") is larger than the padded input ("
                    + (size + 2 * pad) + ") of shape " + Shapes.str(x.shape) + "; the output would be empty");
        }
        int out = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1;
        if (ceilMode && (out - 1) * stride >= size + pad) {
            out--;
        }
        return out;
    }
}
