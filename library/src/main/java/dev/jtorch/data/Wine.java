package dev.jtorch.data;

import java.util.List;

/**
 * The wine recognition data ({@code sklearn.datasets.load_wine}): 178 wines from three
 * cultivars, 13 chemical measurements each. It ships with JTorch (BSD-3-Clause, see
 * {@code LICENSE-scikit-learn.txt} beside the data file). The features have very
 * different scales: normalise them ({@link Normalize}) before training.
 *
 * <p>Shapes: inputs {@code [178, 13]} float32, targets {@code [178]} int64 in 0..2.
 *
 * <pre>{@code
 * var wine = Wine.load();
 * var data = Normalize.fit(wine.inputs()).apply(wine);
 * }</pre>
 */
public final class Wine {
    /** The cultivars, indexed by label. */
    public static final List<String> CLASS_NAMES = List.of("class_0", "class_1", "class_2");
    /** The measurements, in column order. */
    public static final List<String> FEATURE_NAMES = List.of("alcohol", "malic_acid", "ash", "alcalinity_of_ash",
            "magnesium", "total_phenols", "flavanoids", "nonflavanoid_phenols", "proanthocyanins",
            "color_intensity", "hue", "od280/od315_of_diluted_wines", "proline");

    private Wine() {
    }

    /** The wine data: inputs {@code [178, 13]} float32, targets {@code [178]} int64. */
    public static TensorDataset load() {
        return BundledCsv.read("wine_data.csv", true).dataset(13);
    }
}
