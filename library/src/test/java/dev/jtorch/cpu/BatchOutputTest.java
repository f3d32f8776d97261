package dev.jtorch.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchOutputTest {

    @AfterEach
    void restoreThreads() {
        Parallel.setNumThreads(Runtime.getRuntime().availableProcessors());
    }

    /** The value sample s writes at position i of its part: never 0, so an unwritten float shows. */
    private static float value(int s, int i) {
        return s * 7919f + i + 1;
    }

    /** Computes a batch and checks every float and that each sample was computed exactly once. */
    private static void check(int n, int perSample) {
        AtomicIntegerArray computed = new AtomicIntegerArray(n);
        float[] out = BatchOutput.compute(n, perSample, AtomicBoolean::new, (s, into, at, busy) -> {
            assertTrue(busy.compareAndSet(false, true), "a workspace in use by two threads at once");
            computed.incrementAndGet(s);
            for (int i = 0; i < perSample; i++) {
                into[at + i] = value(s, i);
            }
            busy.set(false);
        });
        assertEquals((long) n * perSample, out.length);
        for (int s = 0; s < n; s++) {
            assertEquals(1, computed.get(s), "sample " + s + " of " + n + " computed once");
            for (int i = 0; i < perSample; i++) {
                assertEquals(value(s, i), out[s * perSample + i], "sample " + s + " float " + i + " of " + n + " x " + perSample);
            }
        }
    }

    @Test
    void everySampleLandsInPlaceOnOneAndTwoThreads() {
        for (int threads : new int[]{1, 2, 3}) {
            Parallel.setNumThreads(threads);
            // large enough to be computed while it is allocated, small ones, odd batches, a batch of one
            check(64, 32 * 32 * 32);
            check(7, (int) BatchOutput.OVERLAP_MIN / 5);
            check(2, (int) BatchOutput.OVERLAP_MIN);
            check(1, (int) BatchOutput.OVERLAP_MIN * 2);
            check(5, 10);
            check(64, 32 * 32 * 32);   // the side array of an earlier call, reused
        }
    }

    @Test
    void insideAParallelLoopTheBatchIsComputedOnThatThread() {
        Parallel.setNumThreads(2);
        Parallel.forRange(2, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                check(16, (int) BatchOutput.OVERLAP_MIN / 8);
            }
        });
    }
}
