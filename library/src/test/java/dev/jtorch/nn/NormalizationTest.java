package dev.jtorch.nn;

import static dev.jtorch.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.jtorch.GradCheck;
import dev.jtorch.Tensor;
import dev.jtorch.nn.functional.F;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

/** BatchNorm (training and evaluation, running statistics) and LayerNorm. */
class NormalizationTest {

    @BeforeEach
    void seed() {
        manualSeed(11);
    }

    @Test
    void batchNormInTrainingNormalisesEachChannel() {
        var bn = new BatchNorm2d(3);
        Tensor x = randn(4, 3, 5, 5).mul(3).add(2);
        Tensor y = bn.forward(x);
        int[] dims = {0, 2, 3};
        assertTrue(y.mean(dims, false).abs().max().item() < 1e-5);
        assertTrue(y.var(dims, 0, false).sub(1).abs().max().item() < 1e-3);
    }

    @Test
    void batchNormUpdatesItsRunningStatistics() {
        var bn = new BatchNorm1d(2);
        Tensor x = tensor(new float[][]{{1, 10}, {3, 20}, {5, 30}});
        bn.forward(x);
        // running = 0.9·initial + 0.1·batch statistic, with the unbiased variance.
        assertArrayEquals(new float[]{0.3f, 2.0f}, bn.runningMean().toFloatArray(), 1e-6f);
        assertArrayEquals(new float[]{0.9f + 0.1f * 4, 0.9f + 0.1f * 100}, bn.runningVar().toFloatArray(), 1e-5f);
        assertEquals(1, bn.buffer("num_batches_tracked").longItem());
        bn.eval();
        Tensor y = bn.forward(x);
        Tensor expected = x.sub(bn.runningMean()).div(bn.runningVar().add(1e-5).sqrt());
        assertTrue(y.allClose(expected, 1e-5, 1e-6));
        assertArrayEquals(new float[]{0.3f, 2.0f}, bn.runningMean().toFloatArray(), 1e-6f, "eval leaves the statistics alone");
    }

    @Test
    void batchNormStateDictHoldsTheBuffers() {
        var bn = new BatchNorm2d(4);
        assertEquals(List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked"),
                List.copyOf(bn.stateDict().keySet()));
        assertEquals(2, bn.parameters().size());
        assertEquals("BatchNorm2d(4, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)", bn.toString());
    }

    @Test
    void batchNormGradients() {
        Tensor rm = zeros(3);
        Tensor rv = ones(3);
        GradCheck.check(t -> F.batchNorm(t[0], rm, rv, t[1], t[2], true, 0.1, 1e-5), randn(4, 3, 2, 2), randn(3), randn(3));
        GradCheck.check(t -> F.batchNorm(t[0], null, null, null, null, true, 0.1, 1e-5), randn(5, 2));
        GradCheck.check(t -> F.batchNorm(t[0], rm, rv, t[1], t[2], false, 0.1, 1e-5), randn(2, 3, 2), randn(3), randn(3));
    }

    @Test
    void batchNormSecondDerivatives() {
        // With createGraph the gradient is built from tensor ops, so it can be differentiated again.
        Tensor rm = zeros(2);
        Tensor rv = ones(2);
        GradCheck.check(t -> {
            Tensor y = F.batchNorm(t[0], null, null, t[1], null, true, 0.1, 1e-5).pow(3).sum();
            return dev.jtorch.Autograd.grad(y, t[0], true)[0];
        }, randn(3, 2, 2), randn(2));
        GradCheck.check(t -> {
            Tensor y = F.batchNorm(t[0], rm, rv, t[1], t[2], false, 0.1, 1e-5).pow(3).sum();
            return dev.jtorch.Autograd.grad(y, t[0], true)[0];
        }, randn(3, 2), randn(2), randn(2));
    }

    @Test
    void fusedBatchNormEqualsTheComposition() {
        Tensor x = randn(4, 3, 5).requiresGrad_(true);
        Tensor w = randn(3).requiresGrad_(true);
        Tensor b = randn(3).requiresGrad_(true);
        Tensor g = randn(4, 3, 5);
        F.batchNorm(x, null, null, w, b, true, 0.1, 1e-5).backward(g);
        Tensor[] fused = {x.grad(), w.grad(), b.grad()};
        x.setGrad(null);
        w.setGrad(null);
        b.setGrad(null);
        int[] dims = {0, 2};
        Tensor composed = x.sub(x.mean(dims, true)).mul(x.var(dims, 0, true).add(1e-5).rsqrt())
                .mul(w.view(1, 3, 1)).add(b.view(1, 3, 1));
        composed.backward(g);
        assertTrue(fused[0].allClose(x.grad(), 1e-4, 1e-5));
        assertTrue(fused[1].allClose(w.grad(), 1e-4, 1e-5));
        assertTrue(fused[2].allClose(b.grad(), 1e-4, 1e-5));
    }

    @Test
    void batchNormRefusesWrongInputs() {
        var bn = new BatchNorm2d(16);
        var rank = assertThrows(IllegalArgumentException.class, () -> bn.forward(randn(4, 16)));
        assertTrue(rank.getMessage().contains("expected 4D input (got 2D input"), rank.getMessage());
        var channels = assertThrows(IllegalArgumentException.class, () -> bn.forward(randn(4, 8, 3, 3)));
        assertTrue(channels.getMessage().contains("16 channels"), channels.getMessage());
        var single = assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(3).forward(randn(1, 3)));
        assertTrue(single.getMessage().contains("more than 1 value per channel"), single.getMessage());
    }

    @Test
    void layerNormNormalisesEachSampleOverItsLastDims() {
        var ln = new LayerNorm(4);
        Tensor x = randn(3, 2, 4).mul(5).add(1);
        Tensor y = ln.forward(x);
        assertTrue(y.mean(-1).abs().max().item() < 1e-5);
        assertTrue(y.var(new int[]{-1}, 0, false).sub(1).abs().max().item() < 1e-3);
        Tensor row = tensor(new float[]{1, 2, 3, 4});
        float sd = (float) Math.sqrt(1.25 + 1e-5);
        assertArrayEquals(new float[]{-1.5f / sd, -0.5f / sd, 0.5f / sd, 1.5f / sd}, ln.forward(row).toFloatArray(), 1e-5f);
        assertEquals("LayerNorm((4,), eps=1e-05, elementwise_affine=True)", ln.toString());
        GradCheck.check(t -> F.layerNorm(t[0], new int[]{2, 3}, t[1], t[2], 1e-5), randn(2, 2, 3), randn(2, 3), randn(2, 3));
        var e = assertThrows(IllegalArgumentException.class, () -> ln.forward(randn(2, 5)));
        assertTrue(e.getMessage().contains("[4]"), e.getMessage());
    }
}
