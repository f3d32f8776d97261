package dev.jtorch.data;

import java.util.List;

/**
 * Fisher's iris flowers ({@code sklearn.datasets.load_iris}): 150 flowers, 4 measurements in
 * centimetres, 3 species. It ships with JTorch (BSD-3-Clause, see
 * {@code LICENSE-scikit-learn.txt} beside the data file).
 *
 * <p>Shapes: inputs {@code [150, 4]} float32, targets {@code [150]} int64 in 0..2
 * (indices into {@link #CLASS_NAMES}).
 *
 * <pre>{@code
 * var iris = Iris.load();
 * var parts = Dataset.randomSplit(iris, 0.8, 0.2);
 * }</pre>
 */
public final class Iris {
    /** The species, indexed by label. */
    public static final List<String> CLASS_NAMES = List.of("setosa", "versicolor", "virginica");
    /** The measurements, in column order. */
    public static final List<String> FEATURE_NAMES =
            List.of("sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)");

    private Iris() {
    }

    /** The iris data: inputs {@code [150, 4]} float32, targets {@code [150]} int64. */
    public static TensorDataset load() {
        return BundledCsv.read("iris.csv", true).dataset(4);
    }
}
