package dev.jtorch.nn;

import static dev.jtorch.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.jtorch.GradCheck;
import dev.jtorch.Tensor;
import dev.jtorch.nn.functional.F;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Convolutions against a direct nested-loop definition, their shapes, gradients and errors. */
class ConvolutionTest {

    @BeforeEach
    void seed() {
        manualSeed(3);
    }

    /** The textbook definition: out[n, o, y, x] = b[o] + Σ w[o, c, i, j] · in[n, g·Cg + c, y·s - p + i·d, x·s - p + j·d]. */
    private static float[] direct(Tensor x, Tensor w, Tensor b, int[] s, int[] p, int[] d, int groups, int outH, int outW) {
        int n = x.size(0), c = x.size(1), h = x.size(2), wd = x.size(3);
        int o = w.size(0), cg = w.size(1), kh = w.size(2), kw = w.size(3);
        int og = o / groups;
        float[] out = new float[n * o * outH * outW];
        int at = 0;
        for (int ni = 0; ni < n; ni++) {
            for (int oi = 0; oi < o; oi++) {
                int g = oi / og;
                for (int y = 0; y < outH; y++) {
                    for (int xx = 0; xx < outW; xx++) {
                        double sum = b == null ? 0 : b.get(oi);
                        for (int ci = 0; ci < cg; ci++) {
                            for (int i = 0; i < kh; i++) {
                                for (int j = 0; j < kw; j++) {
                                    int iy = y * s[0] - p[0] + i * d[0];
                                    int ix = xx * s[1] - p[1] + j * d[1];
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < wd) {
                                        sum += (double) w.get(oi, ci, i, j) * x.get(ni, g * cg + ci, iy, ix);
                                    }
                                }
                            }
                        }
                        out[at++] = (float) sum;
                    }
                }
            }
        }
        assertEquals(c, cg * groups);
        return out;
    }

    private static void assertConvMatchesDirect(int n, int c, int h, int w, int o, int kh, int kw, int[] s, int[] p,
                                                int[] d, int groups) {
        Tensor x = randn(n, c, h, w);
        Tensor weight = randn(o, c / groups, kh, kw);
        Tensor bias = randn(o);
        Tensor y = conv2d(x, weight, bias, s, p, d, groups);
        int outH = (h + 2 * p[0] - d[0] * (kh - 1) - 1) / s[0] + 1;
        int outW = (w + 2 * p[1] - d[1] * (kw - 1) - 1) / s[1] + 1;
        assertArrayEquals(new int[]{n, o, outH, outW}, y.shape());
        assertArrayEquals(direct(x, weight, bias, s, p, d, groups, outH, outW), y.toFloatArray(), 1e-4f);
    }

    @Test
    void conv2dMatchesTheDefinition() {
        assertConvMatchesDirect(2, 3, 7, 6, 4, 3, 3, new int[]{1, 1}, new int[]{0, 0}, new int[]{1, 1}, 1);
        assertConvMatchesDirect(2, 3, 7, 6, 4, 3, 2, new int[]{2, 1}, new int[]{1, 2}, new int[]{1, 1}, 1);
        assertConvMatchesDirect(1, 2, 9, 9, 2, 3, 3, new int[]{1, 2}, new int[]{2, 2}, new int[]{2, 3}, 1);
        assertConvMatchesDirect(2, 4, 5, 5, 6, 3, 3, new int[]{1, 1}, new int[]{1, 1}, new int[]{1, 1}, 2);
        assertConvMatchesDirect(1, 4, 5, 5, 4, 3, 3, new int[]{2, 2}, new int[]{1, 1}, new int[]{1, 1}, 4);
    }

    @Test
    void conv2dOfAKnownImage() {
        // A 3x3 image 1..9 with a 2x2 kernel of ones sums each 2x2 window.
        Tensor img = arange(1, 10).toFloat().view(1, 1, 3, 3);
        Tensor y = conv2d(img, ones(1, 1, 2, 2), null, 1, 0);
        assertArrayEquals(new float[]{12, 16, 24, 28}, y.toFloatArray());
        Tensor padded = conv2d(img, ones(1, 1, 2, 2), tensor(new float[]{1}), 2, 1);
        assertArrayEquals(new float[]{2, 6, 12, 29}, padded.toFloatArray());
    }

    @Test
    void unbatchedInputGivesAnUnbatchedOutput() {
        Tensor x = randn(3, 8, 8);
        Tensor w = randn(5, 3, 3, 3);
        Tensor batched = conv2d(x.unsqueeze(0), w, null, 1, 1);
        Tensor single = conv2d(x, w, null, 1, 1);
        assertArrayEquals(new int[]{5, 8, 8}, single.shape());
        assertTrue(single.allClose(batched.squeeze(0)));
    }

    @Test
    void conv2dGradients() {
        GradCheck.check(t -> conv2d(t[0], t[1], t[2], 1, 1), randn(2, 2, 5, 5), randn(3, 2, 3, 3), randn(3));
        GradCheck.check(t -> conv2d(t[0], t[1], t[2], new int[]{2, 1}, new int[]{1, 0}, new int[]{1, 2}, 1),
                randn(1, 2, 6, 7), randn(2, 2, 3, 2), randn(2));
        GradCheck.check(t -> conv2d(t[0], t[1], null, new int[]{1}, new int[]{1}, new int[]{1}, 2),
                randn(2, 4, 4, 4), randn(4, 2, 3, 3));
    }

    @Test
    void conv2dSecondDerivatives() {
        // d/dw of (dL/dx) exercises the input-gradient op's own backward.
        Tensor w0 = randn(2, 2, 3, 3);
        Tensor x0 = randn(1, 2, 5, 5);
        GradCheck.check(t -> {
            Tensor y = conv2d(t[0], t[1], null, 1, 1).square().sum();
            return dev.jtorch.Autograd.grad(y, t[0], true)[0];
        }, x0, w0);
        // The bias is fused into the convolution op: its gradient must stay differentiable too.
        GradCheck.check(t -> {
            Tensor y = conv2d(t[0], t[1], t[2], 1, 1).square().sum();
            return dev.jtorch.Autograd.grad(y, t[2], true)[0];
        }, x0, w0, randn(2));
    }

    @Test
    void manySmallImagesMultipliedTogetherMatchTheDefinition() {
        // 6x6 outputs: several samples share one product, and the last product takes the rest
        assertConvMatchesDirect(19, 3, 6, 6, 4, 3, 3, new int[]{1, 1}, new int[]{1, 1}, new int[]{1, 1}, 1);
        assertConvMatchesDirect(23, 4, 5, 5, 6, 3, 3, new int[]{1, 1}, new int[]{1, 1}, new int[]{1, 1}, 2);
    }

    @Test
    void batchedGradientsEqualThoseOfEachSampleAlone() {
        Tensor x = randn(21, 4, 8, 8);
        Tensor w = randn(6, 2, 3, 3);
        Tensor g = randn(21, 6, 8, 8);
        Tensor xx = x.clone().requiresGrad_(true);
        Tensor ww = w.clone().requiresGrad_(true);
        conv2d(xx, ww, null, new int[]{1, 1}, new int[]{1, 1}, new int[]{1, 1}, 2).backward(g);
        for (int s = 0; s < 21; s++) {
            Tensor xs = x.narrow(0, s, 1).clone().requiresGrad_(true);
            Tensor ys = conv2d(xs, w, null, new int[]{1, 1}, new int[]{1, 1}, new int[]{1, 1}, 2);
            ys.backward(g.narrow(0, s, 1));
            assertArrayEquals(xs.grad().toFloatArray(), xx.grad().narrow(0, s, 1).toFloatArray(), 1e-4f, "sample " + s);
        }
    }

    @Test
    void gradientsDoNotDependOnTheThreadCount() {
        Tensor x = randn(19, 3, 6, 6);
        Tensor w = randn(4, 3, 3, 3);
        Tensor g = randn(19, 4, 6, 6);
        int before = dev.jtorch.cpu.Parallel.numThreads();
        Tensor[][] results = new Tensor[3][];
        try {
            for (int threads = 1; threads <= 3; threads++) {
                dev.jtorch.cpu.Parallel.setNumThreads(threads);
                Tensor xx = x.clone().requiresGrad_(true);
                Tensor ww = w.clone().requiresGrad_(true);
                Tensor y = conv2d(xx, ww, null, 1, 1);
                y.backward(g);
                results[threads - 1] = new Tensor[]{y.detach(), xx.grad(), ww.grad()};
            }
        } finally {
            dev.jtorch.cpu.Parallel.setNumThreads(before);
        }
        for (int t = 1; t < 3; t++) {
            for (int i = 0; i < 3; i++) {
                assertTrue(results[t][i].equal(results[0][i]), "result " + i + " with " + (t + 1) + " threads");
            }
        }
    }

    @Test
    void conv1dMatchesConv2dOverARow() {
        Tensor x = randn(2, 3, 10);
        Tensor w = randn(4, 3, 3);
        Tensor b = randn(4);
        Tensor y = conv1d(x, w, b, 2, 1, 1, 1);
        assertArrayEquals(new int[]{2, 4, 5}, y.shape());
        Tensor viaConv2d = conv2d(x.unsqueeze(2), w.unsqueeze(2), b, new int[]{1, 2}, new int[]{0, 1}, new int[]{1, 1}, 1);
        assertTrue(y.allClose(viaConv2d.squeeze(2)));
        GradCheck.check(t -> conv1d(t[0], t[1], t[2], 1, 2, 2, 1), randn(1, 2, 7), randn(3, 2, 3), randn(3));
    }

    @Test
    void transposedConvolutionIsTheAdjointOfConvolution() {
        // <convT(y, w), x> = <y, conv(x, w)> for every x, y: the defining property.
        Tensor w = randn(3, 2, 3, 3);                    // conv: 3 out, 2 in; convT: 3 in, 2 out
        Tensor x = randn(2, 2, 7, 7);
        Tensor y = randn(2, 3, 4, 4);
        Tensor convX = conv2d(x, w, null, 2, 1);          // [2, 3, 4, 4]
        Tensor convTY = convTranspose2d(y, w, null, new int[]{2}, new int[]{1}, new int[]{0}, 1, new int[]{1});
        assertArrayEquals(new int[]{2, 2, 7, 7}, convTY.shape());
        assertEquals(convX.mul(y).sum().item(), convTY.mul(x).sum().item(), 1e-3);
    }

    @Test
    void transposedConvolutionShapesAndGradients() {
        var up = new ConvTranspose2d(4, 2, 2, 2, 0);
        assertArrayEquals(new int[]{3, 2, 10, 10}, up.forward(randn(3, 4, 5, 5)).shape());
        var withOutputPadding = F.convTranspose2d(randn(1, 4, 5, 5), randn(4, 3, 3, 3), null, new int[]{2}, new int[]{1},
                new int[]{1}, 1, new int[]{1});
        assertArrayEquals(new int[]{1, 3, 10, 10}, withOutputPadding.shape());
        GradCheck.check(t -> convTranspose2d(t[0], t[1], t[2], new int[]{2}, new int[]{1}, new int[]{1}, 1, new int[]{1}),
                randn(1, 2, 3, 3), randn(2, 3, 3, 3), randn(3));
        GradCheck.check(t -> convTranspose2d(t[0], t[1], null, new int[]{1}, new int[]{0}, new int[]{0}, 2, new int[]{1}),
                randn(1, 4, 3, 3), randn(4, 1, 2, 2));
    }

    @Test
    void conv2dLayerShapesAndInitialisation() {
        var conv = new Conv2d(3, 16, 3, 1, 1);
        assertArrayEquals(new int[]{4, 16, 32, 32}, conv.forward(randn(4, 3, 32, 32)).shape());
        double bound = 1 / Math.sqrt(3 * 3 * 3);
        assertTrue(conv.weight.abs().max().item() <= bound);
        assertTrue(conv.bias.abs().max().item() <= bound);
        assertTrue(conv.weight.std().item() > bound / 3, "weights spread over their range");
        var strided = new Conv2d(3, 8, new int[]{5, 3}, new int[]{2, 2}, new int[]{0, 1}, new int[]{1, 1}, 1, false);
        assertNull(strided.bias);
        assertArrayEquals(new int[]{1, 8, 14, 16}, strided.forward(randn(1, 3, 32, 32)).shape());
        assertEquals("Conv2d(3, 8, kernel_size=(5, 3), stride=(2, 2), padding=(0, 1), bias=False)", strided.toString());
        var c1 = new Conv1d(2, 4, 3, 1, 1);
        assertArrayEquals(new int[]{5, 4, 9}, c1.forward(randn(5, 2, 9)).shape());
    }

    @Test
    void wrongChannelCountSaysWhatWasExpected() {
        var conv = new Conv2d(3, 16, 3);
        var e = assertThrows(IllegalArgumentException.class, () -> conv.forward(randn(1, 1, 28, 28)));
        assertTrue(e.getMessage().contains("to have 3 channels"), e.getMessage());
        assertTrue(e.getMessage().contains("but got 1 channels"), e.getMessage());
    }

    @Test
    void kernelLargerThanInputIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> conv2d(randn(1, 1, 2, 2), randn(1, 1, 3, 3), null, 1, 0));
        assertTrue(e.getMessage().contains("smaller than the kernel"), e.getMessage());
        var bad = assertThrows(IllegalArgumentException.class, () -> conv2d(randn(1, 3, 8), randn(1, 3, 3, 3), null, 1, 0));
        assertTrue(bad.getMessage().contains("[1, 3, 8]"), bad.getMessage());
    }

    @Test
    void bothConvolutionsNameTheirWeightLayoutAndGroupsInErrors() {
        int[] one = {1};
        int[] zero = {0};
        var flat = assertThrows(IllegalArgumentException.class, () -> conv2d(randn(1, 3, 8, 8), randn(4, 27), null, 1, 0));
        assertTrue(flat.getMessage().startsWith("conv2d: weight must be 4-D [out_channels, in_channels/groups, kH, kW], got shape [4, 27]"),
                flat.getMessage());
        var flatT = assertThrows(IllegalArgumentException.class,
                () -> convTranspose2d(randn(1, 4, 5, 5), randn(4, 27), null, one, zero, zero, 1, one));
        assertTrue(flatT.getMessage().startsWith("convTranspose2d: weight must be 4-D [in_channels, out_channels/groups, kH, kW]"),
                flatT.getMessage());
        var groups = assertThrows(IllegalArgumentException.class,
                () -> conv2d(randn(1, 4, 8, 8), randn(6, 1, 3, 3), null, one, zero, one, 4));
        assertTrue(groups.getMessage().contains("groups (4) must be positive and divide out_channels (6)"), groups.getMessage());
        var groupsT = assertThrows(IllegalArgumentException.class,
                () -> convTranspose2d(randn(1, 6, 5, 5), randn(6, 1, 3, 3), null, one, zero, zero, 4, one));
        assertTrue(groupsT.getMessage().contains("groups (4) must be positive and divide in_channels (6)"), groupsT.getMessage());
        var stride = assertThrows(IllegalArgumentException.class,
                () -> convTranspose2d(randn(1, 4, 5, 5), randn(4, 3, 3, 3), null, zero, zero, zero, 1, one));
        assertTrue(stride.getMessage().contains("stride must be positive"), stride.getMessage());
        var rank = assertThrows(IllegalArgumentException.class,
                () -> convTranspose2d(randn(4, 5), randn(4, 3, 3, 3), null, one, zero, zero, 1, one));
        assertTrue(rank.getMessage().contains("expected a 3-D [C, H, W] or 4-D [N, C, H, W] input, got shape [4, 5]"), rank.getMessage());
        assertArrayEquals(new int[]{3, 7, 7}, convTranspose2d(randn(4, 5, 5), randn(4, 3, 3, 3), null, one, zero, zero, 1, one).shape());
    }
}
