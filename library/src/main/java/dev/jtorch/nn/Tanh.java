package dev.jtorch.nn;

import dev.jtorch.Tensor;
import dev.jtorch.nn.functional.F;

/**
 * The hyperbolic tangent, elementwise.
 *
 * <p>Shape: any input, output the same.
 */
public class Tanh extends Module {
    /** The activation. */
    public Tanh() {
    }

    @Override
    public Tensor forward(Tensor x) {
        return observed(F.tanh(x));
    }
}
