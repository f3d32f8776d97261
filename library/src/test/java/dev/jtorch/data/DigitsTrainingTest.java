package dev.jtorch.data;

import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.optim.Adam;
import dev.jtorch.optim.Optimizer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.jtorch.Torch.randn;
import static dev.jtorch.Torch.zeros;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The accuracy goal: a two-layer perceptron, written with plain tensors, trained
 * with Adam on the shipped digits through a shuffling DataLoader, classifies at least 95%
 * of held-out digits correctly.
 */
class DigitsTrainingTest {

    static Tensor weight(int in, int out) {
        return randn(in, out).mul(Math.sqrt(2.0 / in)).requiresGrad_(true);
    }

    @Test
    void anMlpReaches95PercentTestAccuracyOnDigits() {
        Torch.manualSeed(0);
        var split = Digits.load().trainTestSplit(0.2);
        Normalize norm = Normalize.fit(split.train());
        TensorDataset train = norm.apply(split.train());
        TensorDataset test = norm.apply(split.test());

        Tensor w1 = weight(64, 64), b1 = zeros(64).requiresGrad_(true);
        Tensor w2 = weight(64, 10), b2 = zeros(10).requiresGrad_(true);
        Optimizer optimizer = new Adam(List.of(w1, b1, w2, b2), 0.01);
        DataLoader loader = new DataLoader(train, 32, true);

        double firstLoss = Double.NaN, lastLoss = Double.NaN;
        for (int epoch = 0; epoch < 15; epoch++) {
            double total = 0;
            for (Batch batch : loader) {
                optimizer.zeroGrad();
                Tensor logits = batch.input().matmul(w1).add(b1).relu().matmul(w2).add(b2);
                Tensor loss = logits.logSoftmax(1).gather(1, batch.target().unsqueeze(1)).mean().neg();
                loss.backward();
                optimizer.step();
                total += loss.item();
            }
            lastLoss = total / loader.size();
            if (epoch == 0) {
                firstLoss = lastLoss;
            }
        }
        double accuracy;
        try (var ignored = Torch.noGrad()) {
            Tensor logits = test.inputs().matmul(w1).add(b1).relu().matmul(w2).add(b2);
            accuracy = logits.argmax(1).eq(test.targets()).toFloat().mean().item();
        }
        assertTrue(lastLoss < firstLoss / 5, "the training loss fell from " + firstLoss + " to only " + lastLoss);
        assertTrue(accuracy >= 0.95, "test accuracy " + accuracy + " is below 95%");
    }
}
