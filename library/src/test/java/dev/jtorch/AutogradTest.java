package dev.jtorch;

import static dev.jtorch.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The autograd engine's behaviour as a PyTorch user relies on it. */
class AutogradTest {

    @Test
    void seedProgramTwoGradOfSquares() {
        var x = tensor(new float[]{1, 2, 3}).requiresGrad_(true);
        var y = x.mul(x);
        var dy = Autograd.grad(y.sum(), x);
        assertArrayEquals(new float[]{2, 4, 6}, dy.toFloatArray());
        assertNull(x.grad(), "Autograd.grad must not touch .grad");
    }

    @Test
    void gradOfNonScalarWithoutGradOutputsSaysWhy() {
        var x = tensor(new float[]{1, 2, 3}).requiresGrad_(true);
        var y = x.mul(x);
        var e = assertThrows(IllegalArgumentException.class, () -> Autograd.grad(y, x));
        assertTrue(e.getMessage().contains("grad can be implicitly created only for scalar outputs"), e.getMessage());
        assertTrue(e.getMessage().contains("[3]"), e.getMessage());
    }

    @Test
    void backwardAccumulatesIntoLeaves() {
        var w = tensor(new float[]{1, -2}).requiresGrad_(true);
        w.mul(3).sum().backward();
        w.mul(w).sum().backward();
        assertArrayEquals(new float[]{3 + 2, 3 - 4}, w.grad().toFloatArray());
        w.setGrad(null);
        w.sum().backward();
        assertArrayEquals(new float[]{1, 1}, w.grad().toFloatArray());
    }

    @Test
    void nonScalarBackwardTakesAGradient() {
        var x = tensor(new float[]{1, 2}).requiresGrad_(true);
        x.mul(x).backward(tensor(new float[]{1, 10}));
        assertArrayEquals(new float[]{2, 40}, x.grad().toFloatArray());
    }

    @Test
    void secondBackwardNeedsRetainGraph() {
        var x = tensor(new float[]{2}).requiresGrad_(true);
        var y = x.mul(x).sum();
        y.backward(null, true);
        y.backward();
        assertEquals(8, x.grad().item());
        var z = x.exp().sum();
        z.backward();
        var e = assertThrows(IllegalStateException.class, z::backward);
        assertTrue(e.getMessage().contains("second time") && e.getMessage().contains("retainGraph"), e.getMessage());
    }

    @Test
    void createGraphGivesSecondDerivatives() {
        var x = tensor(new float[]{1, 2}).requiresGrad_(true);
        var dx = Autograd.grad(x.pow(3).sum(), x, true)[0];
        assertArrayEquals(new float[]{3, 12}, dx.toFloatArray(), 1e-5f);
        var d2x = Autograd.grad(dx.sum(), x);
        assertArrayEquals(new float[]{6, 12}, d2x.toFloatArray(), 1e-5f);
    }

    @Test
    void detachAndNoGradStopRecording() {
        var x = randn(3).requiresGrad_(true);
        assertFalse(x.detach().mul(2).requiresGrad());
        try (var g = noGrad()) {
            var y = x.mul(2);
            assertFalse(y.requiresGrad());
            assertNull(y.gradFn());
            try (var e = enableGrad()) {
                assertTrue(x.mul(2).requiresGrad());
            }
            assertFalse(NoGrad.isGradEnabled());
        }
        assertTrue(NoGrad.isGradEnabled());
    }

    @Test
    void gradFnNamesPrintLikePyTorch() {
        var x = randn(2, 2).requiresGrad_(true);
        assertEquals("MulBackward0", x.mul(2).gradFn().name());
        assertEquals("MmBackward0", x.matmul(x).gradFn().name());
        assertEquals("SumBackward1", x.sum(0).gradFn().name());
        assertTrue(x.add(1).toString().endsWith("grad_fn=<AddBackward0>)"));
        assertTrue(x.toString().endsWith("requires_grad=True)"));
        assertTrue(x.isLeaf());
        assertFalse(x.add(1).isLeaf());
    }

    @Test
    void inPlaceOnLeafThatRequiresGradIsRefusedOutsideNoGrad() {
        var w = randn(3).requiresGrad_(true);
        var e = assertThrows(IllegalStateException.class, () -> w.add_(1));
        assertTrue(e.getMessage().contains("leaf") && e.getMessage().contains("noGrad"), e.getMessage());
        try (var g = noGrad()) {
            float before = w.get(0);
            w.add_(1);
            assertEquals(before + 1, w.get(0), 1e-6);
        }
    }

    @Test
    void overwritingAValueSavedForBackwardIsDetected() {
        var x = randn(3).requiresGrad_(true);
        var y = x.exp();
        var z = y.mul(2);
        y.mul_(3);
        var e = assertThrows(IllegalStateException.class, () -> z.sum().backward());
        assertTrue(e.getMessage().contains("ExpBackward0") && e.getMessage().contains("in-place"), e.getMessage());
    }

    @Test
    void gradientsThroughViewsAndBroadcastReduceToTheInputShape() {
        var b = zeros(1, 3).requiresGrad_(true);
        randn(4, 3).add(b).sum().backward();
        assertArrayEquals(new int[]{1, 3}, b.grad().shape());
        assertArrayEquals(new float[]{4, 4, 4}, b.grad().toFloatArray());
        var x = zeros(2, 3).requiresGrad_(true);
        x.t().narrow(0, 1, 2).sum().backward();
        assertArrayEquals(new float[]{0, 1, 1, 0, 1, 1}, x.grad().toFloatArray());
    }

    @Test
    void detectAnomalyNamesTheOpThatMadeNaN() throws Exception {
        var x = tensor(new float[]{-1, 1}).requiresGrad_(true);
        try (var a = Autograd.detectAnomaly()) {
            var e = assertThrows(IllegalStateException.class, () -> x.log());
            assertTrue(e.getMessage().contains("Log") && e.getMessage().contains("NaN"), e.getMessage());
        }
        var zero = tensor(new float[]{0, 1}).requiresGrad_(true);
        var y = zero.sqrt().sum();
        try (var a = Autograd.detectAnomaly()) {
            var e = assertThrows(IllegalStateException.class, y::backward);
            assertTrue(e.getMessage().contains("SqrtBackward0") && e.getMessage().contains("Inf"), e.getMessage());
        }
        assertFalse(Autograd.isAnomalyEnabled());
    }

    @Test
    void gradWithRespectToAnIntermediateTensor() {
        var x = tensor(new float[]{1, 2}).requiresGrad_(true);
        var h = x.mul(3);
        var y = h.pow(2).sum();
        var g = Autograd.grad(new Tensor[]{y}, new Tensor[]{h, x}, null, false, false);
        assertArrayEquals(new float[]{6, 12}, g[0].toFloatArray(), 1e-5f);
        assertArrayEquals(new float[]{18, 36}, g[1].toFloatArray(), 1e-5f);
    }

    // ---------------------------------------------------------------- leaf gradients own their storage

    /** Changing one gradient in place (as gradient clipping does) must leave every other tensor alone. */
    private static void bump(Tensor t) {
        try (var ignored = noGrad()) {
            t.add_(100.0);
        }
    }

    @Test
    void leafGradientsNeverShareStorage() {
        // add's backward hands the same gradient to both inputs.
        Tensor a = randn(3, 4).requiresGrad_(true);
        Tensor b = randn(3, 4).requiresGrad_(true);
        a.add(b).mul(2).sum().backward();
        bump(a.grad());
        assertTrue(b.grad().equal(full(new int[]{3, 4}, 2f)), b.grad().toString());
        // A gradient passed by the caller stays the caller's, through an identity backward or none.
        Tensor x = randn(5).requiresGrad_(true);
        Tensor given = ones(5);
        x.clone().backward(given);
        bump(x.grad());
        assertTrue(given.equal(ones(5)));
        Tensor leaf = randn(5).requiresGrad_(true);
        leaf.backward(given);
        bump(leaf.grad());
        assertTrue(given.equal(ones(5)));
    }

    @Test
    void aFreshWeightGradientIsKeptAndStillAccumulates() {
        Tensor w = randn(4, 3).requiresGrad_(true);
        Tensor x = randn(2, 3);
        Tensor expected = ones(2, 4).t().matmul(x);
        x.matmul(w.t()).sum().backward();
        assertTrue(w.grad().allClose(expected, 1e-5, 1e-6));
        x.matmul(w.t()).sum().backward();
        assertTrue(w.grad().allClose(expected.mul(2), 1e-5, 1e-6));
    }
}
