/**
 * Stateless functions behind the layers, as in {@code torch.nn.functional}: {@code F.relu}, {@code F.crossEntropy}, ...
 */
package dev.jtorch.nn.functional;
