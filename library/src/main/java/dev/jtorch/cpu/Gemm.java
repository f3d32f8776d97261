package dev.jtorch.cpu;

/**
 * Single-precision matrix multiply (SGEMM) on row-major arrays: the kernel under
 * {@code Tensor.matmul}, {@code Linear} and the im2col convolution, forward and backward.
 *
 * <p>{@link #sgemm} takes the fast path when {@link Simd#ENABLED}: operands are packed into
 * cache-sized blocks (both transposition flags are handled while packing, so no transpose is
 * ever materialised) and multiplied by a register-tiled Vector API micro-kernel, in parallel
 * over {@link Parallel}. {@link #sgemmScalar} is its plain-Java twin: the fallback, and the
 * oracle the fast path is tested against.
 *
 * <p>Layout: a matrix is an array, an offset and a row stride ("leading dimension"); element
 * {@code (i, j)} of {@code A} is {@code a[aOff + i * lda + j]}. With {@code transA}, the
 * operand is {@code Aᵀ} where {@code A} is stored {@code k × m}.
 *
 * <pre>{@code
 * // C[2×2] = A[2×3] · B[3×2]
 * float[] a = {1, 2, 3,
 *              4, 5, 6};
 * float[] b = {1, 0,
 *              0, 1,
 *              1, 1};
 * float[] c = new float[4];
 * Gemm.sgemm(false, false, 2, 2, 3, a, 0, 3, b, 0, 2, 0f, c, 0, 2);
 * // c = {4, 5, 10, 11}
 * }</pre>
 */
public final class Gemm {
    private Gemm() {
    }

    /**
     * {@code C[m×n] = op(A)[m×k] · op(B)[k×n] + beta·C}. Row-major; {@code op(A) = A}
     * ({@code m×k}, row stride {@code lda}) or, if {@code transA}, {@code Aᵀ} where {@code A}
     * is stored {@code k×m} (row stride {@code lda}). Same for {@code B}. With {@code beta == 0}
     * the old contents of {@code C} are ignored, NaNs included.
     *
     * <pre>{@code
     * // gradient of a linear layer: dW[out×in] = dYᵀ[out×batch] · X[batch×in]
     * Gemm.sgemm(true, false, out, in, batch, dY, 0, out, x, 0, in, 0f, dW, 0, in);
     * }</pre>
     *
     * @param transA use the transpose of the stored {@code A}
     * @param transB use the transpose of the stored {@code B}
     * @param m      rows of {@code C} and {@code op(A)}
     * @param n      columns of {@code C} and {@code op(B)}
     * @param k      columns of {@code op(A)}, rows of {@code op(B)}
     * @param a      storage of {@code A}
     * @param aOff   offset of {@code A[0][0]}
     * @param lda    row stride of the stored {@code A}
     * @param b      storage of {@code B}
     * @param bOff   offset of {@code B[0][0]}
     * @param ldb    row stride of the stored {@code B}
     * @param beta   factor on the old {@code C} ({@code 0}: overwrite, {@code 1}: accumulate)
     * @param c      storage of {@code C}
     * @param cOff   offset of {@code C[0][0]}
     * @param ldc    row stride of {@code C}
     * @throws IllegalArgumentException    if a size is negative or a stride too small
     * @throws ComputeInterruptedException if the calling thread is interrupted during a large product
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        multiply(transA, transB, m, n, k, a, aOff, lda, null, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /**
     * The left operand {@code op(A)[m×k]} of several products, packed once: a convolution
     * multiplies its weights by the unfolded images of one batch after another, and packing
     * the weights for each product cost as much as a tenth of it. Read-only once made, so
     * threads may share it. {@code a} must not change while it is in use: products too small
     * to pay for packing read {@code a} itself, the others the copy made here.
     *
     * <pre>{@code
     * Gemm.PackedA w = Gemm.pack(false, out, k, weights, 0, k);
     * for (int s = 0; s < batch; s++) {
     *     Gemm.sgemm(w, false, l, cols[s], 0, l, 0f, y, s * out * l, l);   // y[s] = W · cols[s]
     * }
     * }</pre>
     */
    public static final class PackedA {
        final boolean transA;
        final int m;
        final int k;
        final float[] a;
        final int aOff;
        final int lda;
        /** op(A) in the fast path's micro-panels (null without the Vector API). */
        final float[] panels;

        private PackedA(boolean transA, int m, int k, float[] a, int aOff, int lda) {
            this.transA = transA;
            this.m = m;
            this.k = k;
            this.a = a;
            this.aOff = aOff;
            this.lda = lda;
            this.panels = Simd.ENABLED ? GemmSimd.packAll(transA, m, k, a, aOff, lda) : null;
        }
    }

    /**
     * Packs {@code op(A)[m×k]} for {@link #sgemm(PackedA, boolean, int, float[], int, int, float, float[], int, int)}.
     * The arguments mean what they mean for {@link #sgemm}.
     *
     * @throws IllegalArgumentException if a size is negative or {@code lda} too small
     */
    public static PackedA pack(boolean transA, int m, int k, float[] a, int aOff, int lda) {
        checkArgs(transA, false, m, 0, k, lda, 0, 0);
        return new PackedA(transA, m, k, a, aOff, lda);
    }

    /**
     * {@code C[m×n] = op(A)[m×k] · op(B)[k×n] + beta·C} with {@code op(A)} packed beforehand by
     * {@link #pack}: the same computation as {@link #sgemm} on the same operands.
     *
     * @throws IllegalArgumentException    if {@code n} is negative or a stride too small
     * @throws ComputeInterruptedException if the calling thread is interrupted during a large product
     */
    public static void sgemm(PackedA a, boolean transB, int n, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        multiply(a.transA, transB, a.m, n, a.k, a.a, a.aOff, a.lda, a.panels, b, bOff, ldb, beta, c, cOff, ldc);
    }

    // Both sgemm forms: panels is op(A) packed by GemmSimd.packAll, or null to pack it block by block.
    private static void multiply(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                                 float[] panels, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        checkArgs(transA, transB, m, n, k, lda, ldb, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        if (Simd.ENABLED) {
            GemmSimd.sgemm(transA, transB, m, n, k, a, aOff, lda, panels, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            sgemmScalar(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /**
     * The plain-Java twin of {@link #sgemm}, same contract: straightforward loops over rows of
     * {@code C} (in parallel for large products). It is the fallback without SIMD and the
     * oracle in tests.
     *
     * <pre>{@code
     * Gemm.sgemmScalar(false, true, m, n, k, a, 0, k, b, 0, k, 0f, c, 0, n);   // C = A · Bᵀ
     * }</pre>
     *
     * @param transA use the transpose of the stored {@code A}
     * @param transB use the transpose of the stored {@code B}
     * @param m      rows of {@code C} and {@code op(A)}
     * @param n      columns of {@code C} and {@code op(B)}
     * @param k      columns of {@code op(A)}, rows of {@code op(B)}
     * @param a      storage of {@code A}
     * @param aOff   offset of {@code A[0][0]}
     * @param lda    row stride of the stored {@code A}
     * @param b      storage of {@code B}
     * @param bOff   offset of {@code B[0][0]}
     * @param ldb    row stride of the stored {@code B}
     * @param beta   factor on the old {@code C} ({@code 0}: overwrite, {@code 1}: accumulate)
     * @param c      storage of {@code C}
     * @param cOff   offset of {@code C[0][0]}
     * @param ldc    row stride of {@code C}
     */
    public static void sgemmScalar(boolean transA, boolean transB, int m, int n, int k,
                                   float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                   float beta, float[] c, int cOff, int ldc) {
        checkArgs(transA, transB, m, n, k, lda, ldb, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        int grain = (int) Math.max(1, (1L << 16) / Math.max(1L, (long) n * k));
        Parallel.forRange(m, grain, (from, to) -> {
            for (int i = from; i < to; i++) {
                int ci = cOff + i * ldc;
                scaleRow(c, ci, n, beta);
                if (transB) {
                    for (int j = 0; j < n; j++) {
                        float sum = 0f;
                        for (int p = 0; p < k; p++) {
                            float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                            sum += av * b[bOff + j * ldb + p];
                        }
                        c[ci + j] += sum;
                    }
                } else {
                    for (int p = 0; p < k; p++) {
                        float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                        int bp = bOff + p * ldb;
                        for (int j = 0; j < n; j++) {
                            c[ci + j] += av * b[bp + j];
                        }
                    }
                }
            }
        });
    }

    /** {@code c[off, off+n) *= beta}, where beta 0 overwrites (NaN-safe) and 1 leaves it be. */
    static void scaleRow(float[] c, int off, int n, float beta) {
        if (beta == 0f) {
            java.util.Arrays.fill(c, off, off + n, 0f);
        } else if (beta != 1f) {
            for (int j = 0; j < n; j++) {
                c[off + j] *= beta;
            }
        }
    }

    private static void checkArgs(boolean transA, boolean transB, int m, int n, int k, int lda, int ldb, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("sgemm: negative size m=" + m + ", n=" + n + ", k=" + k);
        }
        int needA = transA ? m : k;
        int needB = transB ? k : n;
        if (lda < needA || ldb < needB || ldc < n) {
            throw new IllegalArgumentException("sgemm: leading dimension too small: lda=" + lda + " (need >= " + needA
                    + "), ldb=" + ldb + " (need >= " + needB + "), ldc=" + ldc + " (need >= " + n + ")");
        }
    }
}
