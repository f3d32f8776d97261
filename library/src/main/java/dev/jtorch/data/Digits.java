package dev.jtorch.data;

/**
 * scikit-learn's handwritten digits ({@code sklearn.datasets.load_digits}): 1797 images of
 * 8x8 pixels, each pixel a count from 0 to 16, labelled with the digit 0-9. It ships with
 * JTorch (BSD-3-Clause, see {@code LICENSE-scikit-learn.txt} beside the data file), so it
 * works offline.
 *
 * <p>Shapes: {@link #load()} gives inputs {@code [1797, 64]} (float32, 0..16, row by row)
 * and targets {@code [1797]} (int64, 0..9); {@link #loadImages()} gives inputs
 * {@code [1797, 1, 8, 8]} for convolutional models. Scale with {@code div(16)} or
 * {@link Normalize}.
 *
 * <pre>{@code
 * var split = Digits.load().trainTestSplit(0.2);
 * var norm = Normalize.fit(split.train().inputs());
 * var train = norm.apply(split.train());
 * var loader = new DataLoader(train, 64, true);
 * }</pre>
 */
public final class Digits {
    /** The number of images. */
    public static final int SIZE = 1797;
    /** The number of classes (digits 0-9). */
    public static final int CLASSES = 10;

    private Digits() {
    }

    /** The digits as flat features: inputs {@code [1797, 64]} float32 in 0..16, targets {@code [1797]} int64. */
    public static TensorDataset load() {
        return BundledCsv.read("digits.csv.gz", false).dataset(64);
    }

    /** The digits as images: inputs {@code [1797, 1, 8, 8]} float32 in 0..16, targets {@code [1797]} int64. */
    public static TensorDataset loadImages() {
        return BundledCsv.read("digits.csv.gz", false).dataset(1, 8, 8);
    }
}
