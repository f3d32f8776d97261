package dev.jtorch;

/**
 * The element type of a tensor. Float32 is the default, int64 holds labels and indices,
 * bool holds masks (the results of comparisons).
 *
 * <pre>{@code
 * tensor(new long[]{1, 2}).dtype();   // INT64
 * randn(3).gt(0).dtype();             // BOOL
 * }</pre>
 */
public enum DType {
    FLOAT32("float32"),
    INT64("int64"),
    BOOL("bool");

    private final String pyName;

    DType(String pyName) {
        this.pyName = pyName;
    }

    /** The name PyTorch prints, such as {@code torch.float32}. */
    @Override
    public String toString() {
        return "torch." + pyName;
    }
}
