package dev.jtorch;

/**
 * The result of {@code max(dim)} / {@code min(dim)}: the extreme values and their int64
 * indices along the reduced dim, as PyTorch's named tuple.
 *
 * <pre>{@code
 * var predicted = logits.max(1).indices();
 * }</pre>
 */
public record ValuesIndices(Tensor values, Tensor indices) {
}
