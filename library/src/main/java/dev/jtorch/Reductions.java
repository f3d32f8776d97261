package dev.jtorch;

/**
 * Reductions (sum, mean, var, max/min, logsumexp) and softmax, each forward next to its
 * backward. A reduction permutes the reduced dims to the end, so that it always works on
 * contiguous rows.
 */
final class Reductions {
    private Reductions() {
    }

    /** {@code x} seen as {@code outer} rows of {@code length} reduced elements. */
    private record Rows(Tensor source, int[] perm, int outer, int length, int[] keepShape, int[] outShape) {
        /** The rows laid out contiguously (a copy unless the reduced dims are already last). */
        Tensor data() {
            return source.detach().permute(perm).contiguous();
        }
    }

    private static Rows rows(String op, Tensor x, int[] dims, boolean keepDim) {
        int nd = x.shape.length;
        boolean[] reduce = new boolean[nd];
        for (int d : dims) {
            if (nd == 0) {
                Shapes.dim(op, d, 0);
                continue;
            }
            reduce[Shapes.dim(op, d, nd)] = true;
        }
        int[] perm = new int[nd];
        int[] keepShape = new int[nd];
        int kept = 0;
        int outer = 1;
        int length = 1;
        for (int d = 0; d < nd; d++) {
            keepShape[d] = reduce[d] ? 1 : x.shape[d];
            if (!reduce[d]) {
                perm[kept++] = d;
                outer *= x.shape[d];
            }
        }
        int[] outShape = new int[kept];
        for (int i = 0; i < kept; i++) {
            outShape[i] = x.shape[perm[i]];
        }
        int next = kept;
        for (int d = 0; d < nd; d++) {
            if (reduce[d]) {
                perm[next++] = d;
                length *= x.shape[d];
            }
        }
        return new Rows(x, perm, outer, length, keepShape, keepDim ? keepShape : outShape);
    }

    static Tensor sum(Tensor x, int[] dims, boolean keepDim) {
        Rows r = rows("sum", x, dims, keepDim);
        if (x.dtype != DType.FLOAT32) {
            long[] out = new long[r.outer];
            Tensor d = r.data();
            for (int i = 0; i < r.outer; i++) {
                long s = 0;
                for (int j = 0, at = d.offset + i * r.length; j < r.length; j++, at++) {
                    s += (long) d.getFlat(at);
                }
                out[i] = s;
            }
            return Tensor.of(out, r.outShape.clone());
        }
        float[] out = x.isContiguous() && isBlock(x.shape, r.keepShape)
                ? sumBlock(x, r.keepShape)
                : sumRows(r);
        Tensor result = Tensor.of(out, r.outShape.clone());
        return Tensor.record("SumBackward1", result, new Tensor[]{x},
                g -> new Tensor[]{g.reshape(r.keepShape).expand(x.shape)});
    }

    private static float[] sumRows(Rows r) {
        Tensor rows = r.data();
        float[] data = rows.storage.f;
        int base = rows.offset;
        float[] out = new float[r.outer];
        for (int i = 0; i < r.outer; i++) {
            double s = 0;
            for (int j = 0, at = base + i * r.length; j < r.length; j++, at++) {
                s += data[at];
            }
            out[i] = (float) s;
        }
        return out;
    }

    /** Whether the reduced dims (size 1 in keepShape, size > 1 in shape) form one adjacent block. */
    private static boolean isBlock(int[] shape, int[] keepShape) {
        int first = -1;
        int last = -1;
        for (int d = 0; d < shape.length; d++) {
            if (keepShape[d] != shape[d]) {
                if (first < 0) {
                    first = d;
                }
                last = d;
            }
        }
        for (int d = first + 1; d < last; d++) {
            if (keepShape[d] == shape[d] && shape[d] != 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * Sums a contiguous tensor seen as [outer, reduced, inner] without transposing it: each
     * reduced slice is added, row by row, onto the output, so columns sum as fast as rows.
     */
    private static float[] sumBlock(Tensor x, int[] keepShape) {
        int outer = 1;
        int reduced = 1;
        int inner = 1;
        boolean seenReduced = false;
        for (int d = 0; d < x.shape.length; d++) {
            if (keepShape[d] != x.shape[d]) {
                seenReduced = true;
                reduced *= x.shape[d];
            } else if (seenReduced) {
                inner *= x.shape[d];
            } else {
                outer *= x.shape[d];
            }
        }
        float[] data = x.storage.f;
        float[] out = new float[outer * inner];
        if (inner == 1) {
            for (int o = 0; o < outer; o++) {
                double s = 0;
                for (int j = 0, at = x.offset + o * reduced; j < reduced; j++, at++) {
                    s += data[at];
                }
                out[o] = (float) s;
            }
            return out;
        }
        for (int o = 0; o < outer; o++) {
            int dst = o * inner;
            for (int j = 0; j < reduced; j++) {
                int src = x.offset + (o * reduced + j) * inner;
                for (int i = 0; i < inner; i++) {
                    out[dst + i] += data[src + i];
                }
            }
        }
        return out;
    }

    static Tensor mean(Tensor x, int[] dims, boolean keepDim) {
        x.requireFloat("mean");
        Rows r = rows("mean", x, dims, keepDim);
        // Over nothing, 0 / 0: NaN, as in PyTorch, and still on the autograd graph.
        return sum(x, dims, keepDim).div(r.length);
    }

    static Tensor var(Tensor x, int[] dims, int correction, boolean keepDim) {
        x.requireFloat("var");
        int count = rows("var", x, dims, keepDim).length;
        Tensor centered = x.sub(mean(x, dims, true));
        return sum(centered.mul(centered), dims, keepDim).div(Math.max(count - correction, 0));
    }

    static ValuesIndices extreme(Tensor x, int dim, boolean keepDim, boolean max) {
        String op = max ? "max" : "min";
        int d = Shapes.dim(op, dim, x.shape.length);
        Rows r = rows(op, x, new int[]{d}, keepDim);
        if (r.length == 0) {
            throw new IllegalArgumentException(op + ": cannot reduce over dimension " + dim
                    + " of size 0 (shape " + Shapes.str(x.shape) + ")");
        }
        Tensor data = r.data();
        float[] values = new float[r.outer];
        long[] indices = new long[r.outer];
        for (int i = 0; i < r.outer; i++) {
            int at = data.offset + i * r.length;
            double best = data.getFlat(at);
            int bestJ = 0;
            for (int j = 1; j < r.length && !Double.isNaN(best); j++) {
                double v = data.getFlat(at + j);
                if (Double.isNaN(v) || (max ? v > best : v < best)) {
                    best = v;
                    bestJ = j;
                }
            }
            values[i] = (float) best;
            indices[i] = bestJ;
        }
        Tensor idx = Tensor.of(indices, r.outShape.clone());
        Tensor vals = Tensor.of(values, r.outShape.clone());
        if (x.dtype != DType.FLOAT32) {
            return new ValuesIndices(vals.to(x.dtype), idx);
        }
        Tensor recorded = Tensor.record(max ? "MaxBackward0" : "MinBackward0", vals, new Tensor[]{x}, g -> {
            Tensor gk = g.reshape(r.keepShape);
            Tensor ik = idx.reshape(r.keepShape);
            return new Tensor[]{Torch.zeros(x.shape).scatterAdd(d, ik, gk)};
        });
        return new ValuesIndices(recorded, idx);
    }

    static ValuesIndices extreme(Tensor x, int[] allDims, boolean max) {
        return extreme(x.reshape(-1), 0, false, max);
    }

    static Tensor logsumexp(Tensor x, int dim, boolean keepDim) {
        Tensor m = extreme(x.detach(), dim, true, true).values();
        Tensor safeM = m.maskedFill(m.abs().eq(Float.POSITIVE_INFINITY), 0);
        Tensor out = x.sub(safeM).exp().sum(dim, true).log().add(safeM);
        return keepDim ? out : out.squeeze(dim);
    }

    static Tensor softmax(Tensor x, int dim, boolean log) {
        String op = log ? "logSoftmax" : "softmax";
        x.requireFloat(op);
        int d = Shapes.dim(op, dim, x.shape.length);
        int last = Math.max(x.shape.length - 1, 0);
        Tensor moved = x.shape.length == 0 ? x.detach() : x.detach().transpose(d, last).contiguous();
        int n = Strided.rowLength(moved.shape);
        float[] src = moved.floatData();
        float[] dst = new float[src.length];
        for (int row = 0; row < src.length; row += Math.max(n, 1)) {
            float m = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                m = Math.max(m, src[row + j]);
            }
            if (m == Float.NEGATIVE_INFINITY) {
                m = 0;
            }
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += Math.exp(src[row + j] - m);
            }
            if (log) {
                float logSum = (float) Math.log(s);
                for (int j = 0; j < n; j++) {
                    dst[row + j] = (src[row + j] - m) - logSum;
                }
            } else {
                for (int j = 0; j < n; j++) {
                    dst[row + j] = (float) (Math.exp(src[row + j] - m) / s);
                }
            }
        }
        Tensor out = Tensor.of(dst, moved.shape.clone());
        if (x.shape.length > 0) {
            out = out.transpose(d, last).contiguous().detach();
        }
        Tensor y = out;
        return Tensor.record(log ? "LogSoftmaxBackward0" : "SoftmaxBackward0", out, new Tensor[]{x}, g -> new Tensor[]{
                log ? g.sub(y.exp().mul(g.sum(d, true)))
                    : y.mul(g.sub(g.mul(y).sum(d, true)))});
    }
}
