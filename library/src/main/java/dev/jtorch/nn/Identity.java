package dev.jtorch.nn;

import dev.jtorch.Tensor;

/**
 * A layer that returns its input: a placeholder where an architecture has an optional layer.
 *
 * <p>Shape: any input, output the same.
 */
public class Identity extends Module {
    /** The identity layer. */
    public Identity() {
    }

    @Override
    public Tensor forward(Tensor x) {
        return observed(x);
    }
}
