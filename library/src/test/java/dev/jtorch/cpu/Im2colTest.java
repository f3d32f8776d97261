package dev.jtorch.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Im2colTest {
    private final Random rnd = new Random(11);

    /** Convolution geometry: C, H, W, kh, kw, strideH, strideW, padH, padW, dilH, dilW. */
    private int[] randomGeometry() {
        while (true) {
            // widths up to 40 reach the whole vectors of the SIMD loops, and their tails
            int[] g = {1 + rnd.nextInt(3), 1 + rnd.nextInt(9), 1 + rnd.nextInt(rnd.nextBoolean() ? 9 : 40), 1 + rnd.nextInt(4), 1 + rnd.nextInt(4),
                    1 + rnd.nextInt(3), 1 + rnd.nextInt(3), rnd.nextInt(3), rnd.nextInt(3), 1 + rnd.nextInt(2), 1 + rnd.nextInt(2)};
            if (g[1] + 2 * g[7] >= g[9] * (g[3] - 1) + 1 && g[2] + 2 * g[8] >= g[10] * (g[4] - 1) + 1) {
                return g;
            }
        }
    }

    private static int outH(int[] g) {
        return Im2col.outputSize(g[1], g[3], g[5], g[7], g[9]);
    }

    private static int outW(int[] g) {
        return Im2col.outputSize(g[2], g[4], g[6], g[8], g[10]);
    }

    private float[] random(int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) {
            x[i] = rnd.nextFloat() * 2 - 1;
        }
        return x;
    }

    /** The definition, element by element. */
    private static float expected(float[] x, int xOff, int[] g, int row, int col, int outW) {
        int C = g[0], H = g[1], W = g[2], kh = g[3], kw = g[4];
        int c = row / (kh * kw), i = (row / kw) % kh, j = row % kw;
        int oh = col / outW, ow = col % outW;
        int ih = oh * g[5] - g[7] + i * g[9], iw = ow * g[6] - g[8] + j * g[10];
        return ih < 0 || ih >= H || iw < 0 || iw >= W || c >= C ? 0f : x[xOff + (c * H + ih) * W + iw];
    }

    @Test
    void im2colMatchesTheDefinitionForRandomGeometry() {
        for (int trial = 0; trial < 300; trial++) {
            int[] g = randomGeometry();
            int outH = outH(g), outW = outW(g);
            int rows = g[0] * g[3] * g[4], cols = outH * outW;
            int xOff = rnd.nextInt(3), cOff = rnd.nextInt(3);
            float[] x = random(xOff + g[0] * g[1] * g[2]);
            float[] m = new float[cOff + rows * cols + 2];
            java.util.Arrays.fill(m, Float.NaN); // every element in range must be written
            Im2col.im2col(x, xOff, g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10], m, cOff);
            for (int r = 0; r < rows; r++) {
                for (int col = 0; col < cols; col++) {
                    assertEquals(expected(x, xOff, g, r, col, outW), m[cOff + r * cols + col],
                            "row " + r + " col " + col + " geometry " + java.util.Arrays.toString(g));
                }
            }
            assertEquals(Float.NaN, m[cOff + rows * cols], "wrote past the matrix");
        }
    }

    @Test
    void col2imIsTheAdjointOfIm2col() {
        // <im2col(x), y> == <x, col2im(y)> for all x, y
        for (int trial = 0; trial < 200; trial++) {
            int[] g = randomGeometry();
            int outH = outH(g), outW = outW(g);
            int size = g[0] * g[3] * g[4] * outH * outW, xSize = g[0] * g[1] * g[2];
            float[] x = random(xSize), y = random(size), cols = new float[size];
            Im2col.im2col(x, 0, g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10], cols, 0);
            float[] back = random(xSize), base = back.clone();
            Im2col.col2im(y, 0, g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10], back, 0);
            double lhs = 0, rhs = 0;
            for (int i = 0; i < size; i++) {
                lhs += (double) cols[i] * y[i];
            }
            for (int i = 0; i < xSize; i++) {
                rhs += (double) x[i] * (back[i] - base[i]); // col2im accumulates onto what was there
            }
            assertEquals(lhs, rhs, 1e-4 * (1 + Math.abs(lhs)), java.util.Arrays.toString(g));
        }
    }

    @Test
    void withARowStrideBothWriteAndReadOneBlockOfAWiderMatrix() {
        for (int trial = 0; trial < 100; trial++) {
            int[] g = randomGeometry();
            int l = outH(g) * outW(g);
            int rows = g[0] * g[3] * g[4];
            int left = rnd.nextInt(5), right = rnd.nextInt(5), ld = left + l + right;
            float[] x = random(g[0] * g[1] * g[2]);
            float[] alone = new float[rows * l];
            Im2col.im2col(x, 0, g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10], alone, 0);
            float[] wide = new float[rows * ld];
            java.util.Arrays.fill(wide, Float.NaN);
            Im2col.im2col(x, 0, g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10], wide, left, ld);
            for (int r = 0; r < rows; r++) {
                for (int col = 0; col < ld; col++) {
                    boolean inBlock = col >= left && col < left + l;
                    assertEquals(inBlock ? alone[r * l + col - left] : Float.NaN, wide[r * ld + col],
                            "row " + r + " col " + col + " geometry " + java.util.Arrays.toString(g));
                }
            }
            // col2im reads that block and nothing else (the NaNs around it would show)
            float[] back = new float[x.length], backAlone = new float[x.length];
            Im2col.col2im(wide, left, ld, g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10], back, 0);
            Im2col.col2im(alone, 0, g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10], backAlone, 0);
            org.junit.jupiter.api.Assertions.assertArrayEquals(backAlone, back, java.util.Arrays.toString(g));
        }
        assertThrows(IllegalArgumentException.class,
                () -> Im2col.im2col(new float[16], 0, 1, 4, 4, 3, 3, 1, 1, 1, 1, 1, 1, new float[9 * 16], 0, 15));
    }

    /**
     * Geometries whose output rows are exactly one 512-bit vector or half of one (16 and 8
     * floats: a ConvNet's deeper layers), which the vector loops copy and add with loops of
     * their own; with strides and dilation too.
     */
    private static final int[][] VECTOR_WIDE_ROWS = {
            {2, 16, 16, 3, 3, 1, 1, 1, 1, 1, 1}, {3, 8, 8, 3, 3, 1, 1, 1, 1, 1, 1}, {2, 9, 20, 3, 5, 2, 1, 0, 0, 1, 1},
            {2, 9, 18, 3, 3, 1, 1, 1, 1, 2, 2}, {2, 8, 10, 3, 3, 1, 1, 0, 0, 1, 1}, {1, 4, 32, 1, 1, 1, 1, 0, 0, 1, 1}};

    @Test
    void vectorLoopsAgreeWithTheirPlainTwins() {
        for (int trial = 0; trial < 200 + VECTOR_WIDE_ROWS.length; trial++) {
            int[] g = trial < VECTOR_WIDE_ROWS.length ? VECTOR_WIDE_ROWS[trial] : randomGeometry();
            int outH = outH(g), outW = outW(g);
            int l = outH * outW, ld = l + rnd.nextInt(4), size = g[0] * g[3] * g[4] * ld;
            float[] x = random(g[0] * g[1] * g[2]);
            float[] cols = new float[size], twin = new float[size];
            Im2col.im2col(x, 0, g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10], cols, 0, ld);
            Im2col.im2colScalar(x, 0, g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10], outH, outW, twin, 0, ld);
            org.junit.jupiter.api.Assertions.assertArrayEquals(twin, cols, "im2col " + java.util.Arrays.toString(g));
            float[] y = random(size), back = random(x.length), backTwin = back.clone();
            Im2col.col2im(y, 0, ld, g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10], back, 0);
            Im2col.col2imScalar(y, 0, ld, g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10], outH, outW, backTwin, 0);
            for (int i = 0; i < back.length; i++) {
                assertEquals(backTwin[i], back[i], 1e-5, "col2im " + java.util.Arrays.toString(g) + " at " + i);
            }
        }
    }

    @Test
    void outputSizeFollowsPyTorchAndRejectsKernelsLargerThanTheInput() {
        for (int trial = 0; trial < 100; trial++) {
            int in = 1 + rnd.nextInt(40), k = 1 + rnd.nextInt(5), s = 1 + rnd.nextInt(3), p = rnd.nextInt(3), d = 1 + rnd.nextInt(2);
            int span = d * (k - 1) + 1;
            if (in + 2 * p < span) {
                assertThrows(IllegalArgumentException.class, () -> Im2col.outputSize(in, k, s, p, d));
                continue;
            }
            int out = Im2col.outputSize(in, k, s, p, d);
            // the last window fits, one more would not
            assertEquals(true, (out - 1) * s + span <= in + 2 * p);
            assertEquals(true, out * s + span > in + 2 * p);
        }
    }
}
