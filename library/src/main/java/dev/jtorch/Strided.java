package dev.jtorch;

/**
 * Walks a strided tensor row by row: the start offset of each row of the last dimension.
 * Ops loop over rows and, inside, over the last dimension with its stride, so that no op
 * needs per-element index arithmetic.
 */
final class Strided {
    private Strided() {
    }

    /** Rows of {@code shape} (product of all dims but the last; 1 for 0-d tensors). */
    static int rows(int[] shape) {
        int rows = 1;
        for (int d = 0; d < shape.length - 1; d++) {
            rows *= shape[d];
        }
        return rows;
    }

    /** The length of a row: the last dim, or 1 for 0-d tensors. */
    static int rowLength(int[] shape) {
        return shape.length == 0 ? 1 : shape[shape.length - 1];
    }

    /** The stride along a row, or 1 for 0-d tensors. */
    static int rowStride(int[] stride) {
        return stride.length == 0 ? 1 : stride[stride.length - 1];
    }

    /** The storage offset where each row of a tensor with {@code shape}/{@code stride} starts. */
    static int[] rowOffsets(int[] shape, int[] stride, int offset) {
        int nd = shape.length - 1;
        int rows = rows(shape);
        int[] out = new int[rows];
        if (rows == 0) {
            return out;
        }
        int[] idx = new int[Math.max(nd, 0)];
        int at = offset;
        for (int r = 0; r < rows; r++) {
            out[r] = at;
            for (int d = nd - 1; d >= 0; d--) {
                idx[d]++;
                at += stride[d];
                if (idx[d] < shape[d]) {
                    break;
                }
                at -= stride[d] * shape[d];
                idx[d] = 0;
            }
        }
        return out;
    }

    /**
     * Two operands walked together over their broadcast shape: for row r, operand a starts at
     * {@code aRows[r]} and steps by {@code sa}, b at {@code bRows[r]} by {@code sb}; the
     * output row starts at {@code r * n}.
     */
    record Pair(int[] shape, int n, int[] aRows, int sa, int[] bRows, int sb) {
        static Pair of(String op, Tensor a, Tensor b) {
            int[] shape = Shapes.broadcast(op, a.shape, b.shape);
            int[] as = Shapes.broadcastStrides(a.shape, a.stride, shape);
            int[] bs = Shapes.broadcastStrides(b.shape, b.stride, shape);
            return new Pair(shape, rowLength(shape), rowOffsets(shape, as, a.offset), rowStride(as),
                    rowOffsets(shape, bs, b.offset), rowStride(bs));
        }

        int rows() {
            return n == 0 ? 0 : aRows.length;
        }
    }
}
