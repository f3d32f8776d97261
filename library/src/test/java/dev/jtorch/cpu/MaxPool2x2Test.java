package dev.jtorch.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The SIMD 2×2 max pooling against its scalar twin, and the twin against a plain scan. */
class MaxPool2x2Test {
    private final Random rnd = new Random(11);

    /** Values from a small set, so that ties are frequent, with some NaNs and infinities. */
    private float[] planes(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            int pick = rnd.nextInt(20);
            x[i] = pick == 0 ? Float.NaN : pick == 1 ? Float.NEGATIVE_INFINITY : pick == 2 ? Float.POSITIVE_INFINITY
                    : rnd.nextInt(5) - 2;
        }
        return x;
    }

    @Test
    void simdMatchesScalarTwinOnWidthsWithAndWithoutTails() {
        int[][] sizes = {{32, 32}, {16, 16}, {8, 8}, {4, 4}, {2, 2}, {6, 70}, {5, 33}, {64, 64}, {3, 130}, {2, 97}, {10, 10}, {9, 9}, {16, 6}, {12, 17}, {40, 4}};
        for (int[] hw : sizes) {
            int h = hw[0], w = hw[1], outH = h / 2, outW = w / 2, planes = 3;
            float[] x = planes(planes * h * w);
            float[] out1 = new float[planes * outH * outW], out2 = new float[out1.length];
            int[] arg1 = new int[out1.length], arg2 = new int[out1.length];
            // planes [1, 3) only: the first plane's outputs must stay untouched
            MaxPool2x2Simd.forward(x, h, w, outH, outW, 1, planes, out1, arg1);
            MaxPool2x2.forwardScalar(x, h, w, outH, outW, 1, planes, out2, arg2);
            assertArrayEquals(arg2, arg1, "argmax " + h + "x" + w);
            assertArrayEquals(out2, out1, "max " + h + "x" + w);
        }
    }

    @Test
    void scalarTwinPicksFirstMaximumOrFirstNaNInRowMajorOrder() {
        int h = 6, w = 10, outH = 3, outW = 5;
        float[] x = planes(2 * h * w);
        float[] out = new float[2 * outH * outW];
        int[] arg = new int[out.length];
        MaxPool2x2.forwardScalar(x, h, w, outH, outW, 0, 2, out, arg);
        for (int p = 0; p < 2; p++) {
            for (int oh = 0; oh < outH; oh++) {
                for (int ow = 0; ow < outW; ow++) {
                    int best = -1;
                    for (int i : new int[]{2 * oh * w + 2 * ow, 2 * oh * w + 2 * ow + 1, (2 * oh + 1) * w + 2 * ow,
                            (2 * oh + 1) * w + 2 * ow + 1}) {
                        float v = x[p * h * w + i];
                        if (best < 0 || (!Float.isNaN(x[p * h * w + best]) && (Float.isNaN(v) || v > x[p * h * w + best]))) {
                            best = i;
                        }
                    }
                    int at = (p * outH + oh) * outW + ow;
                    assertEquals(best, arg[at], "window " + p + "," + oh + "," + ow);
                    assertEquals(x[p * h * w + best], out[at], "window " + p + "," + oh + "," + ow);
                }
            }
        }
    }
}
