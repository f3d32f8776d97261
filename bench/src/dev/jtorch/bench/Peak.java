package dev.jtorch.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * This machine's float32 peak: a loop of independent Vector API FMAs on registers only (10
 * accumulator chains, more than FMA latency × FMA ports on current x86 cores, few enough that
 * C2 keeps them all in registers). Each thread's rate is its flops over its own CPU time, so
 * other processes on a shared machine do not lower the peak (they lower the measured GEMM
 * instead, which makes "% of peak" conservative).
 */
final class Peak {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int ITERS = 10_000_000;
    private static final int CHAINS = 10;

    private Peak() {
    }

    /** GFLOPS of {@code threads} threads each running the FMA loop at once, best of several runs. */
    static double gflops(int threads) throws InterruptedException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double best = 0;
        for (int rep = 0; rep < 12; rep++) {
            double[] rate = new double[threads];
            Thread[] ts = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                int id = t;
                ts[t] = new Thread(() -> {
                    long c0 = mx.getCurrentThreadCpuTime();
                    float sink = loop(ITERS);
                    long ns = mx.getCurrentThreadCpuTime() - c0;
                    rate[id] = sink == 42f ? 0 : (double) ITERS * CHAINS * S.length() * 2 / ns;
                });
            }
            for (Thread t : ts) {
                t.start();
            }
            for (Thread t : ts) {
                t.join();
            }
            double sum = 0;
            for (double r : rate) {
                sum += r;
            }
            best = Math.max(best, sum);
        }
        return best;
    }

    private static float loop(int iters) {
        FloatVector m = FloatVector.broadcast(S, 0.999999f);
        FloatVector d = FloatVector.broadcast(S, 1e-7f);
        FloatVector a0 = FloatVector.broadcast(S, 1f), a1 = a0.add(1f), a2 = a0.add(2f), a3 = a0.add(3f);
        FloatVector a4 = a0.add(4f), a5 = a0.add(5f), a6 = a0.add(6f), a7 = a0.add(7f);
        FloatVector a8 = a0.add(8f), a9 = a0.add(9f);
        for (int i = 0; i < iters; i++) {
            a0 = a0.fma(m, d);
            a1 = a1.fma(m, d);
            a2 = a2.fma(m, d);
            a3 = a3.fma(m, d);
            a4 = a4.fma(m, d);
            a5 = a5.fma(m, d);
            a6 = a6.fma(m, d);
            a7 = a7.fma(m, d);
            a8 = a8.fma(m, d);
            a9 = a9.fma(m, d);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9)
                .reduceLanes(VectorOperators.ADD);
    }
}
