package dev.jtorch.nn;

import dev.jtorch.Tensor;
import dev.jtorch.nn.functional.F;

/**
 * The rectified linear unit {@code max(x, 0)}, elementwise.
 *
 * <p>Shape: any input, output the same.
 */
public class ReLU extends Module {
    /** The activation. */
    public ReLU() {
    }

    @Override
    public Tensor forward(Tensor x) {
        return observed(F.relu(x));
    }
}
