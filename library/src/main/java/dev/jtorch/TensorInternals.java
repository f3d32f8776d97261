package dev.jtorch;

/**
 * Internal: direct access to a float tensor's storage array for JTorch's own fused kernels
 * that live outside this package (the optimizers update a parameter and its state buffers in
 * one pass over their arrays). Not part of the user API: a write through it bypasses
 * autograd's in-place checks, so the caller must call {@link #markModified} afterwards.
 */
public final class TensorInternals {
    private TensorInternals() {
    }

    /** The storage array of a contiguous float32 tensor; its elements start at {@link #storageOffset}. */
    public static float[] floatStorage(Tensor t) {
        t.requireFloat("floatStorage");
        if (!t.isContiguous()) {
            throw new IllegalArgumentException("floatStorage: the tensor of shape " + Shapes.str(t.shape)
                    + " is not contiguous; call contiguous() first");
        }
        return t.storage.f;
    }

    /** Where the tensor's first element sits in its storage array. */
    public static int storageOffset(Tensor t) {
        return t.offset;
    }

    /** Records an in-place write into the tensor's storage, so that autograd notices stale saved values. */
    public static void markModified(Tensor t) {
        t.storage.version++;
    }

    /**
     * Mean (or, with {@code mean} false, summed) cross entropy of scores [N, C] at class
     * indices {@code ids} (length N, each in [0, C)), as one fused op: a 0-d result whose
     * gradient is {@code softmax − onehot}.
     */
    public static Tensor crossEntropy(Tensor scores, long[] ids, boolean mean) {
        return Losses.crossEntropy(scores, ids, mean);
    }
}
