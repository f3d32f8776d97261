package dev.jtorch.nn;

import static dev.jtorch.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.jtorch.GradCheck;
import dev.jtorch.Tensor;
import dev.jtorch.nn.functional.F;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Loss values against hand computations, their gradients, and the messages for the tutorials' mistakes. */
class LossTest {

    @BeforeEach
    void seed() {
        manualSeed(13);
    }

    private static Tensor row(float... v) {
        return tensor(v);
    }

    // ---------------------------------------------------------------- values

    @Test
    void regressionLosses() {
        Tensor a = row(1, 2, 3);
        Tensor b = row(1, 4, 0);
        assertEquals((0 + 4 + 9) / 3f, new MSELoss().forward(a, b).item(), 1e-6);
        assertEquals(13f, new MSELoss(Reduction.SUM).forward(a, b).item(), 1e-6);
        assertArrayEquals(new float[]{0, 4, 9}, new MSELoss(Reduction.NONE).forward(a, b).toFloatArray());
        assertEquals(5 / 3f, new L1Loss().forward(a, b).item(), 1e-6);
        // |d| = 0, 2, 3 with beta 1: 0, 2 - 0.5, 3 - 0.5; and a small difference is squared.
        assertEquals((0 + 1.5f + 2.5f) / 3, new SmoothL1Loss().forward(a, b).item(), 1e-6);
        assertEquals(0.5f * 0.25f, new SmoothL1Loss().forward(row(0.5f), row(0)).item(), 1e-6);
    }

    @Test
    void binaryCrossEntropyValues() {
        Tensor p = row(0.9f, 0.2f);
        Tensor t = row(1, 0);
        double expected = -(Math.log(0.9) + Math.log(0.8)) / 2;
        assertEquals(expected, new BCELoss().forward(p, t).item(), 1e-6);
        Tensor logits = row(2.0f, -1.0f);
        double withLogits = -(Math.log(1 / (1 + Math.exp(-2.0))) + Math.log(1 - 1 / (1 + Math.exp(1.0)))) / 2;
        assertEquals(withLogits, new BCEWithLogitsLoss().forward(logits, t).item(), 1e-6);
        // pos_weight 3 triples the positive term only.
        double weighted = -(3 * Math.log(1 / (1 + Math.exp(-2.0))) + Math.log(1 - 1 / (1 + Math.exp(1.0)))) / 2;
        assertEquals(weighted, new BCEWithLogitsLoss(null, Reduction.MEAN, row(3)).forward(logits, t).item(), 1e-5);
        // Saturated probabilities give the clamped, finite loss of PyTorch.
        assertEquals(100f, new BCELoss().forward(row(0f), row(1f)).item(), 1e-4);
    }

    @Test
    void bceWithLogitsIsStableForLargeScores() {
        Tensor loss = new BCEWithLogitsLoss(null, Reduction.NONE, null).forward(row(200, -200, 200), row(1, 0, 0));
        assertArrayEquals(new float[]{0, 0, 200}, loss.toFloatArray(), 1e-4f);
    }

    @Test
    void crossEntropyWithClassIndices() {
        Tensor logits = tensor(new float[][]{{2, 1, 0}, {0, 0, 3}});
        Tensor labels = tensor(new long[]{0, 1});
        double l0 = -Math.log(Math.exp(2) / (Math.exp(2) + Math.exp(1) + 1));
        double l1 = -Math.log(1 / (2 + Math.exp(3)));
        assertEquals((l0 + l1) / 2, new CrossEntropyLoss().forward(logits, labels).item(), 1e-5);
        assertEquals(l0 + l1, new CrossEntropyLoss(null, -100, Reduction.SUM, 0).forward(logits, labels).item(), 1e-5);
        // Class weights: a weighted mean, divided by the weights of the targets.
        Tensor w = row(2, 0.5f, 1);
        assertEquals((2 * l0 + 0.5 * l1) / 2.5, new CrossEntropyLoss(w, -100, Reduction.MEAN, 0).forward(logits, labels).item(), 1e-5);
        // An ignored target counts for nothing, not even in the mean's denominator.
        Tensor ignoring = tensor(new long[]{0, -100});
        assertEquals(l0, new CrossEntropyLoss().forward(logits, ignoring).item(), 1e-5);
        // Huge scores do not overflow.
        assertEquals(0f, new CrossEntropyLoss().forward(tensor(new float[][]{{1000, 0}}), tensor(new long[]{0})).item(), 1e-6);
    }

    @Test
    void crossEntropyWithLabelSmoothing() {
        Tensor logits = tensor(new float[][]{{2, 1, 0}});
        Tensor label = tensor(new long[]{0});
        Tensor logp = logits.logSoftmax(1);
        double nll = -logp.get(0, 0);
        double uniform = -(logp.get(0, 0) + logp.get(0, 1) + logp.get(0, 2)) / 3;
        double expected = 0.9 * nll + 0.1 * uniform;
        assertEquals(expected, new CrossEntropyLoss(0.1).forward(logits, label).item(), 1e-5);
        // Smoothing with probabilities equals smoothing with the matching one-hot target.
        Tensor oneHot = tensor(new float[][]{{1, 0, 0}});
        assertEquals(expected, new CrossEntropyLoss(0.1).forward(logits, oneHot).item(), 1e-5);
    }

    @Test
    void crossEntropyWithProbabilitiesAndSpatialTargets() {
        Tensor logits = randn(4, 3);
        Tensor probs = randn(4, 3).softmax(1);
        double expected = -probs.mul(logits.logSoftmax(1)).sum().item() / 4;
        assertEquals(expected, new CrossEntropyLoss().forward(logits, probs).item(), 1e-5);
        // [N, C, H, W] scores with [N, H, W] labels equal the flattened [N·H·W, C] case.
        Tensor images = randn(2, 3, 2, 2);
        Tensor pixels = randint(0, 3, 2, 2, 2);
        Tensor flat = images.permute(0, 2, 3, 1).reshape(-1, 3);
        assertEquals(F.crossEntropy(flat, pixels.reshape(-1)).item(), F.crossEntropy(images, pixels).item(), 1e-5);
        assertArrayEquals(new int[]{2, 2, 2},
                new CrossEntropyLoss(null, -100, Reduction.NONE, 0).forward(images, pixels).shape());
        // Unbatched: one score vector and a scalar label.
        assertEquals(F.crossEntropy(logits.narrow(0, 0, 1), pixels.reshape(-1).narrow(0, 0, 1)).item(),
                F.crossEntropy(logits.select(0, 0), pixels.reshape(-1).select(0, 0)).item(), 1e-6);
    }

    @Test
    void nllLossAfterLogSoftmaxEqualsCrossEntropy() {
        Tensor logits = randn(5, 4);
        Tensor labels = randint(0, 4, 5);
        Tensor viaNll = new NLLLoss().forward(new LogSoftmax(1).forward(logits), labels);
        assertEquals(new CrossEntropyLoss().forward(logits, labels).item(), viaNll.item(), 1e-6);
    }

    // ---------------------------------------------------------------- gradients

    @Test
    void lossGradients() {
        GradCheck.check(t -> F.mseLoss(t[0], t[1]), randn(3, 2), randn(3, 2));
        GradCheck.check(t -> F.l1Loss(t[0], t[1], Reduction.SUM), row(1, -2, 0.5f, 3), row(0, 1, -0.5f, 2));
        GradCheck.check(t -> F.smoothL1Loss(t[0], t[1], Reduction.MEAN, 1), row(0.2f, -3, 2, 0.7f), row(0, 0, -1, 0.4f));
        GradCheck.check(t -> F.binaryCrossEntropy(t[0], t[1]), rand(5).mul(0.8).add(0.1), rand(5));
        GradCheck.check(t -> F.binaryCrossEntropyWithLogits(t[0], t[1], t[2], row(2, 0.5f), Reduction.MEAN),
                randn(3, 2), rand(3, 2), rand(3, 2));
        Tensor labels = tensor(new long[]{2, 0, 1, -100});
        GradCheck.check(t -> F.crossEntropy(t[0], labels, t[1], -100, Reduction.MEAN, 0.2), randn(4, 3), rand(3).add(0.5));
        GradCheck.check(t -> F.crossEntropy(t[0], t[1].softmax(1)), randn(3, 4), randn(3, 4));
        Tensor spatial = randint(0, 3, 2, 2);
        GradCheck.check(t -> F.nllLoss(t[0].logSoftmax(1), spatial), randn(2, 3, 2));
    }

    // ---------------------------------------------------------------- the tutorials' mistakes

    @Test
    void bceWithMismatchedShapesNamesBoth() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new BCELoss().forward(rand(100, 5), rand(100, 1)));
        assertTrue(e.getMessage().contains("[100, 1]") && e.getMessage().contains("[100, 5]"), e.getMessage());
        assertTrue(e.getMessage().contains("must match"), e.getMessage());
    }

    @Test
    void bceWithAnIntegerTargetSaysToConvertIt() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new BCELoss().forward(rand(100, 1), randint(0, 2, 100, 1)));
        assertTrue(e.getMessage().contains("target must be float"), e.getMessage());
        assertTrue(e.getMessage().contains("toFloat()"), e.getMessage());
    }

    @Test
    void bceOnRawScoresSaysToApplySigmoid() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new BCELoss().forward(randn(100, 1).mul(3), rand(100, 1).gt(0.5).toFloat()));
        assertTrue(e.getMessage().contains("BCELoss expects probabilities"), e.getMessage());
        assertTrue(e.getMessage().contains("sigmoid") && e.getMessage().contains("BCEWithLogitsLoss"), e.getMessage());
    }

    @Test
    void crossEntropyBatchMismatchPointsAtTheFlattenSize() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new CrossEntropyLoss().forward(randn(16, 10), randint(0, 10, 64)));
        assertTrue(e.getMessage().contains("expected input batch_size (16) to match target batch_size (64)"), e.getMessage());
        assertTrue(e.getMessage().contains("view(-1"), e.getMessage());
    }

    @Test
    void crossEntropyClassOutOfRange() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new CrossEntropyLoss().forward(randn(4, 10), tensor(new long[]{1, 10, 3, 2})));
        assertTrue(e.getMessage().contains("target 10 is out of bounds for 10 classes"), e.getMessage());
    }

    @Test
    void crossEntropyWithAColumnOfLabelsSaysToSqueezeIt() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new CrossEntropyLoss().forward(randn(4, 10), randint(0, 10, 4, 1)));
        assertTrue(e.getMessage().contains("squeeze(-1)") && e.getMessage().contains("[4, 1]"), e.getMessage());
    }

    @Test
    void reductionsByConstructor() {
        Tensor logits = randn(3, 4);
        Tensor labels = randint(0, 4, 3);
        assertEquals(new CrossEntropyLoss().forward(logits, labels).item() * 3,
                new CrossEntropyLoss(Reduction.SUM).forward(logits, labels).item(), 1e-5);
        assertArrayEquals(new int[]{3}, new NLLLoss(Reduction.NONE).forward(logits.logSoftmax(1), labels).shape());
        Tensor p = rand(5);
        Tensor t = rand(5).gt(0.5).toFloat();
        assertEquals(new BCELoss().forward(p, t).item() * 5, new BCELoss(Reduction.SUM).forward(p, t).item(), 1e-5);
        assertArrayEquals(new int[]{5}, new BCEWithLogitsLoss(Reduction.NONE).forward(p, t).shape());
        assertEquals("CrossEntropyLoss(reduction='sum')", new CrossEntropyLoss(Reduction.SUM).toString());
    }

    @Test
    void crossEntropyWithFloatLabelsSaysToUseIndices() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new CrossEntropyLoss().forward(randn(4, 10), tensor(new float[]{1, 2, 3, 4})));
        assertTrue(e.getMessage().contains("int64") && e.getMessage().contains("toLong()"), e.getMessage());
    }

    @Test
    void mseWithBroadcastingShapesIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> new MSELoss().forward(randn(64, 1), randn(64)));
        assertTrue(e.getMessage().contains("[64, 1]") && e.getMessage().contains("[64]"), e.getMessage());
    }

    @Test
    void aLossNeedsATarget() {
        var e = assertThrows(UnsupportedOperationException.class, () -> new MSELoss().forward(randn(3)));
        assertTrue(e.getMessage().contains("forward(input, target)"), e.getMessage());
    }

    @Test
    void bceOnSaturatedProbabilitiesHasFiniteLossAndGradients() {
        var p = dev.jtorch.Torch.tensor(new float[]{0, 1, 0, 1}).requiresGrad_(true);
        var y = dev.jtorch.Torch.tensor(new float[]{0, 1, 1, 0});
        var loss = new BCELoss().forward(p, y);
        assertEquals(50, loss.item(), 1e-3, "two right answers cost 0, two wrong ones 100 each (log clamped at -100)");
        loss.backward();
        for (float g : p.grad().toFloatArray()) {
            assertTrue(Float.isFinite(g), java.util.Arrays.toString(p.grad().toFloatArray()));
        }
    }

    // ---------------------------------------------------------------- the fused cross entropy

    @Test
    void fusedCrossEntropyMatchesLogSoftmaxThenNll() {
        Tensor scores = randn(6, 5).mul(4).requiresGrad_(true);
        Tensor labels = tensor(new long[]{0, 4, 2, 2, 1, 3});
        for (Reduction r : new Reduction[]{Reduction.MEAN, Reduction.SUM}) {
            Tensor fused = F.crossEntropy(scores, labels, null, -100, r, 0);
            Tensor chain = F.nllLoss(scores.logSoftmax(1), labels, null, -100, r);
            assertEquals(chain.item(), fused.item(), 1e-5 * Math.abs(chain.item()));
            Tensor gFused = dev.jtorch.Autograd.grad(fused, scores, false)[0];
            Tensor gChain = dev.jtorch.Autograd.grad(chain, scores, false)[0];
            assertTrue(gChain.allClose(gFused, 1e-5, 1e-7), r + ": " + gFused + " vs " + gChain);
        }
    }

    @Test
    void fusedCrossEntropyGradcheckAndDoubleBackward() {
        Tensor labels = tensor(new long[]{1, 0, 2, 1});
        GradCheck.check(t -> F.crossEntropy(t[0], labels), randn(4, 3));
        // Second derivative through create_graph: the fused op's gradient is itself differentiable.
        Tensor scores = randn(4, 3).requiresGrad_(true);
        Tensor v = randn(4, 3);
        Tensor fusedG = dev.jtorch.Autograd.grad(F.crossEntropy(scores, labels), scores, true)[0];
        Tensor fusedHv = dev.jtorch.Autograd.grad(fusedG.mul(v).sum(), scores, false)[0];
        Tensor chainG = dev.jtorch.Autograd.grad(F.nllLoss(scores.logSoftmax(1), labels), scores, true)[0];
        Tensor chainHv = dev.jtorch.Autograd.grad(chainG.mul(v).sum(), scores, false)[0];
        assertTrue(chainHv.allClose(fusedHv, 1e-4, 1e-6), fusedHv + " vs " + chainHv);
    }
}
