package dev.jtorch.seeds;

import static dev.jtorch.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.jtorch.Tensor;
import dev.jtorch.data.DataLoader;
import dev.jtorch.data.Digits;
import dev.jtorch.data.FashionMNIST;
import dev.jtorch.data.TensorDataset;
import dev.jtorch.nn.Conv2d;
import dev.jtorch.nn.CrossEntropyLoss;
import dev.jtorch.nn.Flatten;
import dev.jtorch.nn.Linear;
import dev.jtorch.nn.MaxPool2d;
import dev.jtorch.nn.Module;
import dev.jtorch.nn.ReLU;
import dev.jtorch.nn.Sequential;
import dev.jtorch.optim.Adam;
import dev.jtorch.optim.Optimizer;
import dev.jtorch.optim.SGD;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Models trained on real data the way a tutorial trains them (Module, DataLoader, loss,
 * optimizer, a plain loop), held to the accuracy a PyTorch user expects.
 */
class RealDataTrainingTest {

    /** Trains for {@code epochs} and returns the accuracy on {@code test}. */
    static double trainAndTest(Module model, Optimizer optimizer, TensorDataset train, TensorDataset test,
                               int batchSize, int epochs) {
        var criterion = new CrossEntropyLoss();
        var loader = new DataLoader(train, batchSize, true);
        model.train();
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (var batch : loader) {
                optimizer.zeroGrad();
                var loss = criterion.forward(model.forward(batch.input()), batch.target());
                loss.backward();
                optimizer.step();
            }
        }
        model.eval();
        try (var g = noGrad()) {
            var predicted = model.forward(test.inputs()).argmax(1);
            double accuracy = predicted.eq(test.targets()).toFloat().mean().item();
            System.out.printf("%s: test accuracy %.4f after %d epochs%n", model.getClass().getSimpleName(), accuracy, epochs);
            return accuracy;
        }
    }

    private static TensorDataset scaled(TensorDataset d, double by) {
        return new TensorDataset(d.inputs().div(by), d.targets());
    }

    @Test
    void mlpOnTheShippedDigitsReaches95PercentTestAccuracy() {
        manualSeed(0);
        var split = Digits.load().trainTestSplit(0.2);
        var model = new Sequential(new Linear(64, 128), new ReLU(), new Linear(128, 10));
        double accuracy = trainAndTest(model, new Adam(model.parameters(), 1e-2),
                scaled(split.train(), 16), scaled(split.test(), 16), 32, 20);
        assertTrue(accuracy >= 0.95, "test accuracy " + accuracy);
    }

    @Test
    void smallCnnOnTheShippedDigitsReaches97PercentTestAccuracy() {
        manualSeed(0);
        var split = Digits.loadImages().trainTestSplit(0.2);
        var model = new Sequential(
                new Conv2d(1, 16, 3, 1, 1), new ReLU(),
                new Conv2d(16, 32, 3, 1, 1), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(32 * 4 * 4, 64), new ReLU(), new Linear(64, 10));
        double accuracy = trainAndTest(model, new Adam(model.parameters(), 3e-3),
                scaled(split.train(), 16), scaled(split.test(), 16), 32, 12);
        assertTrue(accuracy >= 0.97, "test accuracy " + accuracy);
    }

    /** Nearest-neighbour upsampling by an integer factor, with views: [N, C, H, W] to [N, C*c, H*f, W*f]. */
    static Tensor upsample(Tensor images, int factor, int channels) {
        int[] s = images.shape();
        return images.unsqueeze(3).unsqueeze(5)
                .expand(s[0], channels, s[2], factor, s[3], factor)
                .reshape(s[0], channels, s[2] * factor, s[3] * factor);
    }

    @Test
    void seedConvNetLearnsTheDigitsAsThreeChannel32x32Images() {
        manualSeed(0);
        var digits = Digits.loadImages();
        var images = upsample(digits.inputs().div(16), 4, 3);
        assertArrayEquals(new int[]{1797, 3, 32, 32}, images.shape());
        var split = new TensorDataset(images, digits.targets()).trainTestSplit(0.2);
        var model = new SeedConvNet();
        double accuracy = trainAndTest(model, new SGD(model.parameters(), 0.01, 0.9), split.train(), split.test(), 16, 2);
        assertTrue(accuracy >= 0.85, "test accuracy " + accuracy);
    }

    @Test
    void fashionMnistQuickstartMlpReaches80PercentInOneEpoch() {
        Assumptions.assumeTrue(FashionMNIST.isAvailable(),
                "Fashion-MNIST is not installed: sudo apt-get install dataset-fashion-mnist");
        manualSeed(0);
        var train = FashionMNIST.load(true);
        var test = FashionMNIST.load(false);
        // The PyTorch quickstart's network; its plain SGD at lr 1e-3 needs many epochs, Adam gets there in one.
        var model = new Sequential(new Flatten(), new Linear(28 * 28, 512), new ReLU(),
                new Linear(512, 512), new ReLU(), new Linear(512, 10));
        double accuracy = trainAndTest(model, new Adam(model.parameters(), 1e-3), train, test, 64, 1);
        assertTrue(accuracy >= 0.80, "test accuracy " + accuracy);
    }
}
