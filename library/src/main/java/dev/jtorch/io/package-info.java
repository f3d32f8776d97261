/**
 * Saving and loading state dicts in the safetensors format, as in {@code torch.save} / {@code torch.load}.
 */
package dev.jtorch.io;
