package dev.jtorch.nn;

import dev.jtorch.Tensor;
import dev.jtorch.nn.functional.F;

/**
 * The logistic sigmoid {@code 1 / (1 + e^-x)}, elementwise.
 *
 * <p>Shape: any input, output the same.
 */
public class Sigmoid extends Module {
    /** The activation. */
    public Sigmoid() {
    }

    @Override
    public Tensor forward(Tensor x) {
        return observed(F.sigmoid(x));
    }
}
