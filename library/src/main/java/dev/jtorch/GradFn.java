package dev.jtorch;

/**
 * The backward function that produced a tensor: one node of the autograd graph. Its name is
 * PyTorch's ({@code MulBackward0}, {@code MmBackward0}, ...), shown by {@code toString()} of
 * a tensor as {@code grad_fn=<MulBackward0>}.
 *
 * <pre>{@code
 * var y = x.mul(x);
 * y.gradFn().name();   // "MulBackward0"
 * }</pre>
 */
public final class GradFn {

    /** How gradients flow back: from the gradient of the output, one per input (null where none). */
    @FunctionalInterface
    interface Backward {
        Tensor[] apply(Tensor gradOutput);
    }

    private final String name;
    Tensor[] inputs;
    /** The nodes that made each input when this op ran (null for leaves): later in-place ops cannot redirect them. */
    final GradFn[] next;
    Backward backward;
    private final Tensor[] saved;
    private final int[] savedVersions;

    GradFn(String name, Tensor[] inputs, Tensor[] saved, Backward backward) {
        this.name = name;
        this.inputs = inputs;
        this.next = new GradFn[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            next[i] = inputs[i] == null ? null : inputs[i].gradFn;
        }
        this.backward = backward;
        this.saved = saved;
        this.savedVersions = new int[saved.length];
        for (int i = 0; i < saved.length; i++) {
            savedVersions[i] = saved[i].storage.version;
        }
    }

    /** PyTorch's name for this node, such as {@code AddBackward0}. */
    public String name() {
        return name;
    }

    Tensor[] run(Tensor gradOutput) {
        if (backward == null) {
            throw new IllegalStateException("backward: trying to backward through the graph a second time (through "
                    + name + "), but its saved values were freed by the first backward. "
                    + "Pass retainGraph=true to the first backward(...) if you need to call it twice.");
        }
        for (int i = 0; i < saved.length; i++) {
            if (saved[i].storage.version != savedVersions[i]) {
                throw new IllegalStateException("backward: a tensor of shape " + Shapes.str(saved[i].shape)
                        + " needed by " + name + " was modified by an in-place operation after it was used. "
                        + "Use the out-of-place op (e.g. add instead of add_) or clone() the tensor first.");
            }
        }
        return backward.apply(gradOutput);
    }

    void release() {
        backward = null;
    }

    @Override
    public String toString() {
        return "<" + name + ">";
    }
}
