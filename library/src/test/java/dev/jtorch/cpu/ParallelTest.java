package dev.jtorch.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelTest {
    @AfterEach
    void restoreThreads() {
        Parallel.setNumThreads(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void everyIndexRunsExactlyOnce() {
        Random rnd = new Random(7);
        for (int threads : new int[] {1, 2, 3, 5}) {
            Parallel.setNumThreads(threads);
            for (int trial = 0; trial < 30; trial++) {
                int n = rnd.nextInt(5000);
                int grain = 1 + rnd.nextInt(300);
                AtomicIntegerArray hits = new AtomicIntegerArray(n);
                Parallel.forRange(n, grain, (from, to) -> {
                    assertTrue(from < to, "empty chunk " + from);
                    for (int i = from; i < to; i++) {
                        hits.incrementAndGet(i);
                    }
                });
                for (int i = 0; i < n; i++) {
                    assertEquals(1, hits.get(i), "index " + i + " of " + n + " with " + threads + " threads");
                }
            }
        }
    }

    @Test
    void largeWorkUsesMoreThanTheCallingThread() {
        Parallel.setNumThreads(2);
        AtomicInteger others = new AtomicInteger();
        Thread caller = Thread.currentThread();
        Parallel.forRange(64, 1, (from, to) -> {
            if (Thread.currentThread() != caller) {
                others.incrementAndGet();
            }
            sleep(2);
        });
        assertTrue(others.get() > 0, "no chunk ran on a worker");
    }

    @Test
    void idleHelpersSleepSoonAfterTheLastLoop() throws Exception {
        Parallel.setNumThreads(2);
        Parallel.forRange(64, 1, (from, to) -> sleep(1));
        // helpers spin a short while for the next loop of a training step, then park
        Thread.sleep(50 + TimeUnit.NANOSECONDS.toMillis(Workers.SPIN_NANOS));
        long helpers = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("jtorch-compute-") && t.isAlive()) {
                helpers++;
                assertEquals(Thread.State.WAITING, t.getState(), t.getName() + " still busy while idle");
            }
        }
        assertTrue(helpers > 0, "no helper thread found");
    }

    @Test
    void smallWorkAndNestedLoopsStayOnTheirThread() {
        Parallel.setNumThreads(4);
        Thread caller = Thread.currentThread();
        Parallel.forRange(100, 100, (from, to) -> assertSame(caller, Thread.currentThread()));
        AtomicInteger mismatches = new AtomicInteger();
        Parallel.forRange(8, 1, (from, to) -> {
            Thread outer = Thread.currentThread();
            Parallel.forRange(1000, 1, (f, t) -> {
                if (Thread.currentThread() != outer) {
                    mismatches.incrementAndGet();
                }
            });
        });
        assertEquals(0, mismatches.get(), "a nested loop left its thread");
    }

    @Test
    void exceptionInAChunkReachesTheCaller() {
        Parallel.setNumThreads(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () ->
                Parallel.forRange(1000, 1, (from, to) -> {
                    if (from <= 500 && 500 < to) {
                        throw new IllegalStateException("bad index 500");
                    }
                }));
        assertEquals("bad index 500", e.getMessage());
    }

    @Test
    void interruptStopsALongRunAndKeepsTheStatus() throws Exception {
        for (int threads : new int[] {1, 2}) {
            Parallel.setNumThreads(threads);
            AtomicInteger chunksRun = new AtomicInteger();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicReference<Boolean> statusAfter = new AtomicReference<>();
            CountDownLatch started = new CountDownLatch(1);
            Thread t = new Thread(() -> {
                try {
                    Parallel.forRange(10_000, 1, (from, to) -> {
                        started.countDown();
                        chunksRun.addAndGet(to - from);
                        sleep(20);
                    });
                } catch (Throwable e) {
                    thrown.set(e);
                }
                statusAfter.set(Thread.currentThread().isInterrupted());
            });
            t.start();
            assertTrue(started.await(5, TimeUnit.SECONDS));
            t.interrupt();
            t.join(5000);
            assertTrue(!t.isAlive(), "loop did not stop");
            assertTrue(thrown.get() instanceof ComputeInterruptedException, "got " + thrown.get());
            assertEquals("interrupted", thrown.get().getMessage());
            assertTrue(statusAfter.get(), "interrupt status was cleared");
            assertTrue(chunksRun.get() < 10_000, "every index ran despite the interrupt");
        }
    }

    @Test
    void interruptedCallerRunsNothing() {
        AtomicInteger ran = new AtomicInteger();
        Thread.currentThread().interrupt();
        try {
            assertThrows(ComputeInterruptedException.class, () -> Parallel.forRange(10, 1, (f, t) -> ran.incrementAndGet()));
        } finally {
            Thread.interrupted();
        }
        assertEquals(0, ran.get());
    }

    @Test
    void threadCountMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> Parallel.setNumThreads(0));
        Parallel.setNumThreads(3);
        assertEquals(3, Parallel.numThreads());
    }

    private static void sleep(long ms) {
        long end = System.nanoTime() + ms * 1_000_000;
        while (System.nanoTime() < end) {
            Thread.onSpinWait(); // busy, so the interrupt status is not consumed by a sleep
        }
    }
}
