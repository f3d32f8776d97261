package dev.jtorch.kernel.magic;

import java.util.function.Supplier;

/**
 * Times code as IPython's {@code %timeit} does: picks a loop count so that one run takes at
 * least 0.2 s (1, 10, 100, ...), then reports the mean and standard deviation over runs.
 */
final class Timer {

    private static final long TARGET_RUN_NANOS = 200_000_000L;
    private final Supplier<Object> code;
    // Keeps results reachable so the JIT cannot discard the timed work.
    private Object sink;

    Timer(Supplier<Object> code) {
        this.code = code;
    }

    String measure(int fixedLoops, int runs) {
        int loops = fixedLoops > 0 ? fixedLoops : chooseLoops();
        double[] perLoop = new double[runs];
        for (int r = 0; r < runs; r++) {
            perLoop[r] = (double) time(loops) / loops;
        }
        double mean = 0;
        for (double t : perLoop) {
            mean += t;
        }
        mean /= runs;
        double variance = 0;
        for (double t : perLoop) {
            variance += (t - mean) * (t - mean);
        }
        double std = Math.sqrt(variance / runs);
        return Durations.format(mean) + " ± " + Durations.format(std) + " per loop (mean ± std. dev. of " + runs
                + " run" + (runs == 1 ? "" : "s") + ", " + loops + " loop" + (loops == 1 ? "" : "s") + " each)";
    }

    private int chooseLoops() {
        int loops = 1;
        while (true) {
            long elapsed = time(loops);
            if (elapsed >= TARGET_RUN_NANOS || loops >= 100_000_000) {
                return loops;
            }
            loops *= 10;
        }
    }

    private long time(int loops) {
        long start = System.nanoTime();
        for (int i = 0; i < loops; i++) {
            sink = code.get();
        }
        long elapsed = System.nanoTime() - start;
        if (sink == this) {
            throw new AssertionError("unreachable");
        }
        return elapsed;
    }
}
