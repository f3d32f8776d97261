package dev.jtorch.data;

import dev.jtorch.Tensor;
import dev.jtorch.Torch;

import java.util.Arrays;

/**
 * A dataset over two tensors whose first dimension indexes the examples, as
 * {@code torch.utils.data.TensorDataset}: example {@code i} is
 * {@code (inputs[i], targets[i])}. A {@link DataLoader} batches it with one
 * {@code indexSelect} per tensor.
 *
 * <pre>{@code
 * var data = new TensorDataset(randn(100, 3), randint(0, 2, 100));
 * data.get(0).input();   // shape [3]
 * var split = data.trainTestSplit(0.25);   // 75 train, 25 test examples
 * }</pre>
 */
public class TensorDataset implements Dataset<Example> {
    private final Tensor inputs;
    private final Tensor targets;

    /** Examples {@code (input[i], target[i])}; both tensors must have the same first dimension. */
    public TensorDataset(Tensor input, Tensor target) {
        if (input.dim() == 0 || target.dim() == 0 || input.size(0) != target.size(0)) {
            throw new IllegalArgumentException("TensorDataset: input and target must have the same size in dim 0, got "
                    + Arrays.toString(input.shape()) + " and " + Arrays.toString(target.shape()));
        }
        this.inputs = input;
        this.targets = target;
    }

    /** The two halves of a train/test split. */
    public record TrainTestSplit(TensorDataset train, TensorDataset test) {
    }

    @Override
    public int size() {
        return inputs.size(0);
    }

    @Override
    public Example get(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("TensorDataset.get: index " + index + " is out of range for "
                    + size() + " examples");
        }
        return new Example(inputs.select(0, index), targets.select(0, index));
    }

    /** All inputs, {@code [N, ...]}. */
    public Tensor inputs() {
        return inputs;
    }

    /** All targets, {@code [N, ...]}. */
    public Tensor targets() {
        return targets;
    }

    /** The examples at {@code indices} as a new dataset (copied with {@code indexSelect}). */
    public TensorDataset select(Tensor indices) {
        try (var ignored = Torch.noGrad()) {
            return new TensorDataset(inputs.indexSelect(0, indices), targets.indexSelect(0, indices));
        }
    }

    /**
     * Shuffles the examples (with the global generator: {@code manualSeed} repeats it) and
     * cuts them into a training set and a test set holding {@code testFraction} of them
     * (rounded up), as scikit-learn's {@code train_test_split(test_size=...)}.
     */
    public TrainTestSplit trainTestSplit(double testFraction) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("trainTestSplit: testFraction must be between 0 and 1, got " + testFraction);
        }
        int n = size();
        int nTest = (int) Math.ceil(n * testFraction);
        if (nTest >= n) {
            throw new IllegalArgumentException("trainTestSplit: " + n + " examples leave none for training with testFraction "
                    + testFraction);
        }
        Tensor perm = Torch.randperm(n);
        return new TrainTestSplit(select(perm.narrow(0, nTest, n - nTest)), select(perm.narrow(0, 0, nTest)));
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + size() + " examples, input " + Arrays.toString(inputs.shape())
                + " " + inputs.dtype() + ", target " + Arrays.toString(targets.shape()) + " " + targets.dtype() + ")";
    }
}
