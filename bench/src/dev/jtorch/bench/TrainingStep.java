package dev.jtorch.bench;

import static dev.jtorch.Torch.randint;
import static dev.jtorch.Torch.randn;

import dev.jtorch.Tensor;
import dev.jtorch.nn.CrossEntropyLoss;
import dev.jtorch.nn.Linear;
import dev.jtorch.nn.Module;
import dev.jtorch.nn.ReLU;
import dev.jtorch.nn.Sequential;
import dev.jtorch.optim.SGD;
import dev.jtorch.seeds.SeedConvNet;
import java.util.function.IntUnaryOperator;

/**
 * One model's training step on a fixed random batch of 10 classes: zero the gradients, forward,
 * cross-entropy, backward, SGD with momentum 0.9 (the benchmarks' step, as PyTorch's side runs it).
 *
 * <pre>{@code
 * TrainingStep mlp = TrainingStep.mlp();
 * mlp.applyAsInt(200);   // 200 steps
 * }</pre>
 */
public class TrainingStep implements IntUnaryOperator {
    private final Module model;
    private final SGD optimizer;
    private final CrossEntropyLoss criterion = new CrossEntropyLoss();
    private final Tensor input;
    private final Tensor target;

    /** Steps of {@code model} on a batch of {@code inputShape} (the batch size first). */
    public TrainingStep(Module model, int... inputShape) {
        this.model = model;
        this.optimizer = new SGD(model.parameters(), 0.01, 0.9);
        this.input = randn(inputShape);
        this.target = randint(0, 10, inputShape[0]);
    }

    /** The MLP 784-128-10, batch 64. */
    public static TrainingStep mlp() {
        return new TrainingStep(new Sequential(new Linear(784, 128), new ReLU(), new Linear(128, 10)), 64, 784);
    }

    /** The seed ConvNet on 3x32x32 images, batch 64. */
    public static TrainingStep convNet() {
        return new TrainingStep(new SeedConvNet(), 64, 3, 32, 32);
    }

    /** One training step. */
    public void step() {
        optimizer.zeroGrad();
        criterion.forward(model.forward(input), target).backward();
        optimizer.step();
    }

    /** {@code steps} training steps; returns {@code steps}. */
    @Override
    public int applyAsInt(int steps) {
        for (int i = 0; i < steps; i++) {
            step();
        }
        return steps;
    }
}
