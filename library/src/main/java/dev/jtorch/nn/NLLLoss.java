package dev.jtorch.nn;

import dev.jtorch.Tensor;
import dev.jtorch.nn.functional.F;

/**
 * The negative log likelihood of log-probabilities at the true classes: use after
 * {@link LogSoftmax} (the pair equals {@link CrossEntropyLoss}).
 *
 * <p>Shape: input {@code [N, C]} (or {@code [N, C, d...]} or {@code [C]}) of
 * log-probabilities, target {@code [N]} of int64 indices in [0, C); output a scalar, or
 * {@code [N]} with {@link Reduction#NONE}.
 *
 * <pre>{@code
 * var loss = new NLLLoss().forward(logSoftmax(scores, 1), labels);
 * }</pre>
 */
public class NLLLoss extends Loss {
    /** Per-class weights [C], or null. */
    public final Tensor weight;
    /** The target value that counts for nothing. */
    public final int ignoreIndex;

    /** Averaged, unweighted. */
    public NLLLoss() {
        this(null, -100, Reduction.MEAN);
    }

    /** Unweighted, with the given reduction. */
    public NLLLoss(Reduction reduction) {
        this(null, -100, reduction);
    }

    /** Every option, as PyTorch's {@code NLLLoss(weight, ignore_index, reduction)}. */
    public NLLLoss(Tensor weight, int ignoreIndex, Reduction reduction) {
        super(reduction);
        this.weight = weight;
        this.ignoreIndex = ignoreIndex;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.nllLoss(input, target, weight, ignoreIndex, reduction);
    }
}
