/**
 * Optimizers and learning-rate schedulers, as in {@code torch.optim}.
 */
package dev.jtorch.optim;
