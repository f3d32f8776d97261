package dev.jtorch.nn;

import dev.jtorch.Tensor;
import dev.jtorch.nn.functional.F;

/**
 * Cross entropy between raw class scores (logits) and the true classes: a log-softmax and
 * the negative log likelihood in one, computed stably. Targets are class indices (int64)
 * or class probabilities (float, the input's shape). Options as PyTorch's: per-class
 * {@code weight}, {@code ignoreIndex} (default -100), {@code labelSmoothing}.
 *
 * <p>Shape: input {@code [N, C]} (or {@code [N, C, d...]} or {@code [C]}), target
 * {@code [N]} ({@code [N, d...]}, {@code []}) of indices in [0, C), or probabilities shaped
 * like the input; output a scalar, or {@code [N, d...]} with {@link Reduction#NONE}.
 *
 * <pre>{@code
 * var criterion = new CrossEntropyLoss();
 * var loss = criterion.forward(model.forward(images), labels);   // [64, 10] and [64]
 * }</pre>
 */
public class CrossEntropyLoss extends Loss {
    /** Per-class weights [C], or null. */
    public final Tensor weight;
    /** The target value that counts for nothing. */
    public final int ignoreIndex;
    /** How much of the target is mixed with the uniform distribution, in [0, 1]. */
    public final double labelSmoothing;

    /** Averaged, unweighted, without smoothing. */
    public CrossEntropyLoss() {
        this(null, -100, Reduction.MEAN, 0);
    }

    /** With label smoothing, averaged. */
    public CrossEntropyLoss(double labelSmoothing) {
        this(null, -100, Reduction.MEAN, labelSmoothing);
    }

    /** Unweighted, with the given reduction. */
    public CrossEntropyLoss(Reduction reduction) {
        this(null, -100, reduction, 0);
    }

    /** Every option, as PyTorch's {@code CrossEntropyLoss(weight, ignore_index, reduction, label_smoothing)}. */
    public CrossEntropyLoss(Tensor weight, int ignoreIndex, Reduction reduction, double labelSmoothing) {
        super(reduction);
        if (labelSmoothing < 0 || labelSmoothing > 1) {
            throw new IllegalArgumentException("CrossEntropyLoss: label_smoothing must be between 0.0 and 1.0, got "
                    + labelSmoothing);
        }
        this.weight = weight;
        this.ignoreIndex = ignoreIndex;
        this.labelSmoothing = labelSmoothing;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.crossEntropy(input, target, weight, ignoreIndex, reduction, labelSmoothing);
    }
}
