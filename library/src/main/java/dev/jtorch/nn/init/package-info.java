/**
 * Parameter initialisation, as in {@code torch.nn.init}.
 */
package dev.jtorch.nn.init;
