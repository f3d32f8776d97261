package dev.jtorch.nn;

import dev.jtorch.Tensor;
import dev.jtorch.nn.functional.F;

/**
 * {@code x} where positive, {@code negativeSlope·x} elsewhere, elementwise.
 *
 * <p>Shape: any input, output the same.
 */
public class LeakyReLU extends Module {
    /** The slope for negative inputs. */
    public final double negativeSlope;

    /** Slope 0.01, PyTorch's default. */
    public LeakyReLU() {
        this(0.01);
    }

    /** The given slope for negative inputs. */
    public LeakyReLU(double negativeSlope) {
        this.negativeSlope = negativeSlope;
    }

    @Override
    public Tensor forward(Tensor x) {
        return observed(F.leakyRelu(x, negativeSlope));
    }

    @Override
    public String extraRepr() {
        return "negative_slope=" + Repr.num(negativeSlope);
    }
}
