package dev.jtorch.cpu;

/**
 * A 2-d convolution with few taps (input channels × kernel height × kernel width) and stride 1
 * along the width, computed straight from a zero-padded copy of the image, without im2col.
 *
 * <p>When a first layer sees 3 colour channels through a 3×3 kernel, each output is a sum of
 * only 27 products. As im2col + GEMM that is a product only 27 deep: the unfolded image is
 * written, packed and read again, and every micro-tile is stored after 27 steps, so the copies
 * cost as much as the arithmetic. Here the image is padded once (a few KB, in cache), and each
 * output row is built in vector registers from shifted rows of it: a row of the unfolded
 * matrix is the padded image read from another offset. {@link #forward} runs the Vector API
 * loop when {@link Simd#ENABLED}, else {@link #forwardScalar}, its plain-Java twin and the
 * oracle in tests.
 *
 * <pre>{@code
 * // one 3×32×32 image, 16 filters 3×3, padding 1: a 16×32×32 output
 * DirectConv conv = new DirectConv(3, 32, 32, 3, 3, 1, 1, 1, 1, 1);
 * float[] padded = new float[conv.workspaceSize()];
 * conv.forward(x, 0, w, 0, 16, bias, 0, out, 0, padded);
 * }</pre>
 */
public final class DirectConv {
    /** The most taps for which the direct loop beats im2col + GEMM. */
    static final int MAX_TAPS = 64;
    /** Floats after the padded image that the vectors of a row's last tile may read (two of the widest vectors). */
    private static final int MARGIN = 128;

    final int c;
    final int h;
    final int w;
    final int kh;
    final int kw;
    final int strideH;
    final int padH;
    final int padW;
    final int outH;
    final int outW;
    /** Padded image height and width. */
    final int hp;
    final int wp;
    /** Offset within the padded image of each tap {@code (c·kh + i)·kw + j}, relative to its output position. */
    final int[] tapOffsets;

    /**
     * The geometry of one image's convolution (stride 1 along the width).
     *
     * <pre>{@code DirectConv conv = new DirectConv(3, 28, 28, 5, 5, 1, 2, 2, 1, 1);   // 28×28 out}</pre>
     *
     * @param c       input channels
     * @param h       image height
     * @param w       image width
     * @param kh      kernel height
     * @param kw      kernel width
     * @param strideH vertical stride
     * @param padH    zero rows added top and bottom
     * @param padW    zero columns added left and right
     * @param dilH    vertical dilation
     * @param dilW    horizontal dilation
     * @throws IllegalArgumentException if the kernel does not fit the padded image (see
     *                                  {@link Im2col#outputSize})
     */
    public DirectConv(int c, int h, int w, int kh, int kw, int strideH, int padH, int padW, int dilH, int dilW) {
        this.c = c;
        this.h = h;
        this.w = w;
        this.kh = kh;
        this.kw = kw;
        this.strideH = strideH;
        this.padH = padH;
        this.padW = padW;
        this.outH = Im2col.outputSize(h, kh, strideH, padH, dilH);
        this.outW = Im2col.outputSize(w, kw, 1, padW, dilW);
        this.hp = h + 2 * padH;
        this.wp = w + 2 * padW;
        this.tapOffsets = new int[c * kh * kw];
        for (int ch = 0, t = 0; ch < c; ch++) {
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++, t++) {
                    tapOffsets[t] = (ch * hp + i * dilH) * wp + j * dilW;
                }
            }
        }
    }

    /**
     * Whether the direct loop is the faster way for this shape: at most {@value #MAX_TAPS}
     * taps, stride 1 along the width, and output rows at least one vector wide (narrower rows
     * would leave most of each vector idle).
     *
     * <pre>{@code if (DirectConv.suits(3 * 3 * 3, 1, 32)) { ... }}</pre>
     *
     * @param taps    input channels (of one group) × kernel height × kernel width
     * @param strideW horizontal stride
     * @param outW    output width
     * @return true if {@link #forward} should be used
     */
    public static boolean suits(int taps, int strideW, int outW) {
        return Simd.ENABLED && taps <= MAX_TAPS && strideW == 1 && outW >= DirectConvSimd.L;
    }

    /**
     * Floats of the workspace {@link #forward} needs: the padded image, plus a margin that
     * lets the last vector of a row read past the row's end.
     *
     * @return the workspace length
     */
    public int workspaceSize() {
        return c * hp * wp + MARGIN;
    }

    /**
     * One image: {@code out[o][oh][ow] = bias[o] + Σ w[o][c][i][j] · x[c][oh·strideH − padH + i·dilH][ow − padW + j·dilW]}
     * for {@code o < outChannels}, where positions outside the image count as 0.
     *
     * <pre>{@code conv.forward(x, n * 3 * 32 * 32, w, 0, 16, null, 0, out, n * 16 * 32 * 32, padded);}</pre>
     *
     * @param x           image storage, {@code [c][h][w]} from {@code xOff}
     * @param xOff        offset of the image
     * @param weight      weights, {@code [outChannels][c][kh][kw]} from {@code wOff}
     * @param wOff        offset of the weights
     * @param outChannels output channels
     * @param bias        per-channel bias from {@code biasOff}, or null for none
     * @param biasOff     offset of the bias
     * @param out         output storage, {@code [outChannels][outH][outW]} from {@code outOff}
     * @param outOff      offset of the output
     * @param workspace   at least {@link #workspaceSize()} floats, reused between calls of one
     *                    thread (its margins must stay as this method leaves them: zero)
     */
    public void forward(float[] x, int xOff, float[] weight, int wOff, int outChannels, float[] bias, int biasOff,
                        float[] out, int outOff, float[] workspace) {
        Im2col.pad(x, xOff, c, h, w, padH, padW, workspace);
        if (Simd.ENABLED) {
            DirectConvSimd.forward(this, workspace, weight, wOff, outChannels, bias, biasOff, out, outOff);
        } else {
            forwardScalar(workspace, weight, wOff, outChannels, bias, biasOff, out, outOff);
        }
    }

    /** The plain-Java twin of the vector loop, on the padded image. */
    void forwardScalar(float[] padded, float[] weight, int wOff, int outChannels, float[] bias, int biasOff,
                       float[] out, int outOff) {
        int taps = tapOffsets.length;
        for (int o = 0; o < outChannels; o++) {
            float b = bias == null ? 0f : bias[biasOff + o];
            int wo = wOff + o * taps;
            for (int oh = 0; oh < outH; oh++) {
                int row = oh * strideH * wp;
                int at = outOff + (o * outH + oh) * outW;
                for (int ow = 0; ow < outW; ow++) {
                    float s = b;
                    for (int t = 0; t < taps; t++) {
                        s += weight[wo + t] * padded[row + ow + tapOffsets[t]];
                    }
                    out[at + ow] = s;
                }
            }
        }
    }
}
