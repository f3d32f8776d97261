package dev.jtorch.nn;

import dev.jtorch.Tensor;
import dev.jtorch.nn.functional.F;

/**
 * Softmax over {@code dim}: non-negative values that sum to 1 along it.
 *
 * <p>Shape: any input, output the same.
 *
 * <pre>{@code
 * new Softmax(1).forward(randn(4, 10));   // [4, 10]
 * }</pre>
 */
public class Softmax extends Module {
    /** The dim along which to normalise. */
    public final int dim;

    /** Normalises along {@code dim}. */
    public Softmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor x) {
        return observed(F.softmax(x, dim));
    }

    @Override
    public String extraRepr() {
        return "dim=" + dim;
    }
}
