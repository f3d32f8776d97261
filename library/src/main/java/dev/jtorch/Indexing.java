package dev.jtorch;

import java.util.Arrays;

/** Indexing ops (indexSelect, gather, scatterAdd, masks, where) and joining (cat, stack). */
final class Indexing {
    private Indexing() {
    }

    private static long[] indexValues(String op, Tensor index) {
        if (index.dtype != DType.INT64) {
            throw new IllegalArgumentException(op + ": the index must be an int64 tensor but is " + index.dtype
                    + "; convert it with toLong()");
        }
        return index.toLongArray();
    }

    private static int checkedIndex(String op, long i, int size, int dim) {
        if (i < -size || i >= size) {
            throw new IndexOutOfBoundsException(op + ": index " + i + " is out of bounds for dim " + dim + " with size " + size);
        }
        return (int) (i < 0 ? i + size : i);
    }

    static Tensor indexSelect(Tensor x, int dim, Tensor index) {
        int d = Shapes.dim("indexSelect", dim, x.shape.length);
        if (index.dim() > 1) {
            throw new IllegalArgumentException("indexSelect: the index must be 1-D, got shape " + Shapes.str(index.shape));
        }
        long[] idx = indexValues("indexSelect", index);
        int[] shape = x.shape.clone();
        shape[d] = idx.length;
        Tensor out = Tensor.empty(x.dtype, shape);
        Tensor src = x.detach();
        for (int i = 0; i < idx.length; i++) {
            int at = checkedIndex("indexSelect", idx[i], x.shape[d], d);
            Convert.copyInto(src.select(d, at), out.select(d, i));
        }
        return Tensor.record("IndexSelectBackward0", out, new Tensor[]{x},
                g -> new Tensor[]{indexAdd(Torch.zeros(x.shape), d, index, g)});
    }

    /** {@code base} with {@code src}'s slices added at {@code index} along {@code dim}; differentiable. */
    static Tensor indexAdd(Tensor base, int dim, Tensor index, Tensor src) {
        long[] idx = indexValues("indexAdd", index);
        Tensor out = Convert.copy(base.detach());
        Tensor s = src.detach();
        for (int i = 0; i < idx.length; i++) {
            Tensor slot = out.select(dim, checkedIndex("indexAdd", idx[i], out.shape[dim], dim));
            Convert.copyInto(Elementwise.binary(Elementwise.Binary.ADD, "indexAdd", slot, s.select(dim, i)), slot);
        }
        return Tensor.record("IndexAddBackward0", out, new Tensor[]{base, src},
                g -> new Tensor[]{g, g.indexSelect(dim, index)});
    }

    /** Where in {@code x}'s storage each element of {@code index} points along {@code dim}. */
    private static int[] gatherOffsets(String op, Tensor x, int dim, Tensor index) {
        if (index.shape.length != x.shape.length) {
            throw new IllegalArgumentException(op + ": the index must have as many dims as the tensor; index shape "
                    + Shapes.str(index.shape) + ", tensor shape " + Shapes.str(x.shape));
        }
        for (int d = 0; d < x.shape.length; d++) {
            if (d != dim && index.shape[d] > x.shape[d]) {
                throw new IllegalArgumentException(op + ": index shape " + Shapes.str(index.shape)
                        + " is larger than tensor shape " + Shapes.str(x.shape) + " at dim " + d);
            }
        }
        long[] idx = indexValues(op, index);
        int[] offsets = new int[idx.length];
        int nd = index.shape.length;
        int[] coord = new int[nd];
        for (int p = 0; p < idx.length; p++) {
            int at = x.offset;
            for (int d = 0; d < nd; d++) {
                at += (d == dim ? checkedIndex(op, idx[p], x.shape[d], d) : coord[d]) * x.stride[d];
            }
            offsets[p] = at;
            for (int d = nd - 1; d >= 0; d--) {
                if (++coord[d] < index.shape[d]) {
                    break;
                }
                coord[d] = 0;
            }
        }
        return offsets;
    }

    static Tensor gather(Tensor x, int dim, Tensor index) {
        int d = Shapes.dim("gather", dim, x.shape.length);
        int[] offsets = gatherOffsets("gather", x, d, index);
        Tensor out = Tensor.empty(x.dtype, index.shape.clone());
        for (int p = 0; p < offsets.length; p++) {
            switch (x.dtype) {
                case FLOAT32 -> out.storage.f[p] = x.storage.f[offsets[p]];
                case INT64 -> out.storage.l[p] = x.storage.l[offsets[p]];
                case BOOL -> out.storage.b[p] = x.storage.b[offsets[p]];
            }
        }
        return Tensor.record("GatherBackward0", out, new Tensor[]{x},
                g -> new Tensor[]{Torch.zeros(x.shape).scatterAdd(d, index, g)});
    }

    static Tensor scatterAdd(Tensor self, int dim, Tensor index, Tensor src) {
        self.requireFloat("scatterAdd");
        int d = Shapes.dim("scatterAdd", dim, self.shape.length);
        Tensor out = Convert.copy(self.detach());
        int[] offsets = gatherOffsets("scatterAdd", out, d, index);
        Tensor s = src.toFloat();
        for (int k = 0; k < index.shape.length; k++) {
            if (index.shape[k] > s.shape[k]) {
                throw new IllegalArgumentException("scatterAdd: index shape " + Shapes.str(index.shape)
                        + " is larger than src shape " + Shapes.str(src.shape) + " at dim " + k);
            }
        }
        int[] srcOffsets = Strided.rowOffsets(index.shape, s.stride, s.offset);
        int n = Strided.rowLength(index.shape);
        int ss = Strided.rowStride(s.stride);
        for (int r = 0, p = 0; r < srcOffsets.length; r++) {
            for (int j = 0, at = srcOffsets[r]; j < n; j++, p++, at += ss) {
                out.storage.f[offsets[p]] += s.storage.f[at];
            }
        }
        return Tensor.record("ScatterAddBackward0", out, new Tensor[]{self, src},
                g -> new Tensor[]{g, g.gather(d, index)});
    }

    private static void requireMask(String op, Tensor mask) {
        if (mask.dtype != DType.BOOL) {
            throw new IllegalArgumentException(op + ": the mask must be a bool tensor (e.g. x.gt(0)) but is " + mask.dtype);
        }
    }

    static Tensor maskedFill(Tensor x, Tensor mask, double value) {
        requireMask("maskedFill", mask);
        return where(mask, Torch.scalar(value).to(x.dtype), x, "maskedFill");
    }

    static Tensor maskedSelect(Tensor x, Tensor mask) {
        requireMask("maskedSelect", mask);
        int[] shape = Shapes.broadcast("maskedSelect", x.shape, mask.shape);
        Tensor xb = x.detach().expand(shape).contiguous();
        boolean[] m = mask.expand(shape).toBooleanArray();
        int count = 0;
        for (boolean b : m) {
            count += b ? 1 : 0;
        }
        Tensor out = Tensor.empty(x.dtype, count);
        for (int i = 0, k = 0; i < m.length; i++) {
            if (m[i]) {
                Convert.copyInto(Views.select(xb.reshape(-1), 0, i), out.select(0, k++));
            }
        }
        return Tensor.record("MaskedSelectBackward0", out, new Tensor[]{x}, g -> {
            Tensor full = Torch.zeros(shape);
            long[] where = new long[g.numel()];
            for (int i = 0, k = 0; i < m.length; i++) {
                if (m[i]) {
                    where[k++] = i;
                }
            }
            Tensor flat = indexAdd(full.reshape(-1), 0, Tensor.of(where, where.length), g);
            return new Tensor[]{Elementwise.sumTo(flat.reshape(shape), x.shape)};
        });
    }

    static Tensor where(Tensor condition, Tensor a, Tensor b) {
        return where(condition, a, b, "where");
    }

    private static Tensor where(Tensor condition, Tensor a, Tensor b, String op) {
        requireMask(op, condition);
        int[] shape = Shapes.broadcast(op, Shapes.broadcast(op, condition.shape, a.shape), b.shape);
        DType dtype = a.dtype == b.dtype ? a.dtype : DType.FLOAT32;
        boolean[] c = condition.expand(shape).toBooleanArray();
        Tensor ax = a.detach().to(dtype).expand(shape).contiguous();
        Tensor bx = b.detach().to(dtype).expand(shape).contiguous();
        Tensor out = Tensor.empty(dtype, shape);
        for (int i = 0; i < c.length; i++) {
            Tensor from = c[i] ? ax : bx;
            int at = from.offset + i;
            switch (dtype) {
                case FLOAT32 -> out.storage.f[i] = from.storage.f[at];
                case INT64 -> out.storage.l[i] = from.storage.l[at];
                case BOOL -> out.storage.b[i] = from.storage.b[at];
            }
        }
        Tensor zero = Torch.scalar(0);
        return Tensor.record(op.equals("where") ? "WhereBackward0" : "MaskedFillBackward0", out, new Tensor[]{a, b},
                g -> new Tensor[]{
                        a.requiresGrad() ? Elementwise.sumTo(where(condition, g, zero), a.shape) : null,
                        b.requiresGrad() ? Elementwise.sumTo(where(condition, zero, g), b.shape) : null});
    }

    static Tensor cat(Tensor[] tensors, int dim) {
        if (tensors.length == 0) {
            throw new IllegalArgumentException("cat: expected a non-empty list of tensors");
        }
        Tensor first = tensors[0];
        int d = Shapes.dim("cat", dim, first.shape.length);
        int total = 0;
        for (int i = 0; i < tensors.length; i++) {
            Tensor t = tensors[i];
            boolean sameRank = t.shape.length == first.shape.length;
            for (int k = 0; sameRank && k < t.shape.length; k++) {
                if (k != d && t.shape[k] != first.shape[k]) {
                    sameRank = false;
                }
            }
            if (!sameRank) {
                throw new IllegalArgumentException("cat: sizes of tensors must match except in dimension " + dim
                        + "; tensor 0 has shape " + Shapes.str(first.shape) + " but tensor " + i + " has shape "
                        + Shapes.str(t.shape));
            }
            if (t.dtype != first.dtype) {
                throw new IllegalArgumentException("cat: all tensors must have the same dtype; tensor 0 is " + first.dtype
                        + " but tensor " + i + " is " + t.dtype);
            }
            total += t.shape[d];
        }
        int[] shape = first.shape.clone();
        shape[d] = total;
        Tensor out = Tensor.empty(first.dtype, shape);
        int[] starts = new int[tensors.length];
        for (int i = 0, at = 0; i < tensors.length; i++) {
            starts[i] = at;
            Convert.copyInto(tensors[i].detach(), Views.narrow(out.detach(), d, at, tensors[i].shape[d]));
            at += tensors[i].shape[d];
        }
        Tensor[] inputs = tensors.clone();
        return Tensor.record("CatBackward0", out, inputs, g -> {
            Tensor[] grads = new Tensor[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                grads[i] = g.narrow(d, starts[i], inputs[i].shape[d]);
            }
            return grads;
        });
    }

    static Tensor stack(Tensor[] tensors, int dim) {
        if (tensors.length == 0) {
            throw new IllegalArgumentException("stack: expected a non-empty list of tensors");
        }
        int d = Shapes.dim("stack", dim, tensors[0].shape.length + 1);
        Tensor[] expanded = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            if (!Arrays.equals(tensors[i].shape, tensors[0].shape)) {
                throw new IllegalArgumentException("stack: expects each tensor to be equal size, but got "
                        + Shapes.str(tensors[0].shape) + " at entry 0 and " + Shapes.str(tensors[i].shape) + " at entry " + i);
            }
            expanded[i] = tensors[i].unsqueeze(d);
        }
        return cat(expanded, d);
    }
}
