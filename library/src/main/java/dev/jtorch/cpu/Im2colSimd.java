package dev.jtorch.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API loops of {@link Im2col} for stride 1 along the width, through a zero-padded
 * copy of the image: every row segment of the unfolded matrix is then one plain copy (or, for
 * col2im, one add) of {@code outW} floats, with no edge cases, done in whole vectors and a tail of
 * narrower ones. Deep in a ConvNet rows are 8 or 16 floats long, where the per-call cost of
 * {@code System.arraycopy} and {@code Arrays.fill} for each piece of a row dominated.
 */
final class Im2colSimd {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final VectorSpecies<Float> S256 = FloatVector.SPECIES_256;
    private static final VectorSpecies<Float> S128 = FloatVector.SPECIES_128;

    private Im2colSimd() {
    }

    static void im2col(float[] x, int xOff, int C, int H, int W, int kh, int kw, int strideH, int padH, int padW,
                       int dilH, int dilW, int outH, int outW, float[] cols, int colsOff, int ldCols) {
        int hp = H + 2 * padH;
        int wp = W + 2 * padW;
        float[] padded = new float[C * hp * wp + L];
        Im2col.pad(x, xOff, C, H, W, padH, padW, padded);
        int grain = Math.max(1, Im2col.GRAIN / Math.max(1, outH * outW));
        Parallel.forRange(C * kh * kw, grain, (from, to) -> {
            for (int r = from; r < to; r++) {
                int j = r % kw;
                int i = (r / kw) % kh;
                int c = r / (kw * kh);
                int src = (c * hp + i * dilH) * wp + j * dilW;
                copyRows(padded, src, strideH * wp, cols, colsOff + r * ldCols, outW, outH, outW);
            }
        });
    }

    static void col2im(float[] cols, int colsOff, int ldCols, int C, int H, int W, int kh, int kw, int strideH,
                       int padH, int padW, int dilH, int dilW, int outH, int outW, float[] x, int xOff) {
        int hp = H + 2 * padH;
        int wp = W + 2 * padW;
        int grain = Math.max(1, Im2col.GRAIN / Math.max(1, kh * kw * outH * outW));
        // channels own disjoint planes, so they can run in parallel; within a channel the taps
        // overlap and add in order
        Parallel.forRange(C, grain, (from, to) -> {
            float[] plane = new float[hp * wp + L];
            for (int c = from; c < to; c++) {
                if (c > from) {
                    java.util.Arrays.fill(plane, 0f);
                }
                for (int i = 0; i < kh; i++) {
                    for (int j = 0; j < kw; j++) {
                        int src = colsOff + ((c * kh + i) * kw + j) * ldCols;
                        addRows(cols, src, outW, plane, i * dilH * wp + j * dilW, strideH * wp, outH, outW);
                    }
                }
                addRows(plane, padH * wp + padW, wp, x, xOff + c * H * W, W, H, W);
            }
        });
    }

    /**
     * {@code rows} pieces of {@code n} floats of {@code a}, {@code aStep} apart, each copied into
     * {@code b} at {@code bStep} apart. Pieces of one whole vector, of half of one (16×16 and
     * 8×8 images on 512-bit vectors) and of several whole ones have loops of their own, each in
     * a method of its own with no branch but the loop: C2 then compiles it once, with every
     * vector call inlined. (In one method, each width first met after compilation cost a
     * recompilation, and one of them could leave the loop's vectors boxed.)
     */
    static void copyRows(float[] a, int from, int aStep, float[] b, int to, int bStep, int rows, int n) {
        if (n == L) {
            copyVectorRows(a, from, aStep, b, to, bStep, rows);
        } else if (n == 8 && L > 8) {
            copyHalfVectorRows(a, from, aStep, b, to, bStep, rows);
        } else if (n % L == 0) {
            copyWholeVectorRows(a, from, aStep, b, to, bStep, rows, n);
        } else {
            for (int r = 0; r < rows; r++, from += aStep, to += bStep) {
                copy(a, from, b, to, n);
            }
        }
    }

    private static void copyVectorRows(float[] a, int from, int aStep, float[] b, int to, int bStep, int rows) {
        for (int r = 0; r < rows; r++, from += aStep, to += bStep) {
            FloatVector.fromArray(S, a, from).intoArray(b, to);
        }
    }

    private static void copyWholeVectorRows(float[] a, int from, int aStep, float[] b, int to, int bStep, int rows, int n) {
        for (int r = 0; r < rows; r++, from += aStep, to += bStep) {
            for (int k = 0; k < n; k += L) {
                FloatVector.fromArray(S, a, from + k).intoArray(b, to + k);
            }
        }
    }

    private static void copyHalfVectorRows(float[] a, int from, int aStep, float[] b, int to, int bStep, int rows) {
        for (int r = 0; r < rows; r++, from += aStep, to += bStep) {
            FloatVector.fromArray(S256, a, from).intoArray(b, to);
        }
    }

    /** {@code b[to, to + n) = a[from, from + n)}: whole vectors, then halves and quarters, then single floats. */
    private static void copy(float[] a, int from, float[] b, int to, int n) {
        int k = 0;
        for (; k <= n - L; k += L) {
            FloatVector.fromArray(S, a, from + k).intoArray(b, to + k);
        }
        if (L > 8 && k <= n - 8) {
            FloatVector.fromArray(S256, a, from + k).intoArray(b, to + k);
            k += 8;
        }
        if (L > 4 && k <= n - 4) {
            FloatVector.fromArray(S128, a, from + k).intoArray(b, to + k);
            k += 4;
        }
        for (; k < n; k++) {
            b[to + k] = a[from + k];
        }
    }

    /**
     * {@code rows} pieces of {@code n} floats of {@code a}, {@code aStep} apart, each added into
     * {@code b} at {@code bStep} apart; in methods of their own for pieces of one vector or half
     * of one, as in {@link #copyRows}.
     */
    private static void addRows(float[] a, int from, int aStep, float[] b, int to, int bStep, int rows, int n) {
        if (n == L) {
            addVectorRows(a, from, aStep, b, to, bStep, rows);
        } else if (n == 8 && L > 8) {
            addHalfVectorRows(a, from, aStep, b, to, bStep, rows);
        } else {
            for (int r = 0; r < rows; r++, from += aStep, to += bStep) {
                add(a, from, b, to, n);
            }
        }
    }

    private static void addVectorRows(float[] a, int from, int aStep, float[] b, int to, int bStep, int rows) {
        for (int r = 0; r < rows; r++, from += aStep, to += bStep) {
            FloatVector.fromArray(S, a, from).add(FloatVector.fromArray(S, b, to)).intoArray(b, to);
        }
    }

    private static void addHalfVectorRows(float[] a, int from, int aStep, float[] b, int to, int bStep, int rows) {
        for (int r = 0; r < rows; r++, from += aStep, to += bStep) {
            FloatVector.fromArray(S256, a, from).add(FloatVector.fromArray(S256, b, to)).intoArray(b, to);
        }
    }

    /** {@code b[to, to + n) += a[from, from + n)}, in the same pieces as {@link #copy}. */
    private static void add(float[] a, int from, float[] b, int to, int n) {
        int k = 0;
        for (; k <= n - L; k += L) {
            FloatVector.fromArray(S, a, from + k).add(FloatVector.fromArray(S, b, to + k)).intoArray(b, to + k);
        }
        if (L > 8 && k <= n - 8) {
            FloatVector.fromArray(S256, a, from + k).add(FloatVector.fromArray(S256, b, to + k)).intoArray(b, to + k);
            k += 8;
        }
        if (L > 4 && k <= n - 4) {
            FloatVector.fromArray(S128, a, from + k).add(FloatVector.fromArray(S128, b, to + k)).intoArray(b, to + k);
            k += 4;
        }
        for (; k < n; k++) {
            b[to + k] += a[from + k];
        }
    }
}
