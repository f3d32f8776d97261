package dev.jtorch.cpu;

/**
 * Max pooling with 2×2 windows at stride 2, the usual down-sampling of a ConvNet, on
 * {@code [planes, h, w]} float data: for each window, its largest value and where it came from
 * (the index within its plane), which the backward pass scatters the gradient to.
 *
 * <p>The winner is the first of tied maxima in row-major order, or the first NaN, as in
 * PyTorch, so that pooling never hides a NaN. {@link #forward} runs its Vector API loop when
 * {@link Simd#ENABLED} (a row of windows at a time), else {@link #forwardScalar}, its
 * plain-Java twin and the oracle in tests.
 *
 * <pre>{@code
 * // one 2×4 plane into one 1×2 plane
 * float[] x = {1, 5, 2, 0,
 *              3, 4, 9, 9};
 * float[] y = new float[2];
 * int[] where = new int[2];
 * MaxPool2x2.forward(x, 2, 4, 1, 2, 0, 1, y, where);   // y = {5, 9}, where = {1, 6}
 * }</pre>
 */
public final class MaxPool2x2 {
    private MaxPool2x2() {
    }

    /**
     * Pools planes {@code [from, to)} of {@code src} ({@code h × w} each, contiguous) into
     * {@code out} ({@code outH × outW} each) and records each maximum's index within its plane
     * in {@code argmax}. Needs {@code 2·outH <= h} and {@code 2·outW <= w} (rows and columns
     * past the last full window are ignored).
     *
     * <pre>{@code MaxPool2x2.forward(x, 32, 32, 16, 16, 0, n * c, y, argmax);}</pre>
     *
     * @param src    input planes
     * @param h      input height
     * @param w      input width
     * @param outH   output height
     * @param outW   output width
     * @param from   first plane
     * @param to     end of the planes (exclusive)
     * @param out    output planes
     * @param argmax index within its input plane of each output's maximum
     */
    public static void forward(float[] src, int h, int w, int outH, int outW, int from, int to, float[] out, int[] argmax) {
        if (Simd.ENABLED) {
            MaxPool2x2Simd.forward(src, h, w, outH, outW, from, to, out, argmax);
        } else {
            forwardScalar(src, h, w, outH, outW, from, to, out, argmax);
        }
    }

    /**
     * The plain-Java twin of {@link #forward}: each window is a tournament of its two rows'
     * pairs, decided by selects rather than branches (random data makes every comparison a
     * coin toss).
     */
    static void forwardScalar(float[] src, int h, int w, int outH, int outW, int from, int to, float[] out, int[] argmax) {
        for (int p = from; p < to; p++) {
            for (int oh = 0; oh < outH; oh++) {
                windows(src, p * h * w, 2 * oh * w, w, 0, outW, out, argmax, (p * outH + oh) * outW);
            }
        }
    }

    /**
     * Windows {@code [ow0, ow1)} of one row of windows whose top row starts at {@code top}
     * within the plane at {@code plane}; outputs from {@code at}. The SIMD path's tail too.
     */
    static void windows(float[] src, int plane, int top, int w, int ow0, int ow1, float[] out, int[] argmax, int at) {
        int bottom = top + w;
        for (int ow = ow0; ow < ow1; ow++) {
            int i0 = top + 2 * ow;
            int i2 = bottom + 2 * ow;
            float a = src[plane + i0];
            float b = src[plane + i0 + 1];
            float c = src[plane + i2];
            float d = src[plane + i2 + 1];
            boolean takeB = b > a || (b != b && a == a);
            float upper = takeB ? b : a;
            int upperIndex = takeB ? i0 + 1 : i0;
            boolean takeD = d > c || (d != d && c == c);
            float lower = takeD ? d : c;
            int lowerIndex = takeD ? i2 + 1 : i2;
            boolean takeLower = lower > upper || (lower != lower && upper == upper);
            out[at + ow] = takeLower ? lower : upper;
            argmax[at + ow] = takeLower ? lowerIndex : upperIndex;
        }
    }
}
