package dev.jtorch.cpu;

/**
 * Per-thread work arrays that a kernel reuses from one call to the next instead of allocating
 * (and so zeroing) new ones each time: a training step unfolds every convolution's input
 * three times. Each thread has {@value #SLOTS} slots, each grown on demand; a request above
 * {@value #MAX_REUSED} floats gets a fresh array, so that one large layer does not pin its
 * workspace for the rest of the session. The contents are whatever the last user left: a
 * caller writes every element it reads.
 *
 * <pre>{@code
 * float[] cols = Scratch.floats(0, rows * columns);     // im2col writes all of it
 * float[] side = Scratch.floats(1, outRows * columns);  // a second, distinct array
 * }</pre>
 */
public final class Scratch {
    /** Distinct arrays a thread can hold at once. */
    public static final int SLOTS = 2;
    /** Largest array kept for reuse: 16 MB. */
    public static final int MAX_REUSED = 1 << 22;

    private static final ThreadLocal<float[][]> ARRAYS = ThreadLocal.withInitial(() -> new float[SLOTS][0]);

    private Scratch() {
    }

    /**
     * This thread's array of slot {@code slot}, at least {@code length} long (longer if it was
     * grown before), with unspecified contents.
     *
     * <pre>{@code float[] cols = Scratch.floats(0, k * l);}</pre>
     *
     * @param slot   0 to {@code SLOTS - 1}: arrays of different slots never alias
     * @param length the least length needed
     * @return an array of at least {@code length} floats
     * @throws IllegalArgumentException if the slot does not exist or the length is negative
     */
    public static float[] floats(int slot, int length) {
        if (slot < 0 || slot >= SLOTS || length < 0) {
            throw new IllegalArgumentException("Scratch.floats: slot must be 0 to " + (SLOTS - 1)
                    + " and length non-negative, got slot " + slot + ", length " + length);
        }
        if (length > MAX_REUSED) {
            return new float[length];
        }
        float[][] arrays = ARRAYS.get();
        if (arrays[slot].length < length) {
            arrays[slot] = new float[length];
        }
        return arrays[slot];
    }
}
