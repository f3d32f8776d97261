package dev.jtorch.nn;

import dev.jtorch.Tensor;
import dev.jtorch.nn.functional.F;

/**
 * A squared error for small differences and an absolute one for large:
 * {@code 0.5·d²/beta} where {@code |d| < beta}, else {@code |d| - 0.5·beta}.
 *
 * <p>Shape: input and target of the same shape; output a scalar (or the input's shape with
 * {@link Reduction#NONE}).
 *
 * <pre>{@code
 * var loss = new SmoothL1Loss().forward(boxes, targets);
 * }</pre>
 */
public class SmoothL1Loss extends Loss {
    /** Where the loss turns from squared to absolute. */
    public final double beta;

    /** Beta 1, averaged. */
    public SmoothL1Loss() {
        this(Reduction.MEAN, 1);
    }

    /** With the given reduction and beta. */
    public SmoothL1Loss(Reduction reduction, double beta) {
        super(reduction);
        if (beta < 0) {
            throw new IllegalArgumentException("SmoothL1Loss: beta must be non-negative, got " + beta);
        }
        this.beta = beta;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.smoothL1Loss(input, target, reduction, beta);
    }
}
