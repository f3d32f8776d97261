package dev.jtorch.data;

import java.util.Arrays;

/**
 * The examples of another dataset at chosen indices, as {@code torch.utils.data.Subset}
 * ({@link Dataset#randomSplit} makes them).
 *
 * @param <T> the type of one example
 */
public final class Subset<T> implements Dataset<T> {
    private final Dataset<T> dataset;
    private final int[] indices;

    /** The examples of {@code dataset} at {@code indices}, in that order. */
    public Subset(Dataset<T> dataset, int[] indices) {
        int n = dataset.size();
        for (int i : indices) {
            if (i < 0 || i >= n) {
                throw new IndexOutOfBoundsException("Subset: index " + i + " is out of range for a dataset of size " + n);
            }
        }
        this.dataset = dataset;
        this.indices = indices.clone();
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public T get(int index) {
        return dataset.get(indices[index]);
    }

    /** The dataset this subset picks from. */
    public Dataset<T> dataset() {
        return dataset;
    }

    /** The picked indices into {@link #dataset()} (a copy). */
    public int[] indices() {
        return indices.clone();
    }

    @Override
    public String toString() {
        return "Subset(" + indices.length + " of " + dataset.size() + ")" + (indices.length <= 10 ? Arrays.toString(indices) : "");
    }
}
