package dev.jtorch.nn;

/** Pooling layers print a size as one number when both dims agree, as PyTorch does for an int argument. */
final class PoolRepr {
    private PoolRepr() {
    }

    static String value(int[] v) {
        return v[0] == v[1] ? Integer.toString(v[0]) : Repr.pair(v);
    }
}
