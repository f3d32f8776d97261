package dev.jtorch.cpu;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The daemon helper threads behind {@link Parallel}: each takes tasks from one shared queue.
 *
 * <p>A training step is a chain of parallel loops tens of microseconds apart. A helper that
 * went to sleep after each loop had to be woken for the next one, which on this kind of
 * machine takes longer than the loop (two threads then trained an MLP slower than one). So
 * after a task a helper keeps polling the queue for {@link #SPIN_NANOS} before it sleeps;
 * the spin is short enough that an idle notebook costs no CPU.
 *
 * <pre>{@code
 * Workers w = new Workers(1, () -> { });
 * w.execute(() -> System.out.println("on a helper"));
 * w.shutdown();
 * }</pre>
 */
final class Workers {
    /** How long an idle helper polls for the next task before it parks. */
    static final long SPIN_NANOS = 200_000;

    /** Ends the helper that takes it. */
    private static final Runnable STOP = () -> {
    };

    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final int size;

    /**
     * Starts {@code size} helpers named {@code jtorch-compute-N}; each first runs
     * {@code markInsideChunk} on itself (so that loops nested in its tasks stay inline).
     */
    Workers(int size, Runnable markInsideChunk) {
        this.size = size;
        for (int i = 1; i <= size; i++) {
            Thread t = new Thread(() -> {
                markInsideChunk.run();
                loop();
            }, "jtorch-compute-" + i);
            t.setDaemon(true);
            t.start();
        }
    }

    /** Hands {@code task} to the next free helper. */
    void execute(Runnable task) {
        queue.offer(task);
    }

    /** Ends every helper once the tasks queued before this call have run. */
    void shutdown() {
        for (int i = 0; i < size; i++) {
            queue.offer(STOP);
        }
    }

    private void loop() {
        while (true) {
            Runnable task = next();
            if (task == STOP) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                // a loop's own errors reach its caller through the loop; this helper keeps serving
            }
        }
    }

    private Runnable next() {
        Runnable task = queue.poll();
        long spinEnd = System.nanoTime() + SPIN_NANOS;
        while (task == null && System.nanoTime() < spinEnd) {
            Thread.onSpinWait();
            task = queue.poll();
        }
        while (task == null) {
            try {
                task = queue.take();
            } catch (InterruptedException e) {
                // helpers are interrupted by no one of ours; keep serving
                LockSupport.parkNanos(1_000_000L);
            }
        }
        return task;
    }
}
