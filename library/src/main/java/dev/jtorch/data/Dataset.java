package dev.jtorch.data;

import dev.jtorch.Torch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A collection of examples addressed by index, as {@code torch.utils.data.Dataset}: a
 * dataset knows its {@link #size()} and returns example {@code i} from {@link #get(int)}.
 * A {@link DataLoader} batches datasets of {@link Example}s.
 *
 * <pre>{@code
 * class Squares implements Dataset<Example> {
 *     public int size() { return 100; }
 *     public Example get(int i) { return new Example(scalar(i), scalar(i * i)); }
 * }
 * }</pre>
 *
 * @param <T> the type of one example
 */
public interface Dataset<T> {

    /** The number of examples. */
    int size();

    /** Example {@code index}, for {@code 0 <= index < size()}. */
    T get(int index);

    /**
     * Splits {@code dataset} at random into subsets of the given fractions (summing to 1),
     * as {@code torch.utils.data.random_split}: sizes are rounded down and the remaining
     * examples go one each to the first subsets. The permutation comes from the global
     * generator, so {@code Torch.manualSeed} repeats the split.
     *
     * <pre>{@code
     * var parts = Dataset.randomSplit(Digits.load(), 0.8, 0.2);
     * var train = parts.get(0);
     * var test = parts.get(1);
     * }</pre>
     */
    static <T> List<Subset<T>> randomSplit(Dataset<T> dataset, double... fractions) {
        double total = 0;
        for (double f : fractions) {
            if (!(f >= 0 && f <= 1)) {
                throw new IllegalArgumentException("randomSplit: fraction " + f + " is not in [0, 1]");
            }
            total += f;
        }
        if (fractions.length == 0 || Math.abs(total - 1) > 1e-6) {
            throw new IllegalArgumentException("randomSplit: the fractions " + Arrays.toString(fractions)
                    + " must sum to 1 (give lengths as ints to split by counts)");
        }
        int n = dataset.size();
        int[] lengths = new int[fractions.length];
        int assigned = 0;
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = (int) Math.floor(n * fractions[i]);
            assigned += lengths[i];
        }
        for (int i = 0; assigned < n; i = (i + 1) % lengths.length) {
            lengths[i]++;
            assigned++;
        }
        return randomSplit(dataset, lengths);
    }

    /** Splits {@code dataset} at random into subsets of the given lengths (summing to its size). */
    static <T> List<Subset<T>> randomSplit(Dataset<T> dataset, int... lengths) {
        int sum = 0;
        for (int length : lengths) {
            if (length < 0) {
                throw new IllegalArgumentException("randomSplit: length " + length + " is negative");
            }
            sum += length;
        }
        if (sum != dataset.size()) {
            throw new IllegalArgumentException("randomSplit: the lengths " + Arrays.toString(lengths) + " sum to " + sum
                    + " but the dataset has " + dataset.size() + " examples");
        }
        long[] perm = Torch.randperm(dataset.size()).toLongArray();
        List<Subset<T>> out = new ArrayList<>();
        int at = 0;
        for (int length : lengths) {
            int[] indices = new int[length];
            for (int i = 0; i < length; i++) {
                indices[i] = (int) perm[at + i];
            }
            at += length;
            out.add(new Subset<>(dataset, indices));
        }
        return out;
    }
}
