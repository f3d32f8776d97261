package dev.jtorch;

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
            float[] from = src.storage.f;
            float[] to = dst.storage.f;
            for (int r = 0; r < sRows.length; r++) {
                for (int j = 0, si = sRows[r], di = dRows[r]; j < n; j++, si += ss, di += ds) {
                    to[di] = from[si];
                }
            }
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
