/**
 * Optimizers and learning-rate schedulers, as in {@code torch.optim}.
 *
 * <p>{@link dev.jtorch.optim.Optimizer} holds parameter groups and per-parameter state;
 * {@link dev.jtorch.optim.SGD}, {@link dev.jtorch.optim.Adam}, {@link dev.jtorch.optim.AdamW},
 * {@link dev.jtorch.optim.RMSprop} and {@link dev.jtorch.optim.Adagrad} follow PyTorch's
 * update formulas and update parameters in place, in one pass per parameter.
 * The schedulers ({@link dev.jtorch.optim.StepLR}, {@link dev.jtorch.optim.MultiStepLR},
 * {@link dev.jtorch.optim.ExponentialLR}, {@link dev.jtorch.optim.CosineAnnealingLR},
 * {@link dev.jtorch.optim.OneCycleLR}, {@link dev.jtorch.optim.ReduceLROnPlateau}) set the
 * groups' learning rates; {@link dev.jtorch.optim.GradClip} clips gradients
 * ({@code torch.nn.utils.clip_grad_norm_}).
 *
 * <pre>{@code
 * var optimizer = new SGD(model.parameters(), 0.1, 0.9);
 * var scheduler = new CosineAnnealingLR(optimizer, epochs);
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *     for (var batch : loader) {
 *         optimizer.zeroGrad();
 *         lossFn.forward(model.forward(batch.input()), batch.target()).backward();
 *         GradClip.clipGradNorm_(model.parameters(), 1.0);
 *         optimizer.step();
 *     }
 *     scheduler.step();
 * }
 * }</pre>
 */
package dev.jtorch.optim;
