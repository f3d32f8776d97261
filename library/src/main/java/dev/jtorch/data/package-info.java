/**
 * Datasets and data loaders, as in {@code torch.utils.data} and {@code torchvision.datasets}.
 */
package dev.jtorch.data;
