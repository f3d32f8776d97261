package dev.jtorch;

import dev.jtorch.cpu.Gemm;

/** Matrix products with PyTorch's matmul rules, on the packed GEMM of {@code dev.jtorch.cpu}. */
final class LinearAlgebra {
    private LinearAlgebra() {
    }

    static Tensor matmul(Tensor a, Tensor b) {
        a.requireFloat("matmul");
        b.requireFloat("matmul");
        int ra = a.shape.length;
        int rb = b.shape.length;
        if (ra == 0 || rb == 0) {
            throw new IllegalArgumentException("matmul: both arguments need at least 1 dimension, got shapes "
                    + Shapes.str(a.shape) + " and " + Shapes.str(b.shape) + "; use mul for scalars");
        }
        int ka = a.shape[ra - 1];
        int kb = rb == 1 ? b.shape[0] : b.shape[rb - 2];
        if (ka != kb) {
            throw new IllegalArgumentException("matmul: shapes " + Shapes.str(a.shape) + " and " + Shapes.str(b.shape)
                    + " cannot be multiplied (" + ka + " != " + kb + "): the last dim of the first must equal the "
                    + (rb == 1 ? "size of the" : "second-to-last dim of the") + " second");
        }
        if (ra == 1 && rb == 1) {
            return batched(a.unsqueeze(0), b.unsqueeze(1)).reshape();
        }
        if (ra == 1) {
            return batched(a.unsqueeze(0), b).squeeze(-2);
        }
        if (rb == 1) {
            return batched(a, b.unsqueeze(1)).squeeze(-1);
        }
        return batched(a, b);
    }

    /** {@code a[..., m, k] · b[..., k, n]} with broadcast batch dims, recorded for autograd. */
    private static Tensor batched(Tensor a, Tensor b) {
        int ra = a.shape.length;
        int rb = b.shape.length;
        int m = a.shape[ra - 2];
        int k = a.shape[ra - 1];
        int n = b.shape[rb - 1];
        int[] batchA = java.util.Arrays.copyOf(a.shape, ra - 2);
        int[] batchB = java.util.Arrays.copyOf(b.shape, rb - 2);
        int[] batch = Shapes.broadcast("matmul", batchA, batchB);
        int[] outShape = java.util.Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        float[] out = new float[Shapes.numel(outShape)];
        Operand opA = Operand.of(a.detach());
        Operand opB = Operand.of(b.detach());
        int[] offA = batchOffsets(opA.t, batch);
        int[] offB = batchOffsets(opB.t, batch);
        for (int i = 0; i < offA.length; i++) {
            Gemm.sgemm(opA.trans, opB.trans, m, n, k, opA.t.storage.f, offA[i], opA.ld,
                    opB.t.storage.f, offB[i], opB.ld, 0f, out, i * m * n, n);
        }
        Tensor result = Tensor.of(out, outShape);
        boolean aTransposed = opA.trans;
        boolean bTransposed = opB.trans;
        return Tensor.record(batch.length == 0 ? "MmBackward0" : "BmmBackward0", result, new Tensor[]{a, b},
                new Tensor[]{a, b}, g -> new Tensor[]{
                        a.requiresGrad() ? Elementwise.sumTo(gradA(g, b, aTransposed), a.shape) : null,
                        b.requiresGrad() ? Elementwise.sumTo(gradB(g, a, bTransposed), b.shape) : null});
    }

    /**
     * {@code g·bᵀ}, produced in the layout of {@code a}: when a is a transposed view (such as
     * {@code weight.t()}) its gradient is computed as {@code (b·gᵀ)ᵀ}, so that it arrives at
     * the underlying tensor contiguous instead of needing a transposing copy.
     */
    private static Tensor gradA(Tensor g, Tensor b, boolean aTransposed) {
        return aTransposed ? b.matmul(g.mT()).mT() : g.matmul(b.mT());
    }

    /** {@code aᵀ·g}, produced in the layout of {@code b} (see {@link #gradA}). */
    private static Tensor gradB(Tensor g, Tensor a, boolean bTransposed) {
        return bTransposed ? g.mT().matmul(a).mT() : a.mT().matmul(g);
    }

    /** Storage offsets of each matrix of {@code t} when its batch dims are broadcast to {@code batch}. */
    private static int[] batchOffsets(Tensor t, int[] batch) {
        int r = t.shape.length;
        int[] shape = java.util.Arrays.copyOf(t.shape, r - 2);
        int[] stride = java.util.Arrays.copyOf(t.stride, r - 2);
        int[] bStride = Shapes.broadcastStrides(shape, stride, batch);
        int[] rowShape = java.util.Arrays.copyOf(batch, batch.length + 1);
        rowShape[batch.length] = 1;
        int[] rowStride = java.util.Arrays.copyOf(bStride, batch.length + 1);
        rowStride[batch.length] = 1;
        return Strided.rowOffsets(rowShape, rowStride, t.offset);
    }

    /**
     * A matrix operand as GEMM wants it: each matrix row-major (leading dim {@code ld}) or
     * column-major ({@code trans}), copied only when neither layout fits.
     */
    private record Operand(Tensor t, boolean trans, int ld) {
        static Operand of(Tensor x) {
            int r = x.shape.length;
            int rows = x.shape[r - 2];
            int cols = x.shape[r - 1];
            int s0 = x.stride[r - 2];
            int s1 = x.stride[r - 1];
            if ((s1 == 1 || cols == 1) && s0 >= Math.max(cols, 1)) {
                return new Operand(x, false, Math.max(s0, 1));
            }
            if ((s0 == 1 || rows == 1) && s1 >= Math.max(rows, 1)) {
                return new Operand(x, true, Math.max(s1, 1));
            }
            Tensor c = x.contiguous();
            return new Operand(c, false, Math.max(cols, 1));
        }
    }
}
