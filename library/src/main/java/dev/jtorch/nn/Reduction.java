package dev.jtorch.nn;

import dev.jtorch.Tensor;

/**
 * How a loss combines its per-element values: their mean (the default), their sum, or none
 * (the per-element losses themselves), as PyTorch's {@code reduction='mean'|'sum'|'none'}.
 */
public enum Reduction {
    /** The mean over elements. */
    MEAN,
    /** The sum over elements. */
    SUM,
    /** No reduction: one loss per element. */
    NONE;

    /** Applies this reduction to per-element losses. */
    public Tensor apply(Tensor losses) {
        return switch (this) {
            case MEAN -> losses.mean();
            case SUM -> losses.sum();
            case NONE -> losses;
        };
    }
}
