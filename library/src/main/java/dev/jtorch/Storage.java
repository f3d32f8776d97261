package dev.jtorch;

/**
 * The flat primitive array behind one or more tensors (views share it). Exactly one of
 * the arrays is non-null, matching the dtype. The version counts in-place writes, so that
 * autograd notices when a value saved for backward was overwritten.
 */
final class Storage {
    final float[] f;
    final long[] l;
    final boolean[] b;
    int version;

    private Storage(float[] f, long[] l, boolean[] b) {
        this.f = f;
        this.l = l;
        this.b = b;
    }

    static Storage of(float[] data) {
        return new Storage(data, null, null);
    }

    static Storage of(long[] data) {
        return new Storage(null, data, null);
    }

    static Storage of(boolean[] data) {
        return new Storage(null, null, data);
    }

    static Storage allocate(DType dtype, int size) {
        return switch (dtype) {
            case FLOAT32 -> of(new float[size]);
            case INT64 -> of(new long[size]);
            case BOOL -> of(new boolean[size]);
        };
    }
}
