package dev.jtorch.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API loops of {@link MaxPool2x2#forward} (loaded only when {@link Simd#ENABLED}):
 * {@code L} windows at a time, and the same tournament as the scalar twin run lane-wise with
 * masks (left against right in each row, then top against bottom). Rows of at least {@code L}
 * windows load two vectors of each input row and split them into their even and odd lanes
 * (the windows' left and right columns); narrower planes, as deep in a ConvNet, gather each
 * window's four corners from a table of the windows' top-left offsets. Tails take the scalar loop.
 */
final class MaxPool2x2Simd {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, S.vectorShape());
    private static final int L = S.length();
    /** Lane i takes lane 2i of the pair (this, next vector): the windows' left columns. */
    private static final VectorShuffle<Float> EVEN = VectorShuffle.fromOp(S, i -> 2 * i);
    /** Lane i takes lane 2i + 1 of the pair: the windows' right columns. */
    private static final VectorShuffle<Float> ODD = VectorShuffle.fromOp(S, i -> 2 * i + 1);
    /** 0, 2, 4, ...: the left column's offset of each lane's window. */
    private static final IntVector TWICE_IOTA = IntVector.zero(I).addIndex(2);

    private MaxPool2x2Simd() {
    }

    static void forward(float[] src, int h, int w, int outH, int outW, int from, int to, float[] out, int[] argmax) {
        if (outW < L && outH * outW >= L) {
            gathered(src, h, w, outH, outW, from, to, out, argmax);
            return;
        }
        int vectorEnd = outW - outW % L;
        for (int p = from; p < to; p++) {
            int plane = p * h * w;
            for (int oh = 0; oh < outH; oh++) {
                int top = 2 * oh * w;
                int bottom = top + w;
                int at = (p * outH + oh) * outW;
                for (int ow = 0; ow < vectorEnd; ow += L) {
                    FloatVector t0 = FloatVector.fromArray(S, src, plane + top + 2 * ow);
                    FloatVector t1 = FloatVector.fromArray(S, src, plane + top + 2 * ow + L);
                    FloatVector b0 = FloatVector.fromArray(S, src, plane + bottom + 2 * ow);
                    FloatVector b1 = FloatVector.fromArray(S, src, plane + bottom + 2 * ow + L);
                    maxOfFour(t0.rearrange(EVEN, t1), t0.rearrange(ODD, t1), b0.rearrange(EVEN, b1),
                            b0.rearrange(ODD, b1), TWICE_IOTA.add(top + 2 * ow), w, out, argmax, at + ow);
                }
                MaxPool2x2.windows(src, plane, top, w, vectorEnd, outW, out, argmax, at);
            }
        }
    }

    /** Planes narrower than a vector: {@code L} windows of a plane at a time, across its rows. */
    private static void gathered(float[] src, int h, int w, int outH, int outW, int from, int to, float[] out, int[] argmax) {
        int pooled = outH * outW;
        int[] left = new int[pooled];    // each window's top-left offset in its plane
        for (int q = 0; q < pooled; q++) {
            left[q] = 2 * (q / outW) * w + 2 * (q % outW);
        }
        int vectorEnd = pooled - pooled % L;
        for (int p = from; p < to; p++) {
            int plane = p * h * w;
            int at = p * pooled;
            for (int q = 0; q < vectorEnd; q += L) {
                maxOfFour(FloatVector.fromArray(S, src, plane, left, q), FloatVector.fromArray(S, src, plane + 1, left, q),
                        FloatVector.fromArray(S, src, plane + w, left, q), FloatVector.fromArray(S, src, plane + w + 1, left, q),
                        IntVector.fromArray(I, left, q), w, out, argmax, at + q);
            }
            for (int q = vectorEnd; q < pooled; q++) {
                int oh = q / outW;
                MaxPool2x2.windows(src, plane, 2 * oh * w, w, q % outW, q % outW + 1, out, argmax, at + oh * outW);
            }
        }
    }

    /**
     * The tournament of {@code L} windows whose corners are {@code a b / c d}, and whose top-left
     * offsets in their plane are {@code topLeft}: maxima into {@code out}, their offsets into
     * {@code argmax}, from {@code at}.
     */
    private static void maxOfFour(FloatVector a, FloatVector b, FloatVector c, FloatVector d, IntVector topLeft, int w,
                                  float[] out, int[] argmax, int at) {
        VectorMask<Float> takeB = wins(b, a);
        VectorMask<Float> takeD = wins(d, c);
        FloatVector upper = a.blend(b, takeB);
        FloatVector lower = c.blend(d, takeD);
        VectorMask<Float> takeLower = wins(lower, upper);
        upper.blend(lower, takeLower).intoArray(out, at);
        IntVector upperIndex = topLeft.add(1, takeB.cast(I));
        IntVector lowerIndex = topLeft.add(w).add(1, takeD.cast(I));
        upperIndex.blend(lowerIndex, takeLower.cast(I)).intoArray(argmax, at);
    }

    /** Where {@code later} beats {@code earlier}: strictly larger, or the first NaN. */
    private static VectorMask<Float> wins(FloatVector later, FloatVector earlier) {
        VectorMask<Float> earlierNaN = earlier.test(VectorOperators.IS_NAN);
        return later.compare(VectorOperators.GT, earlier)
                .or(later.test(VectorOperators.IS_NAN).andNot(earlierNaN));
    }
}
