package dev.jtorch;

import java.util.Arrays;

/** View and shape ops: new shape and strides over the same storage, each with its backward. */
final class Views {
    private Views() {
    }

    private static Tensor alias(Tensor x, int offset, int[] shape, int[] stride) {
        return new Tensor(x.storage, offset, shape, stride, x.dtype);
    }

    static Tensor view(Tensor x, int[] requested) {
        int[] shape = Shapes.infer("view", x.shape, requested);
        if (!x.isContiguous()) {
            throw new IllegalArgumentException("view: the tensor of shape " + Shapes.str(x.shape) + " is not contiguous "
                    + "(strides " + Shapes.str(x.stride) + "), so it cannot be viewed as " + Shapes.str(shape)
                    + "; use reshape(...) or call contiguous() first");
        }
        return reshaped(x, shape, "ViewBackward0");
    }

    static Tensor reshape(Tensor x, int[] requested) {
        int[] shape = Shapes.infer("reshape", x.shape, requested);
        return reshaped(x.isContiguous() ? x : x.contiguous(), shape, "ReshapeAliasBackward0");
    }

    private static Tensor reshaped(Tensor x, int[] shape, String name) {
        if (Arrays.equals(shape, x.shape)) {
            return x;
        }
        int[] original = x.shape;
        Tensor out = alias(x, x.offset, shape, Shapes.contiguousStrides(shape));
        return Tensor.record(name, out, new Tensor[]{x}, g -> new Tensor[]{g.reshape(original)});
    }

    static Tensor flatten(Tensor x, int startDim, int endDim) {
        if (x.shape.length == 0) {
            return x.reshape(1);
        }
        int s = Shapes.dim("flatten", startDim, x.shape.length);
        int e = Shapes.dim("flatten", endDim, x.shape.length);
        if (s > e) {
            throw new IllegalArgumentException("flatten: startDim (" + startDim + ") must not come after endDim (" + endDim + ")");
        }
        int[] shape = new int[x.shape.length - (e - s)];
        int k = 0;
        for (int d = 0; d < s; d++) {
            shape[k++] = x.shape[d];
        }
        int merged = 1;
        for (int d = s; d <= e; d++) {
            merged *= x.shape[d];
        }
        shape[k++] = merged;
        for (int d = e + 1; d < x.shape.length; d++) {
            shape[k++] = x.shape[d];
        }
        return x.reshape(shape);
    }

    static Tensor transpose(Tensor x, int dim0, int dim1) {
        int nd = x.shape.length;
        if (nd == 0) {
            return x;
        }
        int a = Shapes.dim("transpose", dim0, nd);
        int b = Shapes.dim("transpose", dim1, nd);
        int[] perm = new int[nd];
        for (int i = 0; i < nd; i++) {
            perm[i] = i;
        }
        perm[a] = b;
        perm[b] = a;
        return permuted(x, perm, "TransposeBackward0");
    }

    static Tensor permute(Tensor x, int[] dims) {
        int nd = x.shape.length;
        if (dims.length != nd) {
            throw new IllegalArgumentException("permute: the number of dims (" + dims.length + ") does not match the "
                    + "tensor's " + nd + " dimensions (shape " + Shapes.str(x.shape) + ")");
        }
        int[] perm = new int[nd];
        boolean[] seen = new boolean[nd];
        for (int i = 0; i < nd; i++) {
            perm[i] = Shapes.dim("permute", dims[i], nd);
            if (seen[perm[i]]) {
                throw new IllegalArgumentException("permute: dim " + dims[i] + " appears more than once in "
                        + Arrays.toString(dims));
            }
            seen[perm[i]] = true;
        }
        return permuted(x, perm, "PermuteBackward0");
    }

    private static Tensor permuted(Tensor x, int[] perm, String name) {
        int nd = perm.length;
        int[] shape = new int[nd];
        int[] stride = new int[nd];
        int[] inverse = new int[nd];
        boolean identity = true;
        for (int i = 0; i < nd; i++) {
            shape[i] = x.shape[perm[i]];
            stride[i] = x.stride[perm[i]];
            inverse[perm[i]] = i;
            identity &= perm[i] == i;
        }
        if (identity) {
            return x;
        }
        Tensor out = alias(x, x.offset, shape, stride);
        return Tensor.record(name, out, new Tensor[]{x}, g -> new Tensor[]{g.permute(inverse)});
    }

    static Tensor squeeze(Tensor x, int dim, boolean all) {
        int nd = x.shape.length;
        int only = all ? -1 : (nd == 0 ? 0 : Shapes.dim("squeeze", dim, nd));
        int[] shape = new int[nd];
        int[] stride = new int[nd];
        int k = 0;
        for (int d = 0; d < nd; d++) {
            boolean drop = x.shape[d] == 1 && (all || d == only);
            if (!drop) {
                shape[k] = x.shape[d];
                stride[k++] = x.stride[d];
            }
        }
        if (k == nd) {
            return x;
        }
        int[] original = x.shape;
        Tensor out = alias(x, x.offset, Arrays.copyOf(shape, k), Arrays.copyOf(stride, k));
        return Tensor.record("SqueezeBackward0", out, new Tensor[]{x}, g -> new Tensor[]{g.reshape(original)});
    }

    static Tensor unsqueeze(Tensor x, int dim) {
        int nd = x.shape.length;
        int d = Shapes.dim("unsqueeze", dim, nd + 1);
        int[] shape = new int[nd + 1];
        int[] stride = new int[nd + 1];
        for (int i = 0, k = 0; i <= nd; i++) {
            if (i == d) {
                shape[i] = 1;
                stride[i] = k < nd ? x.stride[k] * x.shape[k] : 1;
            } else {
                shape[i] = x.shape[k];
                stride[i] = x.stride[k++];
            }
        }
        int[] original = x.shape;
        Tensor out = alias(x, x.offset, shape, stride);
        return Tensor.record("UnsqueezeBackward0", out, new Tensor[]{x}, g -> new Tensor[]{g.reshape(original)});
    }

    static Tensor expand(Tensor x, int[] requested) {
        int nd = requested.length;
        if (nd < x.shape.length) {
            throw new IllegalArgumentException("expand: the target shape " + Shapes.str(requested) + " has fewer dims than "
                    + "the tensor's shape " + Shapes.str(x.shape));
        }
        int lead = nd - x.shape.length;
        int[] shape = new int[nd];
        int[] stride = new int[nd];
        for (int d = 0; d < nd; d++) {
            int want = requested[d];
            if (d < lead) {
                if (want < 0) {
                    throw new IllegalArgumentException("expand: -1 is not allowed for the new leading dim " + d);
                }
                shape[d] = want;
                stride[d] = 0;
                continue;
            }
            int have = x.shape[d - lead];
            if (want == -1 || want == have) {
                shape[d] = have;
                stride[d] = x.stride[d - lead];
            } else if (have == 1) {
                shape[d] = want;
                stride[d] = 0;
            } else {
                throw new IllegalArgumentException("expand: the size of dim " + d + " (" + have + ") must match the "
                        + "target size (" + want + ") or be 1; cannot expand " + Shapes.str(x.shape) + " to "
                        + Shapes.str(requested));
            }
        }
        if (Arrays.equals(shape, x.shape)) {
            return x;
        }
        int[] original = x.shape;
        Tensor out = alias(x, x.offset, shape, stride);
        return Tensor.record("ExpandBackward0", out, new Tensor[]{x},
                g -> new Tensor[]{Elementwise.sumTo(g, original)});
    }

    static Tensor narrow(Tensor x, int dim, int start, int length) {
        int d = Shapes.dim("narrow", dim, x.shape.length);
        int size = x.shape[d];
        int s = start < 0 ? start + size : start;
        if (s < 0 || length < 0 || s + length > size) {
            throw new IllegalArgumentException("narrow: start " + start + " and length " + length
                    + " are out of range for dim " + dim + " of size " + size + " (shape " + Shapes.str(x.shape) + ")");
        }
        int[] shape = x.shape.clone();
        shape[d] = length;
        Tensor out = alias(x, x.offset + s * x.stride[d], shape, x.stride);
        int[] original = x.shape;
        return Tensor.record("NarrowBackward0", out, new Tensor[]{x},
                g -> new Tensor[]{padInto(g, original, d, s)});
    }

    /**
     * The adjoint of narrow: {@code g} placed at {@code start} of dim {@code d} of zeros of
     * {@code shape}. Differentiable (its backward is narrow), for second derivatives.
     */
    static Tensor padInto(Tensor g, int[] shape, int d, int start) {
        Tensor out = Tensor.empty(DType.FLOAT32, shape.clone());
        Convert.copyInto(g.detach(), Views.alias(out, start * out.stride[d], g.shape, out.stride));
        int length = g.shape[d];
        return Tensor.record("NarrowBackwardBackward0", out, new Tensor[]{g},
                gg -> new Tensor[]{gg.narrow(d, start, length)});
    }

    static Tensor select(Tensor x, int dim, int index) {
        int d = Shapes.dim("select", dim, x.shape.length);
        int size = x.shape[d];
        int i = index < 0 ? index + size : index;
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("select: index " + index + " is out of range for dim " + dim
                    + " with size " + size + " (shape " + Shapes.str(x.shape) + ")");
        }
        return x.narrow(d, i, 1).squeeze(d);
    }

    static Tensor[] split(Tensor x, int splitSize, int dim) {
        int d = Shapes.dim("split", dim, x.shape.length);
        if (splitSize <= 0) {
            throw new IllegalArgumentException("split: splitSize must be positive, got " + splitSize);
        }
        int size = x.shape[d];
        int parts = Math.max(1, (size + splitSize - 1) / splitSize);
        Tensor[] out = new Tensor[parts];
        for (int p = 0; p < parts; p++) {
            int start = p * splitSize;
            out[p] = x.narrow(d, start, Math.min(splitSize, size - start));
        }
        return out;
    }

    static Tensor[] chunk(Tensor x, int chunks, int dim) {
        if (chunks <= 0) {
            throw new IllegalArgumentException("chunk: the number of chunks must be positive, got " + chunks);
        }
        int d = Shapes.dim("chunk", dim, x.shape.length);
        int size = x.shape[d];
        return split(x, Math.max(1, (size + chunks - 1) / chunks), d);
    }
}
