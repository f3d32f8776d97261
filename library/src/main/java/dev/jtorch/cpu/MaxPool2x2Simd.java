package dev.jtorch.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API loop of {@link MaxPool2x2#forward} (loaded only when {@link Simd#ENABLED}):
 * {@code L} windows of a row at a time. Two vectors of each input row are split into their
 * even and odd lanes (the windows' left and right columns), then the same tournament as the
 * scalar twin runs lane-wise with masks: left against right in each row, then top against
 * bottom. Rows with fewer than {@code L} windows, and each row's tail, take the scalar loop.
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
                    FloatVector a = t0.rearrange(EVEN, t1);
                    FloatVector b = t0.rearrange(ODD, t1);
                    FloatVector c = b0.rearrange(EVEN, b1);
                    FloatVector d = b0.rearrange(ODD, b1);
                    VectorMask<Float> takeB = wins(b, a);
                    VectorMask<Float> takeD = wins(d, c);
                    FloatVector upper = a.blend(b, takeB);
                    FloatVector lower = c.blend(d, takeD);
                    VectorMask<Float> takeLower = wins(lower, upper);
                    upper.blend(lower, takeLower).intoArray(out, at + ow);
                    IntVector left = TWICE_IOTA.add(top + 2 * ow);
                    IntVector upperIndex = left.add(1, takeB.cast(I));
                    IntVector lowerIndex = left.add(w).add(1, takeD.cast(I));
                    upperIndex.blend(lowerIndex, takeLower.cast(I)).intoArray(argmax, at + ow);
                }
                MaxPool2x2.windows(src, plane, top, w, vectorEnd, outW, out, argmax, at);
            }
        }
    }

    /** Where {@code later} beats {@code earlier}: strictly larger, or the first NaN. */
    private static VectorMask<Float> wins(FloatVector later, FloatVector earlier) {
        VectorMask<Float> earlierNaN = earlier.test(VectorOperators.IS_NAN);
        return later.compare(VectorOperators.GT, earlier)
                .or(later.test(VectorOperators.IS_NAN).andNot(earlierNaN));
    }
}
