package dev.jtorch.nn;

import dev.jtorch.Tensor;
import dev.jtorch.nn.functional.F;

/**
 * The mean absolute error {@code |input - target|}.
 *
 * <p>Shape: input and target of the same shape; output a scalar (or the input's shape with {@link Reduction#NONE}).
 *
 * <pre>{@code
 * var loss = new L1Loss().forward(input, target);
 * }</pre>
 */
public class L1Loss extends Loss {

    /** Averaged over elements. */
    public L1Loss() {
        this(Reduction.MEAN);
    }

    /** With the given reduction. */
    public L1Loss(Reduction reduction) {
        super(reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.l1Loss(input, target, reduction);
    }
}
