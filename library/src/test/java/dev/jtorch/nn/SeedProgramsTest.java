package dev.jtorch.nn;

import static dev.jtorch.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.jtorch.Tensor;
import dev.jtorch.data.DataLoader;
import dev.jtorch.data.TensorDataset;
import dev.jtorch.optim.Adam;
import dev.jtorch.optim.SGD;
import dev.jtorch.seeds.SeedConvNet;
import dev.jtorch.viz.TrainingHistory;
import org.junit.jupiter.api.Test;

/**
 * SEED_PROGRAMS.md programs 1, 3 and 5, written as a notebook cell reads, training to their
 * goals; and the mistakes their tutorials make, each answered by a message.
 */
class SeedProgramsTest {

    // ---------------------------------------------------------------- 1. linear regression

    static class LinearRegression extends Module {
        final Linear linear;
        LinearRegression(int in, int out) { linear = new Linear(in, out); }
        public Tensor forward(Tensor x) { return linear.forward(x); }
    }

    @Test
    void programOneLinearRegressionReachesItsLoss() {
        manualSeed(0);
        var xTrain = randn(100, 10);
        var yTrain = xTrain.matmul(randn(10, 1)).add(0.1f);     // a learnable target
        var model = new LinearRegression(10, 1);
        var criterion = new MSELoss();
        var optimizer = new SGD(model.parameters(), 0.01);
        Tensor loss = null;
        for (int epoch = 0; epoch < 1000; epoch++) {
            optimizer.zeroGrad();
            loss = criterion.forward(model.forward(xTrain), yTrain);
            loss.backward();
            optimizer.step();
        }
        assertTrue(loss.item() < 1e-3, "final loss " + loss.item());
        String printed = model.forward(randn(10, 10)).toString();
        assertTrue(printed.startsWith("tensor([[") && printed.contains("grad_fn=<AddmmBackward0>")
                || printed.contains("grad_fn="), printed);
    }

    // ---------------------------------------------------------------- 3. binary classification

    static class SimpleNet extends Module {
        final Linear fc1 = new Linear(10, 5);
        final Linear fc2 = new Linear(5, 1);
        public Tensor forward(Tensor x) { return sigmoid(fc2.forward(relu(fc1.forward(x)))); }
    }

    @Test
    void programThreeBinaryClassificationIsAccurate() {
        manualSeed(0);
        var xTrain = randn(100, 10);
        var yTrain = xTrain.narrow(1, 0, 1).gt(0).toFloat();    // labels 0/1 as float
        var model = new SimpleNet();
        var criterion = new BCELoss();
        var optimizer = new Adam(model.parameters(), 0.01);
        for (int epoch = 0; epoch < 100; epoch++) {
            optimizer.zeroGrad();
            var loss = criterion.forward(model.forward(xTrain), yTrain);
            loss.backward();
            optimizer.step();
        }
        try (var g = noGrad()) {
            var accuracy = model.forward(xTrain).ge(0.5f).eq(yTrain.ge(0.5f)).toFloat().mean();
            assertTrue(accuracy.item() > 0.9, "accuracy " + accuracy.item());
        }
    }

    @Test
    void programThreeMistakesAreExplained() {
        var criterion = new BCELoss();
        var shapes = assertThrows(IllegalArgumentException.class, () -> criterion.forward(rand(100, 5), rand(100, 1)));
        assertTrue(shapes.getMessage().contains("[100, 5]") && shapes.getMessage().contains("[100, 1]"), shapes.getMessage());
        var ints = assertThrows(IllegalArgumentException.class, () -> criterion.forward(rand(100, 1), randint(0, 2, 100, 1)));
        assertTrue(ints.getMessage().contains("toFloat()"), ints.getMessage());
        // The net without its sigmoid gives raw scores.
        var scores = new Linear(10, 1).forward(randn(100, 10).mul(10));
        var raw = assertThrows(IllegalArgumentException.class, () -> criterion.forward(scores, rand(100, 1)));
        assertTrue(raw.getMessage().contains("apply sigmoid"), raw.getMessage());
    }

    // ---------------------------------------------------------------- 5. CNN image classification

    @Test
    void programFiveConvNetLearns() {
        manualSeed(0);
        // Noise plus a pattern per class stands in for the data set here: the point is that the network learns.
        var labels = randint(0, 10, 16);
        var images = randn(16, 3, 32, 32).add(randn(10, 3, 32, 32).indexSelect(0, labels));
        var trainSet = new TensorDataset(images, labels);
        var model = new SeedConvNet();
        var criterion = new CrossEntropyLoss();
        var optimizer = new SGD(model.parameters(), 0.01, 0.9);   // lr, momentum
        var trainLoader = new DataLoader(trainSet, 8, true);      // batch size, shuffle
        var history = new TrainingHistory().autoShow(false);
        double[] epochLoss = new double[5];
        for (int epoch = 0; epoch < 5; epoch++) {
            for (var batch : trainLoader) {
                optimizer.zeroGrad();
                var loss = criterion.forward(model.forward(batch.input()), batch.target());
                loss.backward();
                optimizer.step();
                history.log("loss", loss.item());
                epochLoss[epoch] += loss.item() / trainLoader.size();
            }
        }
        assertEquals(10, history.values("loss").length);
        String losses = java.util.Arrays.toString(epochLoss);
        assertTrue(epochLoss[4] < epochLoss[0] * 0.95, "the loss falls: " + losses);
        assertTrue(epochLoss[4] < epochLoss[1] && epochLoss[3] < epochLoss[1], "and keeps falling: " + losses);
    }

    static class WrongFlatten extends SeedConvNet {
        public Tensor forward(Tensor x) {
            x = pool.forward(relu(conv1.forward(x)));
            x = pool.forward(relu(conv2.forward(x)));
            x = pool.forward(relu(conv3.forward(x)));
            x = x.view(-1, 128 * 8 * 8);                            // the tutorial's bug
            return fc2.forward(relu(fc1.forward(x)));
        }
    }

    @Test
    void programFiveWrongFlattenSizeIsExplained() {
        var e = assertThrows(IllegalArgumentException.class, () -> new WrongFlatten().forward(randn(64, 3, 32, 32)));
        assertTrue(e.getMessage().contains("batch size"), e.getMessage());
        assertTrue(e.getMessage().contains("2048"), e.getMessage());
    }

    static class TwoPools extends Module {
        final Conv2d conv1 = new Conv2d(3, 32, 3, 1, 1), conv2 = new Conv2d(32, 64, 3, 1, 1);
        final MaxPool2d pool = new MaxPool2d(2, 2);
        final Linear fc1 = new Linear(64 * 6 * 6, 128);
        public Tensor forward(Tensor x) {
            x = pool.forward(relu(conv1.forward(x)));
            x = pool.forward(relu(conv2.forward(x)));
            return fc1.forward(x.view(x.size(0), -1));
        }
    }

    @Test
    void programFiveWrongInFeaturesIsExplained() {
        var e = assertThrows(IllegalArgumentException.class, () -> new TwoPools().forward(randn(64, 3, 32, 32)));
        assertTrue(e.getMessage().startsWith("Linear: input has 4096 features (shape [64, 4096]) but in_features is 2304"),
                e.getMessage());
        assertTrue(e.getMessage().contains("Linear(4096, 128)"), e.getMessage());
        var summary = new TwoPools().summary(1, 3, 32, 32);
        assertTrue(summary.failure().contains("in fc1 (Linear)"), summary.failure());
    }
}
