package dev.jtorch;

import dev.jtorch.cpu.Parallel;

/** Copies between layouts and dtypes: contiguous copies, casts, broadcast copies, fills. */
final class Convert {
    private Convert() {
    }

    /** A contiguous copy of {@code t} with its own storage, same dtype. */
    static Tensor copy(Tensor t) {
        Tensor out = Tensor.empty(t.dtype, t.shape.clone());
        copyInto(t, out);
        return out;
    }

    /** A contiguous copy of {@code t} converted to {@code target}. */
    static Tensor to(Tensor t, DType target) {
        Tensor out = Tensor.empty(target, t.shape.clone());
        copyInto(t, out);
        return out;
    }

    /** Writes {@code src}, broadcast to {@code dst}'s shape and converted to its dtype, into {@code dst}. */
    static void copyInto(Tensor src, Tensor dst) {
        int[] shape = dst.shape;
        if (!java.util.Arrays.equals(Shapes.broadcast("copy_", src.shape, shape), shape)) {
            throw new IllegalArgumentException("copy_: source of shape " + Shapes.str(src.shape)
                    + " cannot be broadcast to destination shape " + Shapes.str(shape));
        }
        int[] sStride = Shapes.broadcastStrides(src.shape, src.stride, shape);
        int[] sRows = Strided.rowOffsets(shape, sStride, src.offset);
        int[] dRows = Strided.rowOffsets(shape, dst.stride, dst.offset);
        int n = Strided.rowLength(shape);
        int ss = Strided.rowStride(sStride);
        int ds = Strided.rowStride(dst.stride);
        if (n == 0) {
            return;
        }
        if (src.dtype == dst.dtype && ss == 1 && ds == 1) {
            Object from = array(src);
            Object to = array(dst);
            for (int r = 0; r < sRows.length; r++) {
                System.arraycopy(from, sRows[r], to, dRows[r], n);
            }
            return;
        }
        if (src.dtype == DType.FLOAT32 && dst.dtype == DType.FLOAT32) {
            copyFloats(src.storage.f, sRows, ss, dst.storage.f, dRows, ds, n);
            return;
        }
        for (int r = 0; r < sRows.length; r++) {
            int si = sRows[r];
            int di = dRows[r];
            for (int j = 0; j < n; j++, si += ss, di += ds) {
                double v = src.getFlat(si);
                switch (dst.dtype) {
                    case FLOAT32 -> dst.storage.f[di] = (float) v;
                    case INT64 -> dst.storage.l[di] = (long) v;
                    case BOOL -> dst.storage.b[di] = v != 0;
                }
            }
        }
    }

    /** Rows and columns of a copy tile. */
    private static final int TILE = 16;

    /** Least elements per parallel chunk of a strided copy. */
    private static final int GRAIN = 1 << 15;

    /**
     * Row r of n floats: {@code to[dRows[r] + j·ds] = from[sRows[r] + j·ss]}. A source repeated
     * along the row (a broadcast) is a fill. Otherwise the copy goes in tiles of
     * {@value #TILE}×{@value #TILE}: when the source is transposed (its consecutive elements lie
     * in consecutive rows here) the cache lines a tile reads are all used before they are evicted,
     * where whole rows at a time read a new line for every float.
     */
    private static void copyFloats(float[] from, int[] sRows, int ss, float[] to, int[] dRows, int ds, int n) {
        int rows = sRows.length;
        int tiles = (rows + TILE - 1) / TILE;
        Parallel.forRange(tiles, Math.max(1, GRAIN / Math.max(1, TILE * n)), (first, last) -> {
            for (int tile = first; tile < last; tile++) {
                int r0 = tile * TILE;
                int r1 = Math.min(rows, r0 + TILE);
                if (ss == 0 && ds == 1) {
                    for (int r = r0; r < r1; r++) {
                        java.util.Arrays.fill(to, dRows[r], dRows[r] + n, from[sRows[r]]);
                    }
                    continue;
                }
                for (int j0 = 0; j0 < n; j0 += TILE) {
                    int j1 = Math.min(n, j0 + TILE);
                    for (int r = r0; r < r1; r++) {
                        for (int j = j0, si = sRows[r] + j0 * ss, di = dRows[r] + j0 * ds; j < j1; j++, si += ss, di += ds) {
                            to[di] = from[si];
                        }
                    }
                }
            }
        });
    }

    static void fill(Tensor t, double value) {
        if (t.isContiguous()) {
            int from = t.offset;
            int to = t.offset + t.numel();
            switch (t.dtype) {
                case FLOAT32 -> java.util.Arrays.fill(t.storage.f, from, to, (float) value);
                case INT64 -> java.util.Arrays.fill(t.storage.l, from, to, (long) value);
                case BOOL -> java.util.Arrays.fill(t.storage.b, from, to, value != 0);
            }
            return;
        }
        copyInto(Torch.full(new int[0], value).to(t.dtype), t);
    }

    private static Object array(Tensor t) {
        return switch (t.dtype) {
            case FLOAT32 -> t.storage.f;
            case INT64 -> t.storage.l;
            case BOOL -> t.storage.b;
        };
    }
}
