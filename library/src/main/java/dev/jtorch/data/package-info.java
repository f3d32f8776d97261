/**
 * Datasets and data loaders, as in {@code torch.utils.data} and {@code torchvision.datasets}.
 *
 * <p>A {@link dev.jtorch.data.Dataset} returns examples by index; a
 * {@link dev.jtorch.data.TensorDataset} wraps an input and a target tensor;
 * {@link dev.jtorch.data.DataLoader} iterates in (shuffled) {@link dev.jtorch.data.Batch}es.
 * Real data sets work offline: {@link dev.jtorch.data.Digits}, {@link dev.jtorch.data.Iris}
 * and {@link dev.jtorch.data.Wine} ship with JTorch (scikit-learn, BSD-3-Clause);
 * {@link dev.jtorch.data.FashionMNIST} reads Debian's {@code dataset-fashion-mnist};
 * {@link dev.jtorch.data.CsvDataset} reads CSV files of one's own;
 * {@link dev.jtorch.data.Normalize} standardises features.
 *
 * <pre>{@code
 * manualSeed(0);
 * var split = Digits.load().trainTestSplit(0.2);
 * var norm = Normalize.fit(split.train());
 * var loader = new DataLoader(norm.apply(split.train()), 32, true);
 * for (var batch : loader) {
 *     batch.input();    // [32, 64] float32
 *     batch.target();   // [32] int64
 * }
 * }</pre>
 */
package dev.jtorch.data;
