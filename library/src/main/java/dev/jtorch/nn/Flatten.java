package dev.jtorch.nn;

import dev.jtorch.Tensor;

/**
 * Flattens dims {@code startDim..endDim} into one (by default all but the batch dim).
 *
 * <p>Shape: input {@code [N, *]}, output {@code [N, product of *]} with the defaults.
 *
 * <pre>{@code
 * new Flatten().forward(randn(8, 16, 4, 4));   // [8, 256]
 * }</pre>
 */
public class Flatten extends Module {
    /** First dim to flatten. */
    public final int startDim;
    /** Last dim to flatten (negative counts from the end). */
    public final int endDim;

    /** Flattens everything after the batch dim. */
    public Flatten() {
        this(1, -1);
    }

    /** Flattens dims {@code startDim..endDim}. */
    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override
    public Tensor forward(Tensor x) {
        return observed(x.flatten(startDim, endDim));
    }

    @Override
    public String extraRepr() {
        return "start_dim=" + startDim + ", end_dim=" + endDim;
    }
}
