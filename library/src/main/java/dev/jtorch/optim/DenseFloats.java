package dev.jtorch.optim;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.TensorInternals;

import java.util.Arrays;

/**
 * A float tensor's elements as one range of a primitive array, so that an update rule runs
 * as one loop without temporaries. A non-contiguous tensor is worked on as a contiguous
 * copy that {@link #commit} writes back.
 */
final class DenseFloats {
    final float[] a;
    final int off;
    private final Tensor target;
    private final Tensor copy;

    private DenseFloats(Tensor target, Tensor dense) {
        this.target = target;
        this.copy = dense == target ? null : dense;
        this.a = TensorInternals.floatStorage(dense);
        this.off = TensorInternals.storageOffset(dense);
    }

    /** The elements of {@code t}, for reading and writing (call {@link #commit} after writing). */
    static DenseFloats of(Tensor t) {
        if (t.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException("optimizer: expected a float32 tensor but got " + t.dtype()
                    + " of shape " + Arrays.toString(t.shape()));
        }
        return new DenseFloats(t, t.isContiguous() ? t : t.detach().clone());
    }

    /** Publishes the writes: bumps the version of the target, or copies the work copy back into it. */
    void commit() {
        if (copy == null) {
            TensorInternals.markModified(target);
        } else {
            target.copy_(copy);
        }
    }
}
