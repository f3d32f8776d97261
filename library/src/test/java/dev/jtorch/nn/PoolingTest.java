package dev.jtorch.nn;

import static dev.jtorch.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.jtorch.GradCheck;
import dev.jtorch.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Max, average and adaptive pooling: values of small known cases, shapes, gradients. */
class PoolingTest {

    @BeforeEach
    void seed() {
        manualSeed(5);
    }

    private static final Tensor GRID = arange(16).toFloat().view(1, 1, 4, 4);   // 0..15 row by row

    @Test
    void maxPoolPicksTheLargestOfEachWindow() {
        assertArrayEquals(new float[]{5, 7, 13, 15}, maxPool2d(GRID, 2).toFloatArray());
        var overlapping = maxPool2d(GRID, new int[]{3}, new int[]{1}, new int[]{0}, new int[]{1}, false);
        assertArrayEquals(new float[]{10, 11, 14, 15}, overlapping.toFloatArray());
        var padded = maxPool2d(GRID.neg(), new int[]{2}, new int[]{2}, new int[]{1}, new int[]{1}, false);
        assertArrayEquals(new float[]{0, -1, -3, -4, -5, -7, -12, -13, -15}, padded.toFloatArray(), 0f);
        var ceil = maxPool2d(arange(25).toFloat().view(1, 5, 5), new int[]{2}, new int[]{2}, new int[]{0}, new int[]{1}, true);
        assertArrayEquals(new int[]{1, 3, 3}, ceil.shape());
        assertArrayEquals(new float[]{6, 8, 9, 16, 18, 19, 21, 23, 24}, ceil.toFloatArray());
    }

    @Test
    void maxPoolDoesNotHideNaN() {
        Tensor x = GRID.clone();
        x.set(Float.NaN, 0, 0, 0, 1);
        float[] y = maxPool2d(x, 2).toFloatArray();
        assertTrue(Float.isNaN(y[0]));
        assertEquals(7f, y[1]);
    }

    @Test
    void maxPoolKeepsTheFirstNaNAndTheFirstOfTiedMaxima() {
        Tensor x = tensor(new float[]{1, Float.NaN, Float.NaN, 9, 4, 4, 2, 4}).view(1, 2, 2, 2).requiresGrad_(true);
        maxPool2d(x, 2).sum().backward();
        assertArrayEquals(new float[]{0, 1, 0, 0, 1, 0, 0, 0}, x.grad().toFloatArray());
    }

    @Test
    void maxPoolOverManyPlanesMatchesWindowMaxima() {
        int threads = getNumThreads();
        try {
            for (int t = 1; t <= 2; t++) {
                setNumThreads(t);
                Tensor x = randn(16, 32, 16, 16).requiresGrad_(true);
                Tensor pooled = maxPool2d(x, 2);
                Tensor windows = x.detach().view(16, 32, 8, 2, 8, 2).permute(0, 1, 2, 4, 3, 5).reshape(16, 32, 8, 8, 4);
                var expected = windows.max(-1);
                assertTrue(expected.values().equal(pooled), "threads " + t);
                Tensor g = randn(16, 32, 8, 8);
                pooled.backward(g);
                Tensor expectedGrad = zeros(16, 32, 8, 8, 4).scatterAdd(-1, expected.indices().unsqueeze(-1), g.unsqueeze(-1))
                        .view(16, 32, 8, 8, 2, 2).permute(0, 1, 2, 4, 3, 5).reshape(16, 32, 16, 16);
                assertTrue(expectedGrad.equal(x.grad()), "threads " + t);
            }
        } finally {
            setNumThreads(threads);
        }
    }

    @Test
    void maxPoolGradientGoesToTheMaximum() {
        Tensor x = GRID.clone().requiresGrad_(true);
        maxPool2d(x, 2).sum().backward();
        float[] g = x.grad().toFloatArray();
        for (int i = 0; i < 16; i++) {
            assertEquals(i == 5 || i == 7 || i == 13 || i == 15 ? 1f : 0f, g[i], "at " + i);
        }
        // Random values have no ties, so finite differences see the same argmax.
        GradCheck.check(t -> maxPool2d(t[0], new int[]{3, 2}, new int[]{2, 1}, new int[]{1, 1}, new int[]{1, 1}, false),
                randn(2, 2, 6, 5));
        GradCheck.check(t -> maxPool2d(t[0], new int[]{2}, new int[]{1}, new int[]{0}, new int[]{2}, false), randn(1, 2, 5, 5));
    }

    @Test
    void avgPoolAveragesEachWindow() {
        assertArrayEquals(new float[]{2.5f, 4.5f, 10.5f, 12.5f}, avgPool2d(GRID, 2).toFloatArray());
        Tensor ones = ones(1, 1, 2, 2);
        var withPad = avgPool2d(ones, new int[]{2}, new int[]{1}, new int[]{1}, false, true);
        assertArrayEquals(new float[]{0.25f, 0.5f, 0.25f, 0.5f, 1, 0.5f, 0.25f, 0.5f, 0.25f}, withPad.toFloatArray());
        var withoutPad = avgPool2d(ones, new int[]{2}, new int[]{1}, new int[]{1}, false, false);
        assertArrayEquals(new float[]{1, 1, 1, 1, 1, 1, 1, 1, 1}, withoutPad.toFloatArray());
        GradCheck.check(t -> avgPool2d(t[0], new int[]{3}, new int[]{2}, new int[]{1}, false, true), randn(1, 2, 5, 6));
        GradCheck.check(t -> avgPool2d(t[0], new int[]{2, 3}, new int[]{1, 2}, new int[]{1, 1}, true, false), randn(1, 1, 5, 6));
    }

    @Test
    void adaptiveAvgPoolUsesPyTorchWindows() {
        assertArrayEquals(new float[]{7.5f}, adaptiveAvgPool2d(GRID, 1, 1).toFloatArray());
        // 4 -> 3: windows [0,2), [1,3), [2,4) along each dim.
        Tensor y = adaptiveAvgPool2d(GRID, 3, 3);
        assertArrayEquals(new float[]{2.5f, 3.5f, 4.5f, 6.5f, 7.5f, 8.5f, 10.5f, 11.5f, 12.5f}, y.toFloatArray());
        var layer = new AdaptiveAvgPool2d(2);
        assertArrayEquals(new int[]{3, 8, 2, 2}, layer.forward(randn(3, 8, 7, 5)).shape());
        GradCheck.check(t -> adaptiveAvgPool2d(t[0], 3, 2), randn(2, 1, 5, 7));
    }

    @Test
    void maxPoolingHasSecondDerivatives() {
        GradCheck.check(t -> {
            Tensor y = maxPool2d(t[0], 2).pow(3).sum();
            return dev.jtorch.Autograd.grad(y, t[0], true)[0];
        }, randn(1, 2, 4, 4));
    }

    @Test
    void averagePoolingHasSecondDerivatives() {
        GradCheck.check(t -> {
            Tensor y = avgPool2d(t[0], 2).square().sum();
            return dev.jtorch.Autograd.grad(y, t[0], true)[0];
        }, randn(1, 1, 4, 4));
    }

    @Test
    void poolingLayersPrintLikePyTorch() {
        assertEquals("MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)", new MaxPool2d(2).toString());
        assertEquals("AvgPool2d(kernel_size=3, stride=1, padding=1)", new AvgPool2d(3, 1, 1).toString());
        assertEquals("AdaptiveAvgPool2d(output_size=1)", new AdaptiveAvgPool2d(1).toString());
    }

    @Test
    void kernelLargerThanInputIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(2).forward(randn(1, 4, 1, 1)));
        assertTrue(e.getMessage().contains("larger than the padded input"), e.getMessage());
        var pad = assertThrows(IllegalArgumentException.class,
                () -> maxPool2d(GRID, new int[]{2}, new int[]{2}, new int[]{2}, new int[]{1}, false));
        assertTrue(pad.getMessage().contains("at most half"), pad.getMessage());
    }
}
