package dev.jtorch.nn;

import dev.jtorch.Tensor;
import dev.jtorch.nn.functional.F;

/**
 * Log-softmax over {@code dim}, computed stably (log-sum-exp); pairs with {@link NLLLoss}.
 *
 * <p>Shape: any input, output the same.
 *
 * <pre>{@code
 * new LogSoftmax(1).forward(randn(4, 10));   // [4, 10]
 * }</pre>
 */
public class LogSoftmax extends Module {
    /** The dim along which to normalise. */
    public final int dim;

    /** Normalises along {@code dim}. */
    public LogSoftmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor x) {
        return observed(F.logSoftmax(x, dim));
    }

    @Override
    public String extraRepr() {
        return "dim=" + dim;
    }
}
