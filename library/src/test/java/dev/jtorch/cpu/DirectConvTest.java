package dev.jtorch.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DirectConvTest {
    private final Random rnd = new Random(5);

    private float[] random(int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) {
            x[i] = rnd.nextFloat() * 2 - 1;
        }
        return x;
    }

    /** The definition, output by output, in double. */
    private static double expected(float[] x, float[] w, float[] bias, int c, int h, int wd, int kh, int kw, int strideH,
                                   int padH, int padW, int dilH, int dilW, int o, int oh, int ow) {
        double s = bias == null ? 0 : bias[o];
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                    int ih = oh * strideH - padH + i * dilH, iw = ow - padW + j * dilW;
                    if (ih >= 0 && ih < h && iw >= 0 && iw < wd) {
                        s += (double) w[((o * c + ch) * kh + i) * kw + j] * x[(ch * h + ih) * wd + iw];
                    }
                }
            }
        }
        return s;
    }

    @Test
    void bothLoopsMatchTheDefinitionOnRandomGeometries() {
        for (int trial = 0; trial < 300; trial++) {
            int c = 1 + rnd.nextInt(4), kh = 1 + rnd.nextInt(4), kw = 1 + rnd.nextInt(4);
            int dilH = 1 + rnd.nextInt(2), dilW = 1 + rnd.nextInt(2), strideH = 1 + rnd.nextInt(2);
            int padH = rnd.nextInt(3), padW = rnd.nextInt(3);
            // widths around one and two vectors (8 and 16 floats) and their tails
            int h = dilH * (kh - 1) + 1 + rnd.nextInt(12), wd = dilW * (kw - 1) + 1 + rnd.nextInt(40);
            int outChannels = 1 + rnd.nextInt(10);
            DirectConv conv = new DirectConv(c, h, wd, kh, kw, strideH, padH, padW, dilH, dilW);
            float[] x = random(5 + c * h * wd), w = random(outChannels * c * kh * kw);
            float[] bias = rnd.nextBoolean() ? null : random(3 + outChannels);
            int outLen = outChannels * conv.outH * conv.outW;
            float[] simd = new float[outLen + 7], plain = new float[outLen + 7];
            java.util.Arrays.fill(simd, 42f);
            java.util.Arrays.fill(plain, 42f);
            float[] workspace = new float[conv.workspaceSize()];
            float[] xAt5 = new float[x.length];
            System.arraycopy(x, 5, xAt5, 0, x.length - 5);
            conv.forward(x, 5, w, 0, outChannels, bias, bias == null ? 0 : 3, simd, 4, workspace);
            conv.forwardScalar(workspace, w, 0, outChannels, bias, bias == null ? 0 : 3, plain, 4);
            float[] shiftedBias = bias == null ? null : java.util.Arrays.copyOfRange(bias, 3, bias.length);
            String where = "c=" + c + " h=" + h + " w=" + wd + " k=" + kh + "x" + kw + " strideH=" + strideH
                    + " pad=" + padH + "," + padW + " dil=" + dilH + "," + dilW + " o=" + outChannels;
            for (int o = 0; o < outChannels; o++) {
                for (int oh = 0; oh < conv.outH; oh++) {
                    for (int ow = 0; ow < conv.outW; ow++) {
                        int at = 4 + (o * conv.outH + oh) * conv.outW + ow;
                        double want = expected(xAt5, w, shiftedBias, c, h, wd, kh, kw, strideH, padH, padW, dilH, dilW, o, oh, ow);
                        assertEquals(want, simd[at], 1e-4, where + " at " + o + "," + oh + "," + ow);
                        assertEquals(want, plain[at], 1e-4, where + " (scalar) at " + o + "," + oh + "," + ow);
                    }
                }
            }
            // nothing written outside the output
            for (int i : new int[] {0, 1, 2, 3, outLen + 4, outLen + 5, outLen + 6}) {
                assertEquals(42f, simd[i], where + ": wrote outside the output at " + i);
            }
        }
    }

    @Test
    void suitsFewTapsAndRowsAtLeastOneVectorWide() {
        assertEquals(Simd.ENABLED, DirectConv.suits(27, 1, 32));
        assertFalse(DirectConv.suits(32 * 9, 1, 32), "deep products go to GEMM");
        assertFalse(DirectConv.suits(27, 2, 32), "width stride 2 goes to im2col");
        assertFalse(DirectConv.suits(27, 1, 1), "one-wide rows go to im2col");
        assertTrue(new DirectConv(3, 32, 32, 3, 3, 1, 1, 1, 1, 1).workspaceSize() >= 3 * 34 * 34);
    }
}
