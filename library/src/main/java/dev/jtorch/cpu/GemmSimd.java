package dev.jtorch.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD path of {@link Gemm#sgemm} (loaded only when {@link Simd#ENABLED}); its scalar twin
 * is {@link Gemm#sgemmScalar}.
 *
 * <p>The Goto/BLIS scheme. For each {@code NC}-wide column block of {@code C} and each
 * {@code KC}-deep slice of {@code k}, the slice of {@code op(B)} is packed (in parallel) into
 * {@code NR}-wide micro-panels. Then the units of work, (row block of {@code MC} rows × group
 * of column panels), run on the {@link Parallel} pool: each packs its {@code MC × KC} block of
 * {@code op(A)} into {@code MR}-high micro-panels, and the micro-kernel multiplies one A
 * micro-panel (L1) by each B micro-panel of a {@code JB}-column block (L2) in turn, into an
 * {@code MR × NR} tile held in {@code MR × 2} vector registers. Packing reads either storage
 * order, so transposed operands cost nothing extra; panels are padded with zeros so the
 * micro-kernel never sees an edge, only the write-back does.
 *
 * <p>Products too small to pay for packing, and matrix-vector shapes, take {@link #small}: a
 * row of {@code op(A)} times {@code op(B)} as vector AXPYs, or as dot products.
 */
final class GemmSimd {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /**
     * Micro-tile: MR rows by NR = 2 vectors of columns (4×16 with AVX2). Eight accumulators
     * cover two FMA ports of latency 4; measured on Zen 3, 4×16 runs at peak while 6×16 needs
     * 17 vector registers, and the one C2 spills costs half the speed.
     */
    static final int MR = 4;
    static final int NR = 2 * L;
    /** Depth of a packed slice: a KC×MR A micro-panel and the C rows it updates stay in L1. */
    static final int KC = 256;
    /** Rows of a packed A block: the unit of parallel work. */
    static final int MC = 128;
    /** Columns of a packed B block: KC×NC floats (2 MB) stream from L3, shared by all threads. */
    static final int NC = 2048;

    /** Columns of the packed B slice swept by each A micro-panel: KC×JB floats stay in L2. */
    static final int JB = 256;
    /** Below this many multiply-adds (m·n·k) packing does not pay. */
    static final long SMALL_WORK = 1L << 15;
    /** Below this many multiply-adds a product stays on one thread. */
    static final long PARALLEL_WORK = 1L << 21;
    /** Least B micro-panels per packing chunk. */
    static final int PACK_GRAIN = 8;
    /** Below this many elements {@link #packAll} packs A on the calling thread. */
    static final long SMALL_PACK = 1L << 15;
    /** Least depth for which {@link #dotTiles} beats packing a C narrower than one micro-panel. */
    static final int DOT_DEPTH = 256;

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private GemmSimd() {
    }

    /** Per-thread packing space, allocated once per thread. */
    private static final class Buffers {
        final float[] a = new float[MC * KC];
        final float[] b = new float[KC * NC];
        final float[] tile = new float[MR * NR];
        float[] row = new float[0];

        float[] row(int k) {
            if (row.length < k) {
                row = new float[k];
            }
            return row;
        }
    }

    /**
     * {@link Gemm#sgemm}; {@code packedA} is op(A) packed by {@link #packAll}, or null to pack
     * each block of it here.
     */
    static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                      float[] a, int aOff, int lda, float[] packedA, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        long work = (long) m * n * k;
        if (k == 0 || work < SMALL_WORK || m < MR || n == 1) {
            small(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        if (!transA && transB && n < NR && k >= DOT_DEPTH) {
            dotTiles(m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        if (beta != 0f && beta != 1f) {
            for (int i = 0; i < m; i++) {
                Gemm.scaleRow(c, cOff + i * ldc, n, beta);
            }
        }
        boolean accumulate = beta != 0f;
        int threads = work < PARALLEL_WORK ? 1 : Parallel.numThreads();
        int mBlocks = ceilDiv(m, MC);
        int mPad = ceilDiv(m, MR) * MR;
        float[] bp = BUFFERS.get().b; // the caller's: packed once per slice, read by every thread
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            int panels = ceilDiv(nc, NR);
            // units of work are (row block, group of column panels); with few row blocks the
            // column panels are split too, so that every thread has a couple of units
            int perGroup = ceilDiv(panels, threads == 1 ? 1 : Math.min(panels, ceilDiv(2 * threads, mBlocks)));
            int groups = ceilDiv(panels, perGroup);
            int units = mBlocks * groups;
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                int jcF = jc, pcF = pc;
                Parallel.forRange(panels, PACK_GRAIN, (from, to) ->
                        packB(transB, b, bOff, ldb, pcF, kc, jcF + from * NR, Math.min(nc, to * NR) - from * NR, bp, from * NR * kc));
                boolean add = accumulate || pc > 0;
                Parallel.forRange(units, 1, (from, to) -> {
                    Buffers buf = BUFFERS.get();
                    for (int u = from; u < to; u++) {
                        int ic = (u / groups) * MC;
                        int mc = Math.min(MC, m - ic);
                        int jr0 = (u % groups) * perGroup * NR;
                        int jr1 = Math.min(nc, jr0 + perGroup * NR);
                        if (packedA == null) {
                            packA(transA, a, aOff, lda, ic, mc, pcF, kc, buf.a, 0);
                            macro(mc, kc, jr0, jr1, buf.a, 0, bp, c, cOff + ic * ldc + jcF, ldc, add, buf.tile);
                        } else {
                            macro(mc, kc, jr0, jr1, packedA, pcF * mPad + ic * kc, bp, c, cOff + ic * ldc + jcF, ldc,
                                    add, buf.tile);
                        }
                    }
                });
            }
        }
    }

    /**
     * {@code C[0:mc, jr0:jr1] (+)= Ap · Bp[:, jr0:jr1]} over one packed A block and B slice:
     * one A micro-panel (L1) against every B micro-panel, then the next. This order walks C
     * along its rows, which the hardware prefetcher follows; the other order (BLIS's) jumps a
     * page per C row at every tile and, without a prefetch instruction in Java, spent a fifth
     * of the kernel's time waiting for C on Zen 3.
     */
    private static void macro(int mc, int kc, int jr0, int jr1, float[] ap, int apOff, float[] bp,
                              float[] c, int cOff, int ldc, boolean add, float[] tile) {
        for (int jb = jr0; jb < jr1; jb += JB) {
            int jbEnd = Math.min(jr1, jb + JB);
            for (int ir = 0; ir < mc; ir += MR) {
                int mr = Math.min(MR, mc - ir);
                for (int jr = jb; jr < jbEnd; jr += NR) {
                    kernel(kc, ap, apOff + ir * kc, bp, jr * kc, tile);
                    writeBack(tile, mr, Math.min(NR, jr1 - jr), c, cOff + ir * ldc + jr, ldc, add);
                }
            }
        }
    }

    /**
     * The micro-kernel: {@code tile[MR×NR] = Ap · Bp} over depth {@code kc}, where {@code Ap}
     * holds {@code MR} values per depth step and {@code Bp} {@code NR}. Its scalar twin is the
     * inner loop of {@link Gemm#sgemmScalar}. It has no branch but the loop, so its profile
     * never changes and C2 keeps the loop free of range checks; the write into C, whose
     * branches do change (first depth slice or not, edge tile or not), is {@link #writeBack}.
     */
    private static void kernel(int kc, float[] ap, int ai, float[] bp, int bi, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bo = bi + p * NR;
            int ao = ai + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + L);
            FloatVector a0 = FloatVector.broadcast(S, ap[ao]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, ap[ao + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, ap[ao + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, ap[ao + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
    }

    /** {@code C[0:mr, 0:nr] (+)= tile[0:mr, 0:nr]}: overwrite on the first depth slice with beta 0, else add. */
    private static void writeBack(float[] tile, int mr, int nr, float[] c, int ci, int ldc, boolean add) {
        if (nr == NR) {
            for (int r = 0; r < mr; r++, ci += ldc) {
                FloatVector t0 = FloatVector.fromArray(S, tile, r * NR);
                FloatVector t1 = FloatVector.fromArray(S, tile, r * NR + L);
                if (add) {
                    t0 = t0.add(FloatVector.fromArray(S, c, ci));
                    t1 = t1.add(FloatVector.fromArray(S, c, ci + L));
                }
                t0.intoArray(c, ci);
                t1.intoArray(c, ci + L);
            }
        } else {
            for (int r = 0; r < mr; r++, ci += ldc) {
                for (int j = 0; j < nr; j++) {
                    c[ci + j] = add ? c[ci + j] + tile[r * NR + j] : tile[r * NR + j];
                }
            }
        }
    }

    /**
     * All of {@code op(A)[m×k]} packed as {@link #sgemm} reads it: for each {@code KC}-deep
     * slice (the one starting at depth {@code pc} at {@code pc·mPad}, {@code mPad} being
     * {@code m} rounded up to {@code MR}), the row blocks one after the other as
     * {@link #packA} lays them out (block {@code ic} at {@code ic·kc} within the slice).
     */
    static float[] packAll(boolean transA, int m, int k, float[] a, int aOff, int lda) {
        int mPad = ceilDiv(m, MR) * MR;
        float[] packed = new float[mPad * k];
        int mBlocks = ceilDiv(m, MC);
        int blocks = ceilDiv(k, KC) * mBlocks;
        // a block is one depth slice of one row block (up to MC×KC floats); a small A stays on this thread
        int grain = (long) m * k < SMALL_PACK ? blocks : 1;
        Parallel.forRange(blocks, grain, (from, to) -> {
            for (int block = from; block < to; block++) {
                int pc = block / mBlocks * KC;
                int ic = block % mBlocks * MC;
                int kc = Math.min(KC, k - pc);
                packA(transA, a, aOff, lda, ic, Math.min(MC, m - ic), pc, kc, packed, pc * mPad + ic * kc);
            }
        });
        return packed;
    }

    /**
     * Packs {@code op(A)[ic:ic+mc, pc:pc+kc]} into {@code MR}-row micro-panels from {@code apOff}:
     * panel {@code r} starts at {@code apOff + r·MR·kc} and holds, for each depth step, {@code MR}
     * consecutive values (rows past {@code mc} are zeros).
     */
    static void packA(boolean transA, float[] a, int aOff, int lda, int ic, int mc, int pc, int kc, float[] ap, int apOff) {
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int base = apOff + ir * kc;
            if (transA) { // op(A)(i, p) = a[p·lda + i]: MR values side by side in memory
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (pc + p) * lda + ic + ir;
                    int dst = base + p * MR;
                    for (int r = 0; r < mr; r++) {
                        ap[dst + r] = a[src + r];
                    }
                    for (int r = mr; r < MR; r++) {
                        ap[dst + r] = 0f;
                    }
                }
            } else if (mr == MR) { // op(A)(i, p) = a[i·lda + p]: the 4 (= MR) rows side by side, a step at a time
                int s0 = aOff + (ic + ir) * lda + pc, s1 = s0 + lda, s2 = s1 + lda, s3 = s2 + lda;
                for (int p = 0; p < kc; p++) {
                    int dst = base + p * MR;
                    ap[dst] = a[s0 + p];
                    ap[dst + 1] = a[s1 + p];
                    ap[dst + 2] = a[s2 + p];
                    ap[dst + 3] = a[s3 + p];
                }
            } else { // the last, partial panel: walk each row, scatter with stride MR
                for (int r = 0; r < mr; r++) {
                    int src = aOff + (ic + ir + r) * lda + pc;
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * MR + r] = a[src + p];
                    }
                }
                for (int r = mr; r < MR; r++) {
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * MR + r] = 0f;
                    }
                }
            }
        }
    }

    /**
     * Packs {@code op(B)[pc:pc+kc, jc:jc+nc]} into {@code NR}-column micro-panels: panel
     * {@code j} starts at {@code bpOff + j·NR·kc} and holds, for each depth step, {@code NR} consecutive
     * values (columns past {@code nc} are zeros).
     */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc, float[] bp, int bpOff) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int base = bpOff + jr * kc;
            if (transB) { // op(B)(p, j) = b[j·ldb + p]: walk each stored row, scatter with stride NR
                for (int j = 0; j < nr; j++) {
                    int src = bOff + (jc + jr + j) * ldb + pc;
                    for (int p = 0; p < kc; p++) {
                        bp[base + p * NR + j] = b[src + p];
                    }
                }
                for (int j = nr; j < NR; j++) {
                    for (int p = 0; p < kc; p++) {
                        bp[base + p * NR + j] = 0f;
                    }
                }
            } else { // op(B)(p, j) = b[p·ldb + j]: NR values side by side in memory
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (pc + p) * ldb + jc + jr;
                    int dst = base + p * NR;
                    if (nr == NR) {
                        FloatVector.fromArray(S, b, src).intoArray(bp, dst);
                        FloatVector.fromArray(S, b, src + L).intoArray(bp, dst + L);
                    } else {
                        for (int j = 0; j < nr; j++) {
                            bp[dst + j] = b[src + j];
                        }
                        for (int j = nr; j < NR; j++) {
                            bp[dst + j] = 0f;
                        }
                    }
                }
            }
        }
    }

    /**
     * {@code C = beta·C + A·Bᵀ} for a C narrower than one micro-panel ({@code n < NR}) with
     * deep products: a row of A and a row of B both run along the depth, so a tile of 4 rows
     * of A by 4 rows of B is 16 dot products in 16 vector accumulators, eight loads for 16
     * FMAs and no packing, where the packed path would pad every panel to NR columns (a first
     * layer's weight gradient: 32 × 27, 1,024 deep per image). Rows of A run in parallel.
     */
    private static void dotTiles(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                 float beta, float[] c, int cOff, int ldc) {
        int rowBlocks = ceilDiv(m, 4);
        int grain = (int) Math.max(1, PARALLEL_WORK / Math.max(1L, 4L * n * k));
        Parallel.forRange(rowBlocks, grain, (from, to) -> {
            float[] sums = new float[16];
            for (int rb = from; rb < to; rb++) {
                int i0 = rb * 4;
                int rows = Math.min(4, m - i0);
                for (int j0 = 0; j0 < n; j0 += 4) {
                    int cols = Math.min(4, n - j0);
                    if (rows == 4 && cols == 4) {
                        dot4x4(k, a, aOff + i0 * lda, lda, b, bOff + j0 * ldb, ldb, sums);
                    } else {
                        for (int r = 0; r < rows; r++) {
                            for (int s = 0; s < cols; s++) {
                                sums[r * 4 + s] = VectorMathSimd.dot(a, aOff + (i0 + r) * lda, b, bOff + (j0 + s) * ldb, k);
                            }
                        }
                    }
                    for (int r = 0; r < rows; r++) {
                        int ci = cOff + (i0 + r) * ldc + j0;
                        for (int s = 0; s < cols; s++) {
                            c[ci + s] = beta == 0f ? sums[r * 4 + s] : beta * c[ci + s] + sums[r * 4 + s];
                        }
                    }
                }
            }
        });
    }

    /** {@code sums[r·4 + s] = dot(A row r, B row s)} over depth k for four rows of each, {@code lda}/{@code ldb} apart. */
    private static void dot4x4(int k, float[] a, int ai, int lda, float[] b, int bi, int ldb, float[] sums) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S), c33 = FloatVector.zero(S);
        int p = 0;
        for (int bound = S.loopBound(k); p < bound; p += L) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi + p);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + ldb + p);
            FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * ldb + p);
            FloatVector b3 = FloatVector.fromArray(S, b, bi + 3 * ldb + p);
            FloatVector a0 = FloatVector.fromArray(S, a, ai + p);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            c03 = a0.fma(b3, c03);
            FloatVector a1 = FloatVector.fromArray(S, a, ai + lda + p);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c12 = a1.fma(b2, c12);
            c13 = a1.fma(b3, c13);
            FloatVector a2 = FloatVector.fromArray(S, a, ai + 2 * lda + p);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            c22 = a2.fma(b2, c22);
            c23 = a2.fma(b3, c23);
            FloatVector a3 = FloatVector.fromArray(S, a, ai + 3 * lda + p);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            c32 = a3.fma(b2, c32);
            c33 = a3.fma(b3, c33);
        }
        sums[0] = finish(c00, k, p, a, ai, b, bi);
        sums[1] = finish(c01, k, p, a, ai, b, bi + ldb);
        sums[2] = finish(c02, k, p, a, ai, b, bi + 2 * ldb);
        sums[3] = finish(c03, k, p, a, ai, b, bi + 3 * ldb);
        sums[4] = finish(c10, k, p, a, ai + lda, b, bi);
        sums[5] = finish(c11, k, p, a, ai + lda, b, bi + ldb);
        sums[6] = finish(c12, k, p, a, ai + lda, b, bi + 2 * ldb);
        sums[7] = finish(c13, k, p, a, ai + lda, b, bi + 3 * ldb);
        sums[8] = finish(c20, k, p, a, ai + 2 * lda, b, bi);
        sums[9] = finish(c21, k, p, a, ai + 2 * lda, b, bi + ldb);
        sums[10] = finish(c22, k, p, a, ai + 2 * lda, b, bi + 2 * ldb);
        sums[11] = finish(c23, k, p, a, ai + 2 * lda, b, bi + 3 * ldb);
        sums[12] = finish(c30, k, p, a, ai + 3 * lda, b, bi);
        sums[13] = finish(c31, k, p, a, ai + 3 * lda, b, bi + ldb);
        sums[14] = finish(c32, k, p, a, ai + 3 * lda, b, bi + 2 * ldb);
        sums[15] = finish(c33, k, p, a, ai + 3 * lda, b, bi + 3 * ldb);
    }

    /** A dot product from its vector accumulator and the depth steps {@code [p, k)} past the last whole vector. */
    private static float finish(FloatVector acc, int k, int p, float[] a, int ar, float[] b, int br) {
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (int q = p; q < k; q++) {
            sum = Math.fma(a[ar + q], b[br + q], sum);
        }
        return sum;
    }

    /**
     * Products that packing does not pay for: small ones, and the matrix-vector shapes
     * ({@code m < MR}, or {@code n == 1}) where packing would copy the big operand once more
     * than the product reads it. Row by row of C: {@code C[i,:] += op(A)[i,p] · op(B)[p,:]} as
     * vector AXPYs, or {@code C[i,j] += dot(op(A)[i,:], op(B)[:,j])} when that column is
     * contiguous ({@code B} transposed, or a single column with unit stride). Rows run in
     * parallel when there is enough work.
     */
    private static void small(boolean transA, boolean transB, int m, int n, int k,
                              float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                              float beta, float[] c, int cOff, int ldc) {
        boolean dots = transB || n == 1 && ldb == 1;
        int grain = (int) Math.max(1, PARALLEL_WORK / Math.max(1L, (long) n * k));
        Parallel.forRange(m, grain, (from, to) -> {
            float[] row = transA ? BUFFERS.get().row(k) : a; // op(A)'s row i, contiguous
            for (int i = from; i < to; i++) {
                int ci = cOff + i * ldc;
                int ri = transA ? 0 : aOff + i * lda;
                if (transA) {
                    for (int p = 0; p < k; p++) {
                        row[p] = a[aOff + p * lda + i];
                    }
                }
                Gemm.scaleRow(c, ci, n, beta);
                if (dots) {
                    int step = transB ? ldb : 1;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += VectorMathSimd.dot(row, ri, b, bOff + j * step, k);
                    }
                } else {
                    for (int p = 0; p < k; p++) {
                        VectorMathSimd.axpy(row[ri + p], b, bOff + p * ldb, c, ci, n);
                    }
                }
            }
        });
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
