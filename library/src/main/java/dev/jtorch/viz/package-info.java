/**
 * Seeing what a model does, in a notebook or outside one.
 *
 * <ul>
 *   <li>{@link dev.jtorch.viz.TrainingHistory}: loss and metrics per step or epoch, drawn as a
 *       live chart that redraws in place while training runs.</li>
 *   <li>{@link dev.jtorch.viz.Progress}: a progress line for a loop (count, bar, rate, time
 *       left, last loss), like tqdm.</li>
 *   <li>{@link dev.jtorch.viz.Plots}: line and scatter plots, decision boundaries, image grids,
 *       histograms, confusion matrices ({@link dev.jtorch.viz.ConfusionMatrix}) from tensors.</li>
 *   <li>{@link dev.jtorch.viz.Display} and {@link dev.jtorch.viz.DisplaySink}: the one door to
 *       the screen; the kernel installs its sink, elsewhere {@link dev.jtorch.viz.FileDisplaySink}
 *       writes PNG files and prints text.</li>
 * </ul>
 *
 * <pre>{@code
 * var history = new TrainingHistory();
 * for (int epoch = 0; epoch < 10; epoch++) {
 *     var bar = Progress.over(trainLoader, "epoch " + (epoch + 1));
 *     for (var batch : bar) {
 *         ...
 *         history.log("loss", loss.item());
 *         bar.set("loss", loss.item());
 *     }
 * }
 * Plots.confusionMatrix(testLabels, model.forward(testImages))
 * }</pre>
 */
package dev.jtorch.viz;
