package dev.jtorch.nn;

import dev.jtorch.Tensor;
import dev.jtorch.nn.functional.F;

/**
 * A sigmoid and binary cross entropy in one, computed stably on raw scores (logits).
 * {@code posWeight} multiplies the loss of positive targets (one value per class), to
 * balance rare positives.
 *
 * <p>Shape: input and target of the same shape, target float; output a scalar (or the
 * input's shape with {@link Reduction#NONE}).
 *
 * <pre>{@code
 * var loss = new BCEWithLogitsLoss().forward(model.forward(x), labels);
 * }</pre>
 */
public class BCEWithLogitsLoss extends Loss {
    /** Per-element rescaling (broadcast to the input), or null. */
    public final Tensor weight;
    /** Weight of positive targets per class (broadcast over the last dim), or null. */
    public final Tensor posWeight;

    /** Averaged, unweighted. */
    public BCEWithLogitsLoss() {
        this(null, Reduction.MEAN, null);
    }

    /** Unweighted, with the given reduction. */
    public BCEWithLogitsLoss(Reduction reduction) {
        this(null, reduction, null);
    }

    /** With per-element weights, a reduction and positive weights (weights may be null). */
    public BCEWithLogitsLoss(Tensor weight, Reduction reduction, Tensor posWeight) {
        super(reduction);
        this.weight = weight;
        this.posWeight = posWeight;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.binaryCrossEntropyWithLogits(input, target, weight, posWeight, reduction);
    }
}
