package dev.jtorch.optim;

import dev.jtorch.Tensor;
import dev.jtorch.Torch;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an optimizer remembers about one parameter between steps: the number of steps taken
 * and named buffers of the parameter's shape (PyTorch's {@code optimizer.state[p]}), such as
 * {@code momentum_buffer}, {@code exp_avg} or {@code exp_avg_sq}. Buffers are made once and
 * updated in place, so a step allocates nothing that grows.
 */
public final class ParamState {
    private long step;
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();

    /** The number of steps taken so far for this parameter. */
    public long step() {
        return step;
    }

    /** Counts one more step and returns the new count. */
    public long incrementStep() {
        return ++step;
    }

    void setStep(long step) {
        this.step = step;
    }

    /** The buffer {@code name}, or null if it was never made. */
    public Tensor buffer(String name) {
        return buffers.get(name);
    }

    /** The buffer {@code name}, made as a tensor of {@code like}'s shape filled with {@code initial} on first use. */
    public Tensor buffer(String name, Tensor like, double initial) {
        return buffers.computeIfAbsent(name, k -> Torch.full(like.shape(), initial));
    }

    void putBuffer(String name, Tensor value) {
        buffers.put(name, value);
    }

    /** The buffers by name, in the order they were made; read-only. */
    public Map<String, Tensor> buffers() {
        return Collections.unmodifiableMap(buffers);
    }
}
