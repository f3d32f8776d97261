package dev.jtorch.nn;

import dev.jtorch.Tensor;
import dev.jtorch.nn.functional.F;

/**
 * Binary cross entropy between predicted probabilities and 0/1 float targets:
 * {@code -(t·log p + (1-t)·log(1-p))}. The input must already be a probability (after a
 * sigmoid); for raw scores use {@link BCEWithLogitsLoss}, which is also more stable.
 *
 * <p>Shape: input and target of the same shape, target float; output a scalar (or the
 * input's shape with {@link Reduction#NONE}).
 *
 * <pre>{@code
 * var loss = new BCELoss().forward(sigmoid(logits), labels.toFloat());
 * }</pre>
 */
public class BCELoss extends Loss {
    /** Per-element rescaling (broadcast to the input), or null. */
    public final Tensor weight;

    /** Averaged, unweighted. */
    public BCELoss() {
        this(null, Reduction.MEAN);
    }

    /** Unweighted, with the given reduction. */
    public BCELoss(Reduction reduction) {
        this(null, reduction);
    }

    /** With per-element weights (may be null) and the given reduction. */
    public BCELoss(Tensor weight, Reduction reduction) {
        super(reduction);
        this.weight = weight;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.binaryCrossEntropy(input, target, weight, reduction);
    }
}
