package dev.jtorch.data;

import dev.jtorch.Tensor;
import dev.jtorch.Torch;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Iterates over a dataset in batches, as {@code torch.utils.data.DataLoader}. Each
 * for-each pass is one epoch; with {@code shuffle} every epoch draws a new order from the
 * global generator, so {@code Torch.manualSeed} makes the epochs repeat exactly. A
 * {@link TensorDataset} (or a {@link Subset} of one) is batched with one
 * {@code indexSelect} per tensor; other datasets have their examples stacked.
 *
 * <pre>{@code
 * var loader = new DataLoader(trainSet, 64, true);   // batch size, shuffle
 * for (int epoch = 0; epoch < 5; epoch++) {
 *     for (var batch : loader) {
 *         optimizer.zeroGrad();
 *         var loss = lossFn.forward(model.forward(batch.input()), batch.target());
 *         loss.backward();
 *         optimizer.step();
 *     }
 * }
 * }</pre>
 */
public final class DataLoader implements Iterable<Batch> {
    private final Dataset<Example> dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final TensorDataset tensors;
    private final int[] tensorIndices;

    /** Batches of {@code batchSize} in order, the last one possibly smaller. */
    public DataLoader(Dataset<Example> dataset, int batchSize) {
        this(dataset, batchSize, false, false);
    }

    /** Batches of {@code batchSize}, reshuffled every epoch when {@code shuffle}; the last batch may be smaller. */
    public DataLoader(Dataset<Example> dataset, int batchSize, boolean shuffle) {
        this(dataset, batchSize, shuffle, false);
    }

    /** Batches of {@code batchSize}; {@code dropLast} drops a smaller last batch. */
    public DataLoader(Dataset<Example> dataset, int batchSize, boolean shuffle, boolean dropLast) {
        if (dataset == null) {
            throw new IllegalArgumentException("DataLoader: dataset is null");
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("DataLoader: batchSize should be a positive integer, got " + batchSize);
        }
        this.dataset = dataset;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
        // Find the TensorDataset under any Subsets, composing their index maps.
        Dataset<Example> d = dataset;
        int[] map = null;
        while (d instanceof Subset<Example> s) {
            int[] inner = s.indices();
            if (map != null) {
                for (int i = 0; i < map.length; i++) {
                    map[i] = inner[map[i]];
                }
            } else {
                map = inner;
            }
            d = s.dataset();
        }
        this.tensors = d instanceof TensorDataset t ? t : null;
        this.tensorIndices = map;
    }

    /** The number of batches in one epoch. */
    public int size() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** The dataset being batched. */
    public Dataset<Example> dataset() {
        return dataset;
    }

    /** The number of examples per batch. */
    public int batchSize() {
        return batchSize;
    }

    /** One epoch: a new shuffle (if on) each time it is called. */
    @Override
    public Iterator<Batch> iterator() {
        int n = dataset.size();
        long[] order = new long[n];
        if (shuffle) {
            order = Torch.randperm(n).toLongArray();
        } else {
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
        }
        if (tensorIndices != null) {
            for (int i = 0; i < n; i++) {
                order[i] = tensorIndices[(int) order[i]];
            }
        }
        long[] epochOrder = order;
        int batches = size();
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < batches;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("DataLoader: the epoch is over");
                }
                int from = next * batchSize;
                int to = Math.min(from + batchSize, epochOrder.length);
                next++;
                return batch(epochOrder, from, to);
            }
        };
    }

    private Batch batch(long[] order, int from, int to) {
        try (var ignored = Torch.noGrad()) {
            if (tensors != null) {
                long[] ids = Arrays.copyOfRange(order, from, to);
                Tensor index = Torch.tensor(ids);
                return new Batch(tensors.inputs().indexSelect(0, index), tensors.targets().indexSelect(0, index));
            }
            Tensor[] inputs = new Tensor[to - from];
            Tensor[] targets = new Tensor[to - from];
            for (int i = from; i < to; i++) {
                Example e = dataset.get((int) order[i]);
                inputs[i - from] = e.input();
                targets[i - from] = e.target();
            }
            return new Batch(Torch.stack(inputs), Torch.stack(targets));
        }
    }

    @Override
    public String toString() {
        return "DataLoader(" + dataset.size() + " examples, batchSize " + batchSize + ", " + size() + " batches"
                + (shuffle ? ", shuffled" : "") + (dropLast ? ", dropLast" : "") + ")";
    }
}
