package dev.jtorch.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * This machine's float32 peak: a loop of independent Vector API FMAs on registers only
 * (12 accumulator chains, enough to cover FMA latency times the FMA ports of current x86 cores).
 */
final class Peak {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private Peak() {
    }

    /** GFLOPS of {@code threads} threads each running the FMA loop, best of a few runs. */
    static double gflops(int threads) throws InterruptedException {
        double best = 0;
        for (int rep = 0; rep < 5; rep++) {
            long iters = 20_000_000L;
            Thread[] ts = new Thread[threads];
            float[] sink = new float[threads];
            for (int t = 0; t < threads; t++) {
                int id = t;
                ts[t] = new Thread(() -> sink[id] = loop(iters));
            }
            long t0 = System.nanoTime();
            for (Thread t : ts) {
                t.start();
            }
            for (Thread t : ts) {
                t.join();
            }
            long ns = System.nanoTime() - t0;
            double flops = (double) threads * iters * 12 * S.length() * 2;
            best = Math.max(best, flops / ns);
            if (Float.isNaN(sink[0])) {
                System.out.println();
            }
        }
        return best;
    }

    private static float loop(long iters) {
        FloatVector m = FloatVector.broadcast(S, 0.999999f);
        FloatVector d = FloatVector.broadcast(S, 1e-7f);
        FloatVector a0 = FloatVector.broadcast(S, 1f), a1 = a0.add(1f), a2 = a0.add(2f), a3 = a0.add(3f);
        FloatVector a4 = a0.add(4f), a5 = a0.add(5f), a6 = a0.add(6f), a7 = a0.add(7f);
        FloatVector a8 = a0.add(8f), a9 = a0.add(9f), a10 = a0.add(10f), a11 = a0.add(11f);
        for (long i = 0; i < iters; i++) {
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
            a10 = a10.fma(m, d);
            a11 = a11.fma(m, d);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }
}
