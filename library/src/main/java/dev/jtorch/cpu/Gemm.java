package dev.jtorch.cpu;

/**
 * Row-major single-precision matrix multiply: {@code C = op(A)·op(B) + beta·C}.
 *
 * <pre>{@code
 * Gemm.sgemm(false, false, m, n, k, a, 0, k, b, 0, n, 0f, c, 0, n);
 * }</pre>
 */
public final class Gemm {
    private Gemm() {
    }

    /**
     * C[m×n] = op(A)[m×k] · op(B)[k×n] + beta·C. op(A) is A (m×k, row stride lda) or, if
     * {@code transA}, Aᵀ where A is stored k×m (row stride lda); the same for B. With
     * {@code beta == 0} the old contents of C are ignored (NaNs included).
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        sgemmScalar(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** The plain-Java twin of {@link #sgemm}: the oracle in tests and the fallback. */
    public static void sgemmScalar(boolean transA, boolean transB, int m, int n, int k,
                                   float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                   float beta, float[] c, int cOff, int ldc) {
        float[] row = new float[n];
        for (int i = 0; i < m; i++) {
            java.util.Arrays.fill(row, 0f);
            for (int p = 0; p < k; p++) {
                float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                if (!transB) {
                    int bi = bOff + p * ldb;
                    for (int j = 0; j < n; j++) {
                        row[j] += av * b[bi + j];
                    }
                } else {
                    for (int j = 0; j < n; j++) {
                        row[j] += av * b[bOff + j * ldb + p];
                    }
                }
            }
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                c[ci + j] = beta == 0f ? row[j] : row[j] + beta * c[ci + j];
            }
        }
    }
}
