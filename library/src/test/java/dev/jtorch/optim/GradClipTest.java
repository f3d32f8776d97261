package dev.jtorch.optim;

import dev.jtorch.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.jtorch.Torch.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class GradClipTest {

    @Test
    void clipGradNormScalesAllGradientsTogetherAndReturnsTheOldNorm() {
        Tensor a = tensor(new double[]{1, 1}).requiresGrad_(true);
        Tensor b = tensor(new double[]{1}).requiresGrad_(true);
        Tensor c = tensor(new double[]{1}).requiresGrad_(true);   // no gradient: skipped
        a.setGrad(tensor(new double[]{3, 0}));
        b.setGrad(tensor(new double[]{4}));
        Tensor norm = GradClip.clipGradNorm_(List.of(a, b, c), 1.0);
        assertEquals(5.0, norm.item(), 1e-6);
        double coef = 1.0 / (5.0 + 1e-6);
        assertArrayEquals(new float[]{(float) (3 * coef), 0}, a.grad().toFloatArray(), 1e-6f);
        assertArrayEquals(new float[]{(float) (4 * coef)}, b.grad().toFloatArray(), 1e-6f);
        assertNull(c.grad());
    }

    @Test
    void clipGradNormLeavesSmallGradientsAlone() {
        Tensor a = tensor(new double[]{1, 1}).requiresGrad_(true);
        a.setGrad(tensor(new double[]{0.3, -0.4}));
        assertEquals(0.5, GradClip.clipGradNorm_(List.of(a), 1.0).item(), 1e-6);
        assertArrayEquals(new float[]{0.3f, -0.4f}, a.grad().toFloatArray());
    }

    @Test
    void clipGradNormWithInfinityUsesTheLargestMagnitude() {
        Tensor a = tensor(new double[]{1, 1, 1}).requiresGrad_(true);
        a.setGrad(tensor(new double[]{-8, 2, 4}));
        assertEquals(8.0, GradClip.clipGradNorm_(List.of(a), 2.0, Double.POSITIVE_INFINITY).item(), 1e-6);
        assertArrayEquals(new float[]{-2, 0.5f, 1}, a.grad().toFloatArray(), 1e-5f);
    }

    @Test
    void clipGradValueClampsEachElement() {
        Tensor a = tensor(new double[]{1, 1, 1}).requiresGrad_(true);
        a.setGrad(tensor(new double[]{-3, 0.2, 7}).t());
        GradClip.clipGradValue_(List.of(a), 1.0);
        assertArrayEquals(new float[]{-1, 0.2f, 1}, a.grad().toFloatArray());
    }
}
