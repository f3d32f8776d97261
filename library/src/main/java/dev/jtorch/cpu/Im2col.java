package dev.jtorch.cpu;

import java.util.Arrays;

/**
 * The im2col transform that turns a 2-d convolution into one {@link Gemm#sgemm}, and its
 * adjoint col2im for the backward pass.
 *
 * <p>For one image {@code x[C][H][W]} and a {@code kh × kw} kernel, {@link #im2col} writes the
 * matrix {@code cols[C·kh·kw][outH·outW]}: row {@code (c·kh + i)·kw + j}, column
 * {@code oh·outW + ow} holds {@code x[c][oh·strideH − padH + i·dilH][ow·strideW − padW + j·dilW]},
 * or 0 where that falls in the padding. Then, with weights {@code w[F][C·kh·kw]},
 * {@code out[F][outH·outW] = w · cols}. Rows are copied with {@code System.arraycopy} when
 * {@code strideW == 1} (the common case); large images split over channels on {@link Parallel}.
 *
 * <pre>{@code
 * int oh = Im2col.outputSize(32, 3, 1, 1, 1), ow = oh;           // 32
 * float[] cols = new float[3 * 3 * 3 * oh * ow];
 * Im2col.im2col(x, 0, 3, 32, 32, 3, 3, 1, 1, 1, 1, 1, 1, cols, 0);
 * Gemm.sgemm(false, false, 16, oh * ow, 27, w, 0, 27, cols, 0, oh * ow, 0f, out, 0, oh * ow);
 * }</pre>
 */
public final class Im2col {
    /** Least elements of cols per parallel chunk. */
    static final int GRAIN = 1 << 15;

    private Im2col() {
    }

    /**
     * The output length of a convolution along one axis, as in PyTorch:
     * {@code (in + 2·pad − dil·(k − 1) − 1) / stride + 1}.
     *
     * <pre>{@code int outH = Im2col.outputSize(28, 5, 1, 2, 1);   // 28}</pre>
     *
     * @param in     input length
     * @param k      kernel length
     * @param stride step between windows, at least 1
     * @param pad    zeros added at each end
     * @param dil    spacing between kernel taps, at least 1
     * @return the output length
     * @throws IllegalArgumentException if stride or dilation is below 1, padding is negative, or
     *                                  the kernel does not fit the padded input
     */
    public static int outputSize(int in, int k, int stride, int pad, int dil) {
        if (stride < 1 || dil < 1 || pad < 0 || k < 1) {
            throw new IllegalArgumentException("conv: need kernel >= 1, stride >= 1, dilation >= 1, padding >= 0; got kernel="
                    + k + ", stride=" + stride + ", dilation=" + dil + ", padding=" + pad);
        }
        int span = dil * (k - 1) + 1;
        if (in + 2 * pad < span) {
            throw new IllegalArgumentException("conv: kernel span " + span + " (kernel " + k + ", dilation " + dil
                    + ") is larger than the padded input " + (in + 2 * pad) + " (input " + in + ", padding " + pad + ")");
        }
        return (in + 2 * pad - span) / stride + 1;
    }

    /**
     * Writes the {@code (C·kh·kw) × (outH·outW)} im2col matrix of {@code x[C][H][W]} into
     * {@code cols} from {@code colsOff} (every element of that range is written).
     *
     * <pre>{@code Im2col.im2col(x, n * C * H * W, C, H, W, 3, 3, 1, 1, 1, 1, 1, 1, cols, 0);}</pre>
     *
     * @param x       input image storage
     * @param xOff    offset of {@code x[0][0][0]}
     * @param C       channels
     * @param H       height
     * @param W       width
     * @param kh      kernel height
     * @param kw      kernel width
     * @param strideH vertical stride
     * @param strideW horizontal stride
     * @param padH    zero rows added top and bottom
     * @param padW    zero columns added left and right
     * @param dilH    vertical dilation
     * @param dilW    horizontal dilation
     * @param cols    the matrix, row-major
     * @param colsOff offset of its first element
     */
    public static void im2col(float[] x, int xOff, int C, int H, int W, int kh, int kw,
                              int strideH, int strideW, int padH, int padW, int dilH, int dilW,
                              float[] cols, int colsOff) {
        int l = outputSize(H, kh, strideH, padH, dilH) * outputSize(W, kw, strideW, padW, dilW);
        im2col(x, xOff, C, H, W, kh, kw, strideH, strideW, padH, padW, dilH, dilW, cols, colsOff, l);
    }

    /**
     * {@link #im2col(float[], int, int, int, int, int, int, int, int, int, int, int, int, float[], int)}
     * into a block of a wider matrix: row {@code r} of this image's columns starts at
     * {@code colsOff + r·ldCols}. Several images side by side ({@code ldCols} = images ×
     * {@code outH·outW}, each image at its own column offset) make one GEMM of them all.
     *
     * <pre>{@code
     * // images 0 and 1 side by side: cols[C·9][2·L]
     * Im2col.im2col(x, 0, C, H, W, 3, 3, 1, 1, 1, 1, 1, 1, cols, 0, 2 * L);
     * Im2col.im2col(x, C * H * W, C, H, W, 3, 3, 1, 1, 1, 1, 1, 1, cols, L, 2 * L);
     * }</pre>
     *
     * @param x       input image storage
     * @param xOff    offset of {@code x[0][0][0]}
     * @param C       channels
     * @param H       height
     * @param W       width
     * @param kh      kernel height
     * @param kw      kernel width
     * @param strideH vertical stride
     * @param strideW horizontal stride
     * @param padH    zero rows added top and bottom
     * @param padW    zero columns added left and right
     * @param dilH    vertical dilation
     * @param dilW    horizontal dilation
     * @param cols    the matrix, row-major
     * @param colsOff offset of this image's first element
     * @param ldCols  row stride of {@code cols}, at least {@code outH·outW}
     */
    public static void im2col(float[] x, int xOff, int C, int H, int W, int kh, int kw,
                              int strideH, int strideW, int padH, int padW, int dilH, int dilW,
                              float[] cols, int colsOff, int ldCols) {
        int outH = outputSize(H, kh, strideH, padH, dilH);
        int outW = outputSize(W, kw, strideW, padW, dilW);
        checkStride(ldCols, outH * outW);
        if (Simd.ENABLED && strideW == 1) {
            Im2colSimd.im2col(x, xOff, C, H, W, kh, kw, strideH, padH, padW, dilH, dilW, outH, outW, cols, colsOff, ldCols);
        } else {
            im2colScalar(x, xOff, C, H, W, kh, kw, strideH, strideW, padH, padW, dilH, dilW, outH, outW, cols, colsOff, ldCols);
        }
    }

    /** The plain-Java twin of the vector loop, and the loop for strides along the width. */
    static void im2colScalar(float[] x, int xOff, int C, int H, int W, int kh, int kw,
                             int strideH, int strideW, int padH, int padW, int dilH, int dilW, int outH, int outW,
                             float[] cols, int colsOff, int ldCols) {
        int rows = C * kh * kw;
        int grain = Math.max(1, GRAIN / Math.max(1, outH * outW));
        Parallel.forRange(rows, grain, (from, to) -> {
            for (int row = from; row < to; row++) {
                int j = row % kw;
                int i = (row / kw) % kh;
                int c = row / (kw * kh);
                int xc = xOff + c * H * W;
                int dst = colsOff + row * ldCols;
                // output columns whose input column lies inside the image: [owLo, owHi)
                int owLo = Math.min(outW, firstInside(-padW + j * dilW, strideW));
                int owHi = Math.max(owLo, Math.min(outW, firstInside(-padW + j * dilW - W, strideW)));
                for (int oh = 0; oh < outH; oh++, dst += outW) {
                    int ih = oh * strideH - padH + i * dilH;
                    if (ih < 0 || ih >= H) {
                        Arrays.fill(cols, dst, dst + outW, 0f);
                        continue;
                    }
                    int src = xc + ih * W - padW + j * dilW;
                    Arrays.fill(cols, dst, dst + owLo, 0f);
                    if (strideW == 1) {
                        if (owHi > owLo) { // the row may start left of the image when nothing is inside
                            System.arraycopy(x, src + owLo, cols, dst + owLo, owHi - owLo);
                        }
                    } else {
                        for (int ow = owLo; ow < owHi; ow++) {
                            cols[dst + ow] = x[src + ow * strideW];
                        }
                    }
                    Arrays.fill(cols, dst + owHi, dst + outW, 0f);
                }
            }
        });
    }

    /**
     * The adjoint of {@link #im2col}: adds every element of {@code cols} into the element of
     * {@code x[C][H][W]} it was copied from (padding positions are dropped). {@code x} is
     * accumulated, not overwritten: zero it first for a plain conv-input gradient.
     *
     * <pre>{@code
     * // dX = col2im(Wᵀ · dY)
     * Gemm.sgemm(true, false, C * 9, oh * ow, F, w, 0, C * 9, dy, 0, oh * ow, 0f, cols, 0, oh * ow);
     * Im2col.col2im(cols, 0, C, H, W, 3, 3, 1, 1, 1, 1, 1, 1, dx, 0);
     * }</pre>
     *
     * @param cols    the {@code (C·kh·kw) × (outH·outW)} matrix, row-major
     * @param colsOff offset of its first element
     * @param C       channels
     * @param H       height
     * @param W       width
     * @param kh      kernel height
     * @param kw      kernel width
     * @param strideH vertical stride
     * @param strideW horizontal stride
     * @param padH    zero rows added top and bottom
     * @param padW    zero columns added left and right
     * @param dilH    vertical dilation
     * @param dilW    horizontal dilation
     * @param x       image storage, accumulated into
     * @param xOff    offset of {@code x[0][0][0]}
     */
    public static void col2im(float[] cols, int colsOff, int C, int H, int W, int kh, int kw,
                              int strideH, int strideW, int padH, int padW, int dilH, int dilW,
                              float[] x, int xOff) {
        int l = outputSize(H, kh, strideH, padH, dilH) * outputSize(W, kw, strideW, padW, dilW);
        col2im(cols, colsOff, l, C, H, W, kh, kw, strideH, strideW, padH, padW, dilH, dilW, x, xOff);
    }

    /**
     * {@link #col2im(float[], int, int, int, int, int, int, int, int, int, int, int, int, float[], int)}
     * from a block of a wider matrix: row {@code r} of this image's columns starts at
     * {@code colsOff + r·ldCols}, as {@link #im2col(float[], int, int, int, int, int, int, int, int, int, int,
     * int, int, float[], int, int) im2col} with a row stride writes it.
     *
     * <pre>{@code
     * // the second of two images side by side in cols[C·9][2·L]
     * Im2col.col2im(cols, L, 2 * L, C, H, W, 3, 3, 1, 1, 1, 1, 1, 1, dx, C * H * W);
     * }</pre>
     *
     * @param cols    the matrix, row-major
     * @param colsOff offset of this image's first element
     * @param ldCols  row stride of {@code cols}, at least {@code outH·outW}
     * @param C       channels
     * @param H       height
     * @param W       width
     * @param kh      kernel height
     * @param kw      kernel width
     * @param strideH vertical stride
     * @param strideW horizontal stride
     * @param padH    zero rows added top and bottom
     * @param padW    zero columns added left and right
     * @param dilH    vertical dilation
     * @param dilW    horizontal dilation
     * @param x       image storage, accumulated into
     * @param xOff    offset of {@code x[0][0][0]}
     */
    public static void col2im(float[] cols, int colsOff, int ldCols, int C, int H, int W, int kh, int kw,
                              int strideH, int strideW, int padH, int padW, int dilH, int dilW,
                              float[] x, int xOff) {
        int outH = outputSize(H, kh, strideH, padH, dilH);
        int outW = outputSize(W, kw, strideW, padW, dilW);
        checkStride(ldCols, outH * outW);
        if (Simd.ENABLED && strideW == 1) {
            Im2colSimd.col2im(cols, colsOff, ldCols, C, H, W, kh, kw, strideH, padH, padW, dilH, dilW, outH, outW, x, xOff);
        } else {
            col2imScalar(cols, colsOff, ldCols, C, H, W, kh, kw, strideH, strideW, padH, padW, dilH, dilW, outH, outW, x, xOff);
        }
    }

    /** The plain-Java twin of the vector loop, and the loop for strides along the width. */
    static void col2imScalar(float[] cols, int colsOff, int ldCols, int C, int H, int W, int kh, int kw,
                             int strideH, int strideW, int padH, int padW, int dilH, int dilW, int outH, int outW,
                             float[] x, int xOff) {
        int grain = Math.max(1, GRAIN / Math.max(1, kh * kw * outH * outW));
        // channels own disjoint planes of x, so they can run in parallel; within a channel the
        // kernel taps overlap and run in order
        Parallel.forRange(C, grain, (from, to) -> {
            for (int c = from; c < to; c++) {
                int xc = xOff + c * H * W;
                for (int i = 0; i < kh; i++) {
                    for (int j = 0; j < kw; j++) {
                        int row = (c * kh + i) * kw + j;
                        int src = colsOff + row * ldCols;
                        int owLo = Math.min(outW, firstInside(-padW + j * dilW, strideW));
                        int owHi = Math.max(owLo, Math.min(outW, firstInside(-padW + j * dilW - W, strideW)));
                        for (int oh = 0; oh < outH; oh++, src += outW) {
                            int ih = oh * strideH - padH + i * dilH;
                            if (ih < 0 || ih >= H) {
                                continue;
                            }
                            int dst = xc + ih * W - padW + j * dilW;
                            if (strideW == 1) {
                                VectorMath.add(x, dst + owLo, cols, src + owLo, x, dst + owLo, owHi - owLo);
                            } else {
                                for (int ow = owLo; ow < owHi; ow++) {
                                    x[dst + ow * strideW] += cols[src + ow];
                                }
                            }
                        }
                    }
                }
            }
        });
    }

    /**
     * Copies the image {@code x[C][H][W]} into the middle of {@code padded[C][H + 2·padH][W + 2·padW]};
     * the border is not written, so a fresh array has zeros there. Rows go in whole vectors when
     * {@link Simd#ENABLED} (deep in a ConvNet they are 8 floats, where a call per row costs more
     * than the copy).
     */
    static void pad(float[] x, int xOff, int C, int H, int W, int padH, int padW, float[] padded) {
        int hp = H + 2 * padH;
        int wp = W + 2 * padW;
        for (int c = 0; c < C; c++) {
            int src = xOff + c * H * W;
            int dst = (c * hp + padH) * wp + padW;
            if (Simd.ENABLED) {
                Im2colSimd.copyRows(x, src, W, padded, dst, wp, H, W);
            } else {
                for (int row = 0; row < H; row++) {
                    System.arraycopy(x, src + row * W, padded, dst + row * wp, W);
                }
            }
        }
    }

    private static void checkStride(int ldCols, int l) {
        if (ldCols < l) {
            throw new IllegalArgumentException("im2col: row stride " + ldCols + " is smaller than a row of " + l
                    + " output positions");
        }
    }

    /** The least {@code ow >= 0} with {@code ow·stride + base >= 0}. */
    private static int firstInside(int base, int stride) {
        return base >= 0 ? 0 : (-base + stride - 1) / stride;
    }
}
