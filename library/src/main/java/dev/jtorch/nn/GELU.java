package dev.jtorch.nn;

import dev.jtorch.Tensor;
import dev.jtorch.nn.functional.F;

/**
 * The Gaussian error linear unit {@code x·Φ(x)}, exact ({@code "none"}) or with the tanh
 * approximation ({@code "tanh"}), elementwise.
 *
 * <p>Shape: any input, output the same.
 */
public class GELU extends Module {
    /** {@code "none"} (exact) or {@code "tanh"}. */
    public final String approximate;

    /** The exact GELU. */
    public GELU() {
        this("none");
    }

    /** GELU, exact ({@code "none"}) or approximated ({@code "tanh"}). */
    public GELU(String approximate) {
        if (!approximate.equals("none") && !approximate.equals("tanh")) {
            throw new IllegalArgumentException("GELU: approximate must be \"none\" or \"tanh\", got \"" + approximate + "\"");
        }
        this.approximate = approximate;
    }

    @Override
    public Tensor forward(Tensor x) {
        return observed(approximate.equals("tanh") ? F.geluTanh(x) : F.gelu(x));
    }

    @Override
    public String extraRepr() {
        return "approximate='" + approximate + "'";
    }
}
