package dev.jtorch.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GemmTest {
    private final Random rnd = new Random(42);

    @AfterEach
    void restoreThreads() {
        Parallel.setNumThreads(Runtime.getRuntime().availableProcessors());
    }

    /** One random problem: operands stored with offsets and padded leading dimensions. */
    private final class Problem {
        final boolean transA, transB;
        final int m, n, k, aOff, lda, bOff, ldb, cOff, ldc;
        final float beta;
        final float[] a, b, c;

        Problem(boolean transA, boolean transB, int m, int n, int k, float beta) {
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.beta = beta;
            int aRows = transA ? k : m, aCols = transA ? m : k;
            int bRows = transB ? n : k, bCols = transB ? k : n;
            aOff = rnd.nextInt(5);
            lda = aCols + rnd.nextInt(4);
            bOff = rnd.nextInt(5);
            ldb = bCols + rnd.nextInt(4);
            cOff = rnd.nextInt(5);
            ldc = Math.max(1, n + rnd.nextInt(4));
            a = random(aOff + aRows * lda + 3);
            b = random(bOff + bRows * ldb + 3);
            c = random(cOff + m * ldc + 3);
            if (beta == 0f) {
                java.util.Arrays.fill(c, Float.NaN); // beta 0 must ignore whatever C held
            }
        }

        float opA(int i, int p) {
            return transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
        }

        float opB(int p, int j) {
            return transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
        }

        float[] runFast() {
            float[] out = c.clone();
            Gemm.sgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, out, cOff, ldc);
            return out;
        }

        float[] runPrepacked(Gemm.PackedA packed) {
            float[] out = c.clone();
            Gemm.sgemm(packed, transB, n, b, bOff, ldb, beta, out, cOff, ldc);
            return out;
        }

        float[] runScalar() {
            float[] out = c.clone();
            Gemm.sgemmScalar(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, out, cOff, ldc);
            return out;
        }

        /** Fast path against the scalar twin, element by element, with a bound from |A|·|B|. */
        void check() {
            check(runFast());
        }

        /** {@code fast}, a result of this problem, against the scalar twin (see {@link #check()}). */
        void check(float[] fast) {
            float[] slow = runScalar();
            for (int idx = 0; idx < c.length; idx++) {
                int rel = idx - cOff;
                boolean inC = rel >= 0 && rel / ldc < m && rel % ldc < n;
                if (!inC) {
                    assertEquals(Float.floatToIntBits(c[idx]), Float.floatToIntBits(fast[idx]),
                            "element outside C at " + idx + " was written, " + this);
                    continue;
                }
                int i = rel / ldc, j = rel % ldc;
                double mag = Math.abs(beta == 0f ? 0 : c[idx]);
                for (int p = 0; p < k; p++) {
                    mag += Math.abs(opA(i, p) * opB(p, j));
                }
                double tol = 1e-5 * (mag + 1);
                assertTrue(Math.abs(fast[idx] - slow[idx]) <= tol,
                        "C[" + i + "][" + j + "] fast " + fast[idx] + " scalar " + slow[idx] + ", " + this);
            }
        }

        @Override
        public String toString() {
            return "transA=" + transA + " transB=" + transB + " m=" + m + " n=" + n + " k=" + k + " beta=" + beta
                    + " lda=" + lda + " ldb=" + ldb + " ldc=" + ldc;
        }
    }

    private float[] random(int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) {
            x[i] = rnd.nextFloat() * 2 - 1;
        }
        return x;
    }

    /** Sizes biased towards the edges: 0, 1, around tile and vector multiples. */
    private int edgySize(int max) {
        int[] edges = {0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33};
        return rnd.nextBoolean() ? edges[rnd.nextInt(edges.length)] : rnd.nextInt(max + 1);
    }

    private float randomBeta() {
        float[] betas = {0f, 1f, 0.5f};
        return betas[rnd.nextInt(betas.length)];
    }

    @Test
    void smallRandomProblemsMatchScalarTwinInEveryTransposeCase() {
        for (int trial = 0; trial < 400; trial++) {
            new Problem(rnd.nextBoolean(), rnd.nextBoolean(), edgySize(40), edgySize(40), edgySize(40), randomBeta()).check();
        }
    }

    @Test
    void packedPathMatchesScalarTwinAcrossBlockEdges() {
        // sizes that cross KC (depth), MC (rows) and the micro-tile in every direction
        int[][] shapes = {{67, 45, 300}, {130, 77, 257}, {5, 300, 70}, {300, 7, 90}, {131, 135, 513}, {33, 600, 40}};
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                new Problem((t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], randomBeta()).check();
            }
        }
    }

    @Test
    void aPackedOnceServesEveryRightOperand() {
        // block edges, a convolution's shapes, and shapes that take the small and dot-tile paths
        int[][] shapes = {{67, 45, 300}, {130, 77, 257}, {131, 135, 513}, {64, 512, 288}, {288, 512, 64},
                {32, 27, 1024}, {3, 9, 4}, {5, 1, 40}};
        int threads = Parallel.numThreads();
        try {
            for (int[] s : shapes) {
                for (int t = 0; t < 8; t++) {
                    Parallel.setNumThreads(1 + (t >> 2));
                    Problem p = new Problem((t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], randomBeta());
                    Gemm.PackedA packed = Gemm.pack(p.transA, p.m, p.k, p.a, p.aOff, p.lda);
                    for (int product = 0; product < 2; product++) {
                        p.check(p.runPrepacked(packed));
                        System.arraycopy(random(p.b.length), 0, p.b, 0, p.b.length);   // the next right operand
                    }
                }
            }
        } finally {
            Parallel.setNumThreads(threads);
        }
        float[] x = new float[16];
        assertThrows(IllegalArgumentException.class, () -> Gemm.pack(false, 4, 4, x, 0, 3));
    }

    @Test
    void narrowDeepProductsWithTransposedBMatchScalarTwin() {
        // C narrower than a micro-panel, deep products: the dot-tile path (a first layer's weight gradient)
        int[][] shapes = {{32, 27, 1024}, {5, 3, 300}, {33, 31, 257}, {4, 4, 256}, {130, 9, 700}, {7, 30, 4096}};
        for (int[] s : shapes) {
            for (float beta : new float[] {0f, 1f, 0.5f}) {
                new Problem(false, true, s[0], s[1], s[2], beta).check();
            }
        }
        Parallel.setNumThreads(2);
        new Problem(false, true, 256, 27, 2048, 0f).check();
    }

    @Test
    void matrixVectorShapesMatchScalarTwin() {
        int[][] shapes = {{1, 300, 200}, {3, 500, 100}, {300, 1, 200}, {2, 1, 900}, {1, 1, 5000}};
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                for (int rep = 0; rep < 3; rep++) { // leading dimensions vary: unit and wider
                    new Problem((t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], randomBeta()).check();
                }
            }
        }
    }

    @Test
    void parallelSplitsAlongRowsAndColumnsMatchScalarTwin() {
        Parallel.setNumThreads(3);
        new Problem(false, false, 700, 90, 80, 0f).check();   // m > n: row strips
        new Problem(true, true, 90, 700, 80, 1f).check();     // n > m: column strips
        new Problem(false, true, 520, 530, 60, 0f).check();
        new Problem(false, false, 200, 60, 300, 0f).check(); // 2 row blocks, 4 column panels in 2 groups
        Parallel.setNumThreads(2);
        new Problem(false, false, 100, 70, 300, 0f).check(); // 5 column panels in 3 groups
        Parallel.setNumThreads(1);
        new Problem(true, false, 300, 600, 70, 1f).check();
    }

    @Test
    void randomLargeProblemsOnRandomThreadCountsMatchScalarTwin() {
        for (int trial = 0; trial < 12; trial++) {
            Parallel.setNumThreads(1 + rnd.nextInt(5));
            new Problem(rnd.nextBoolean(), rnd.nextBoolean(), 4 + rnd.nextInt(300), 2 + rnd.nextInt(300),
                    100 + rnd.nextInt(300), randomBeta()).check();
        }
    }

    @Test
    void scalarTwinMatchesDoublePrecisionDefinition() {
        for (int trial = 0; trial < 60; trial++) {
            Problem p = new Problem(rnd.nextBoolean(), rnd.nextBoolean(), edgySize(20), edgySize(20), edgySize(20), randomBeta());
            float[] out = p.runScalar();
            for (int i = 0; i < p.m; i++) {
                for (int j = 0; j < p.n; j++) {
                    double want = p.beta == 0f ? 0 : p.beta * (double) p.c[p.cOff + i * p.ldc + j];
                    double mag = Math.abs(want);
                    for (int q = 0; q < p.k; q++) {
                        want += (double) p.opA(i, q) * p.opB(q, j);
                        mag += Math.abs((double) p.opA(i, q) * p.opB(q, j));
                    }
                    assertEquals(want, out[p.cOff + i * p.ldc + j], 1e-5 * (mag + 1), p.toString());
                }
            }
        }
    }

    @Test
    void betaZeroIgnoresNaNInOutputOnEveryPath() {
        for (int size : new int[] {3, 20, 150}) {
            float[] a = random(size * size), b = random(size * size), c = new float[size * size];
            java.util.Arrays.fill(c, Float.NaN);
            Gemm.sgemm(false, false, size, size, size, a, 0, size, b, 0, size, 0f, c, 0, size);
            for (float v : c) {
                assertFalse(Float.isNaN(v), "NaN leaked through beta=0 at size " + size);
            }
        }
    }

    @Test
    void emptyDepthScalesOutputByBeta() {
        float[] c = {1f, 2f, 3f, 4f};
        Gemm.sgemm(false, false, 2, 2, 0, new float[0], 0, 0, new float[0], 0, 2, 1f, c, 0, 2);
        assertEquals(10f, c[0] + c[1] + c[2] + c[3]);
        Gemm.sgemm(false, false, 2, 2, 0, new float[0], 0, 0, new float[0], 0, 2, 0f, c, 0, 2);
        assertEquals(0f, c[0] + c[1] + c[2] + c[3]);
    }

    @Test
    void javadocExampleGivesItsStatedResult() {
        float[] a = {1, 2, 3, 4, 5, 6};
        float[] b = {1, 0, 0, 1, 1, 1};
        float[] c = new float[4];
        Gemm.sgemm(false, false, 2, 2, 3, a, 0, 3, b, 0, 2, 0f, c, 0, 2);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {4, 5, 10, 11}, c);
    }

    @Test
    void rejectsNegativeSizesAndShortLeadingDimensions() {
        float[] x = new float[16];
        assertThrows(IllegalArgumentException.class, () -> Gemm.sgemm(false, false, -1, 2, 2, x, 0, 2, x, 0, 2, 0f, x, 0, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 2, 4, 3, x, 0, 2, x, 0, 4, 0f, x, 0, 4));
        assertTrue(e.getMessage().contains("lda=2"), e.getMessage());
    }
}
