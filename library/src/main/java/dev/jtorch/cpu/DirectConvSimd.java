package dev.jtorch.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API loop of {@link DirectConv}. Its main tile is 4 output channels × 2 output
 * rows × 2 vectors of consecutive positions in 16 accumulators: for each tap it loads four
 * shifted vectors of the padded image and broadcasts one weight per channel, four FMAs per
 * weight. An odd last row takes the one-row tile, leftover channels the one-channel tile; the
 * last tile of a row is stored under a mask.
 */
final class DirectConvSimd {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    private static final int CHANNELS = 4;

    private DirectConvSimd() {
    }

    static void forward(DirectConv g, float[] padded, float[] weight, int wOff, int outChannels, float[] bias, int biasOff,
                        float[] out, int outOff) {
        int taps = g.tapOffsets.length;
        int o = 0;
        for (; o + CHANNELS <= outChannels; o += CHANNELS) {
            int oh = 0;
            for (; oh + 2 <= g.outH; oh += 2) {
                int row = oh * g.strideH * g.wp;
                int at = outOff + (o * g.outH + oh) * g.outW;
                for (int ow = 0; ow < g.outW; ow += 2 * L) {
                    tile4x2(g.tapOffsets, taps, padded, row + ow, g.strideH * g.wp, weight, wOff + o * taps, bias,
                            biasOff + o, out, at + ow, g.outW, g.outH * g.outW, g.outW - ow);
                }
            }
            for (; oh < g.outH; oh++) {
                int row = oh * g.strideH * g.wp;
                int at = outOff + (o * g.outH + oh) * g.outW;
                for (int ow = 0; ow < g.outW; ow += 2 * L) {
                    tile4(g.tapOffsets, taps, padded, row + ow, weight, wOff + o * taps, bias, biasOff + o,
                            out, at + ow, g.outH * g.outW, g.outW - ow);
                }
            }
        }
        for (; o < outChannels; o++) {
            for (int oh = 0; oh < g.outH; oh++) {
                int row = oh * g.strideH * g.wp;
                int at = outOff + (o * g.outH + oh) * g.outW;
                for (int ow = 0; ow < g.outW; ow += 2 * L) {
                    tile1(g.tapOffsets, taps, padded, row + ow, weight, wOff + o * taps, bias, biasOff + o,
                            out, at + ow, g.outW - ow);
                }
            }
        }
    }

    /**
     * Four channels × two output rows ({@code rowStep} apart in the padded image, {@code outW}
     * apart in the output) × 2L positions: 16 accumulators, so each weight broadcast feeds four FMAs.
     */
    private static void tile4x2(int[] tapOffsets, int taps, float[] padded, int base, int rowStep, float[] w, int wo,
                                float[] bias, int bo, float[] out, int at, int outW, int plane, int valid) {
        FloatVector a00 = init(bias, bo);
        FloatVector a01 = a00;
        FloatVector b00 = a00;
        FloatVector b01 = a00;
        FloatVector a10 = init(bias, bo + 1);
        FloatVector a11 = a10;
        FloatVector b10 = a10;
        FloatVector b11 = a10;
        FloatVector a20 = init(bias, bo + 2);
        FloatVector a21 = a20;
        FloatVector b20 = a20;
        FloatVector b21 = a20;
        FloatVector a30 = init(bias, bo + 3);
        FloatVector a31 = a30;
        FloatVector b30 = a30;
        FloatVector b31 = a30;
        for (int tp = 0; tp < taps; tp++) {
            int p = base + tapOffsets[tp];
            FloatVector x0 = FloatVector.fromArray(S, padded, p);
            FloatVector x1 = FloatVector.fromArray(S, padded, p + L);
            FloatVector y0 = FloatVector.fromArray(S, padded, p + rowStep);
            FloatVector y1 = FloatVector.fromArray(S, padded, p + rowStep + L);
            FloatVector w0 = FloatVector.broadcast(S, w[wo + tp]);
            a00 = x0.fma(w0, a00);
            a01 = x1.fma(w0, a01);
            b00 = y0.fma(w0, b00);
            b01 = y1.fma(w0, b01);
            FloatVector w1 = FloatVector.broadcast(S, w[wo + 1 * taps + tp]);
            a10 = x0.fma(w1, a10);
            a11 = x1.fma(w1, a11);
            b10 = y0.fma(w1, b10);
            b11 = y1.fma(w1, b11);
            FloatVector w2 = FloatVector.broadcast(S, w[wo + 2 * taps + tp]);
            a20 = x0.fma(w2, a20);
            a21 = x1.fma(w2, a21);
            b20 = y0.fma(w2, b20);
            b21 = y1.fma(w2, b21);
            FloatVector w3 = FloatVector.broadcast(S, w[wo + 3 * taps + tp]);
            a30 = x0.fma(w3, a30);
            a31 = x1.fma(w3, a31);
            b30 = y0.fma(w3, b30);
            b31 = y1.fma(w3, b31);
        }
        store(a00, a01, out, at, valid);
        store(b00, b01, out, at + outW, valid);
        store(a10, a11, out, at + 1 * plane, valid);
        store(b10, b11, out, at + 1 * plane + outW, valid);
        store(a20, a21, out, at + 2 * plane, valid);
        store(b20, b21, out, at + 2 * plane + outW, valid);
        store(a30, a31, out, at + 3 * plane, valid);
        store(b30, b31, out, at + 3 * plane + outW, valid);
    }

    /** Four channels (weights {@code taps} apart, outputs {@code plane} apart) × 2L positions, of which {@code valid} are stored. */
    private static void tile4(int[] tapOffsets, int taps, float[] padded, int base, float[] w, int wo, float[] bias, int bo,
                              float[] out, int at, int plane, int valid) {
        FloatVector a00 = init(bias, bo);
        FloatVector a01 = a00;
        FloatVector a10 = init(bias, bo + 1);
        FloatVector a11 = a10;
        FloatVector a20 = init(bias, bo + 2);
        FloatVector a21 = a20;
        FloatVector a30 = init(bias, bo + 3);
        FloatVector a31 = a30;
        for (int t = 0; t < taps; t++) {
            int p = base + tapOffsets[t];
            FloatVector x0 = FloatVector.fromArray(S, padded, p);
            FloatVector x1 = FloatVector.fromArray(S, padded, p + L);
            FloatVector w0 = FloatVector.broadcast(S, w[wo + t]);
            a00 = x0.fma(w0, a00);
            a01 = x1.fma(w0, a01);
            FloatVector w1 = FloatVector.broadcast(S, w[wo + taps + t]);
            a10 = x0.fma(w1, a10);
            a11 = x1.fma(w1, a11);
            FloatVector w2 = FloatVector.broadcast(S, w[wo + 2 * taps + t]);
            a20 = x0.fma(w2, a20);
            a21 = x1.fma(w2, a21);
            FloatVector w3 = FloatVector.broadcast(S, w[wo + 3 * taps + t]);
            a30 = x0.fma(w3, a30);
            a31 = x1.fma(w3, a31);
        }
        store(a00, a01, out, at, valid);
        store(a10, a11, out, at + plane, valid);
        store(a20, a21, out, at + 2 * plane, valid);
        store(a30, a31, out, at + 3 * plane, valid);
    }

    /** One channel × 2L positions: the channels left over after the tiles of four. */
    private static void tile1(int[] tapOffsets, int taps, float[] padded, int base, float[] w, int wo, float[] bias, int bo,
                              float[] out, int at, int valid) {
        FloatVector a0 = init(bias, bo);
        FloatVector a1 = a0;
        for (int t = 0; t < taps; t++) {
            int p = base + tapOffsets[t];
            FloatVector wt = FloatVector.broadcast(S, w[wo + t]);
            a0 = FloatVector.fromArray(S, padded, p).fma(wt, a0);
            a1 = FloatVector.fromArray(S, padded, p + L).fma(wt, a1);
        }
        store(a0, a1, out, at, valid);
    }

    private static FloatVector init(float[] bias, int at) {
        return FloatVector.broadcast(S, bias == null ? 0f : bias[at]);
    }

    /** Stores the first {@code valid} of the 2L lanes. */
    private static void store(FloatVector v0, FloatVector v1, float[] out, int at, int valid) {
        if (valid >= 2 * L) {
            v0.intoArray(out, at);
            v1.intoArray(out, at + L);
            return;
        }
        VectorMask<Float> m0 = S.indexInRange(0, valid);
        v0.intoArray(out, at, m0);
        if (valid > L) {
            v1.intoArray(out, at + L, S.indexInRange(L, valid));
        }
    }
}
