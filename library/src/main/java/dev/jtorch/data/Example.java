package dev.jtorch.data;

import dev.jtorch.Tensor;

/**
 * One example of a supervised dataset: an input and its target (a label or a value), as
 * the {@code (x, y)} pair a PyTorch dataset returns.
 *
 * @param input  the features of the example, such as an image {@code [1, 28, 28]}
 * @param target the label (int64 scalar) or regression value
 */
public record Example(Tensor input, Tensor target) {
}
