package dev.jtorch.nn;

import dev.jtorch.Tensor;

/**
 * What every loss shares: it compares an input (the model's output) with a target and
 * reduces the per-element losses by its {@link Reduction}.
 *
 * <pre>{@code
 * var criterion = new MSELoss();
 * var loss = criterion.forward(model.forward(x), y);
 * loss.backward();
 * }</pre>
 */
public abstract class Loss extends Module {
    /** How per-element losses are combined. */
    public final Reduction reduction;

    /** A loss with the given reduction. */
    protected Loss(Reduction reduction) {
        this.reduction = reduction;
    }

    /** The loss of {@code input} against {@code target}. */
    public abstract Tensor forward(Tensor input, Tensor target);

    /** A loss needs a target: this fails with a message that says so. */
    @Override
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException(getClass().getSimpleName()
                + " compares two tensors: call forward(input, target)");
    }

    @Override
    public String extraRepr() {
        return reduction == Reduction.MEAN ? "" : "reduction='" + reduction.name().toLowerCase() + "'";
    }
}
