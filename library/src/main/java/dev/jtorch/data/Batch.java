package dev.jtorch.data;

import dev.jtorch.Tensor;

/**
 * A batch of examples from a {@link DataLoader}: inputs and targets stacked along a new
 * first dimension of size {@link #size()}.
 *
 * <pre>{@code
 * for (var batch : loader) {
 *     var loss = lossFn.forward(model.forward(batch.input()), batch.target());
 * }
 * }</pre>
 *
 * @param input  the stacked inputs, {@code [B, ...]}
 * @param target the stacked targets, {@code [B, ...]}
 */
public record Batch(Tensor input, Tensor target) {

    /** The number of examples in the batch. */
    public int size() {
        return input.size(0);
    }
}
