package dev.jtorch.nn;

import dev.jtorch.Tensor;
import dev.jtorch.nn.functional.F;

/**
 * The mean squared error {@code (input - target)²}.
 *
 * <p>Shape: input and target of the same shape; output a scalar (or the input's shape with {@link Reduction#NONE}).
 *
 * <pre>{@code
 * var loss = new MSELoss().forward(input, target);
 * }</pre>
 */
public class MSELoss extends Loss {

    /** Averaged over elements. */
    public MSELoss() {
        this(Reduction.MEAN);
    }

    /** With the given reduction. */
    public MSELoss(Reduction reduction) {
        super(reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.mseLoss(input, target, reduction);
    }
}
