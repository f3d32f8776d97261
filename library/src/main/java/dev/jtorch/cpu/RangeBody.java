package dev.jtorch.cpu;

/**
 * The work of one chunk of a {@link Parallel#forRange parallel loop}: the half-open index
 * range {@code [from, to)}.
 *
 * <pre>{@code
 * RangeBody body = (from, to) -> { for (int i = from; i < to; i++) out[i] = 2 * in[i]; };
 * Parallel.forRange(out.length, 4096, body);
 * }</pre>
 */
@FunctionalInterface
public interface RangeBody {
    /**
     * Runs the indices {@code from} (inclusive) to {@code to} (exclusive).
     *
     * @param from first index of the chunk
     * @param to   one past the last index of the chunk
     */
    void run(int from, int to);
}
