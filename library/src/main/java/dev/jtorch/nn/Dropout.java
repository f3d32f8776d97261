package dev.jtorch.nn;

import dev.jtorch.Tensor;
import dev.jtorch.nn.functional.F;

/**
 * During training, zeroes each element with probability {@code p} and scales the others by
 * {@code 1/(1-p)}; in evaluation mode ({@link Module#eval()}) it is the identity.
 *
 * <p>Shape: any input, output the same.
 *
 * <pre>{@code
 * var drop = new Dropout(0.5);
 * drop.forward(ones(4));          // about half zeros, the rest 2
 * drop.eval().forward(ones(4));   // ones
 * }</pre>
 */
public class Dropout extends Module {
    /** The probability of zeroing an element. */
    public final double p;

    /** Dropout with p = 0.5. */
    public Dropout() {
        this(0.5);
    }

    /** Dropout with probability {@code p}. */
    public Dropout(double p) {
        if (p < 0 || p > 1) {
            throw new IllegalArgumentException("Dropout: probability has to be between 0 and 1, but got " + p);
        }
        this.p = p;
    }

    @Override
    public Tensor forward(Tensor x) {
        return observed(F.dropout(x, p, isTraining()));
    }

    @Override
    public String extraRepr() {
        return "p=" + Repr.num(p) + ", inplace=False";
    }
}
