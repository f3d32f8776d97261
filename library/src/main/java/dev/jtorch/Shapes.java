package dev.jtorch;

import java.util.Arrays;

/** Shape arithmetic shared by the ops: sizes, strides, broadcasting, dims, messages. */
final class Shapes {
    private Shapes() {
    }

    static int numel(int[] shape) {
        long n = 1;
        for (int s : shape) {
            n *= s;
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensor of shape " + str(shape) + " has " + n
                    + " elements, more than a Java array can hold (" + (Integer.MAX_VALUE - 8) + ")");
        }
        return (int) n;
    }

    static int[] contiguousStrides(int[] shape) {
        int[] stride = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            stride[i] = s;
            s *= Math.max(shape[i], 1);
        }
        return stride;
    }

    static String str(int[] shape) {
        return Arrays.toString(shape);
    }

    /** Normalises a possibly negative dim against {@code ndim}, with an error naming the op. */
    static int dim(String op, int dim, int ndim) {
        int n = Math.max(ndim, 1);
        if (dim < -n || dim >= n) {
            throw new IllegalArgumentException(op + ": dimension " + dim + " is out of range for a tensor with "
                    + ndim + " dimension" + (ndim == 1 ? "" : "s") + " (expected a dim in [" + (-n) + ", " + (n - 1) + "])");
        }
        return dim < 0 ? dim + n : dim;
    }

    /** The broadcast shape of a and b under NumPy rules, or an error naming op and shapes. */
    static int[] broadcast(String op, int[] a, int[] b) {
        int n = Math.max(a.length, b.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int da = i < n - a.length ? 1 : a[i - (n - a.length)];
            int db = i < n - b.length ? 1 : b[i - (n - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + str(a) + " and " + str(b)
                        + " cannot be broadcast together (size " + da + " != " + db + " at dimension " + i
                        + " of the aligned shapes; sizes must match or one of them be 1)");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /**
     * Strides that read a tensor of {@code shape}/{@code stride} as if it had the larger
     * broadcast shape {@code target}: 0 along every broadcast dimension.
     */
    static int[] broadcastStrides(int[] shape, int[] stride, int[] target) {
        int[] out = new int[target.length];
        int lead = target.length - shape.length;
        for (int i = 0; i < shape.length; i++) {
            out[lead + i] = shape[i] == 1 && target[lead + i] != 1 ? 0 : stride[i];
        }
        return out;
    }

    static boolean isContiguous(int[] shape, int[] stride) {
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    /** Resolves one {@code -1} in a requested shape against the number of elements. */
    static int[] infer(String op, int[] from, int[] requested) {
        int[] shape = requested.clone();
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1) {
                if (unknown >= 0) {
                    throw new IllegalArgumentException(op + ": only one dimension can be -1, got " + str(requested));
                }
                unknown = i;
            } else if (shape[i] < 0) {
                throw new IllegalArgumentException(op + ": invalid size " + shape[i] + " in " + str(requested));
            } else {
                known *= shape[i];
            }
        }
        int numel = numel(from);
        if (unknown >= 0) {
            if (known == 0 || numel % known != 0) {
                throw new IllegalArgumentException(op + ": shape " + str(requested) + " is invalid for input of shape "
                        + str(from) + " (" + numel + " elements are not divisible by " + known + ")");
            }
            shape[unknown] = (int) (numel / known);
            if (unknown == 0 && from.length > 1 && shape.length > 1 && shape[0] < from[0]) {
                // The classic flatten mistake: view(-1, wrongSize) folds samples into features,
                // silently shrinking the batch; PyTorch only fails later, in the loss.
                throw new IllegalArgumentException(op + ": shape " + str(requested) + " turns input of shape "
                        + str(from) + " into " + str(shape) + ", which changes the batch size from " + from[0]
                        + " to " + shape[0] + ". The flattened size per sample is " + (numel / from[0])
                        + ", not " + known + "; use view(-1, " + (numel / from[0]) + ") or flatten(1)");
            }
        } else if (known != numel) {
            throw new IllegalArgumentException(op + ": shape " + str(requested) + " is invalid for input of shape "
                    + str(from) + " (" + numel + " elements, but the new shape has " + known + ")");
        }
        return shape;
    }
}
