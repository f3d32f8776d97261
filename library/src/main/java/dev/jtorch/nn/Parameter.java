package dev.jtorch.nn;

import dev.jtorch.Tensor;

/**
 * A tensor that is a learnable parameter of a {@link Module}: a field of this type is found
 * by {@link Module#parameters()} and saved by {@link Module#stateDict()}. It shares the
 * storage of the tensor it wraps and requires grad unless told otherwise.
 *
 * <pre>{@code
 * class Scale extends Module {
 *     final Parameter factor = new Parameter(ones(1));
 *     public Tensor forward(Tensor x) { return x.mul(factor); }
 * }
 * }</pre>
 */
public class Parameter extends Tensor {

    /** A parameter over {@code data}'s storage that requires grad. */
    public Parameter(Tensor data) {
        this(data, true);
    }

    /** A parameter over {@code data}'s storage; frozen when {@code requiresGrad} is false. */
    public Parameter(Tensor data, boolean requiresGrad) {
        super(data.detach());
        requiresGrad_(requiresGrad);
    }

    /** Prints as PyTorch does: {@code Parameter containing:} and the tensor. */
    @Override
    public String toString() {
        return "Parameter containing:\n" + super.toString();
    }
}
