package dev.jtorch.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The one compute pool: every large op splits its index range into chunks and runs them
 * here, on {@link #numThreads()} threads (the calling thread plus {@code numThreads() - 1}
 * daemon workers).
 *
 * <p>Rules, in the order they are applied by {@link #forRange}:
 * <ul>
 *   <li>Small work stays on the calling thread: a range of at most {@code grain} indices is
 *       one chunk, and with one thread (or when called from inside a chunk, i.e. nested)
 *       all chunks run inline, so the pool is never oversubscribed.</li>
 *   <li>Chunks are handed out one at a time (dynamic scheduling); the caller works too.</li>
 *   <li>Before each chunk the caller's interrupt status is checked. Once it is set no new
 *       chunk starts; the running ones finish and the caller gets a
 *       {@link ComputeInterruptedException}. This is how a notebook's "interrupt" stops a
 *       long matmul.</li>
 *   <li>The first exception thrown by a chunk stops the loop the same way and is rethrown
 *       to the caller.</li>
 * </ul>
 *
 * <pre>{@code
 * Parallel.setNumThreads(2);
 * float[] x = new float[1 << 20];
 * Parallel.forRange(x.length, 1 << 14, (from, to) -> {
 *     for (int i = from; i < to; i++) x[i] = (float) Math.sqrt(i);
 * });
 * }</pre>
 */
public final class Parallel {
    /** Upper bound on chunks per thread: enough for load balance, few enough to be cheap. */
    private static final int CHUNKS_PER_THREAD = 16;

    /** Marks threads that are inside a chunk (workers, and a caller running its share). */
    private static final ThreadLocal<boolean[]> IN_CHUNK = ThreadLocal.withInitial(() -> new boolean[1]);

    private static final Object LOCK = new Object();
    private static volatile int numThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static Workers workers; // guarded by LOCK; created on first parallel use

    private Parallel() {
    }

    /**
     * Sets the number of threads large ops use (the calling thread included). Loops already
     * running keep their helpers; later loops use the new count.
     *
     * <pre>{@code
     * Parallel.setNumThreads(1);   // everything on the calling thread, e.g. for timing
     * }</pre>
     *
     * @param n the thread count, at least 1
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static void setNumThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("setNumThreads: need at least 1 thread, got " + n);
        }
        synchronized (LOCK) {
            if (n == numThreads) {
                return;
            }
            numThreads = n;
            if (workers != null) {
                workers.shutdown(); // helpers end; queued helper tasks still run first and find no work
                workers = null;
            }
        }
    }

    /**
     * The number of threads large ops use; by default the available processors.
     *
     * <pre>{@code
     * int t = Parallel.numThreads();
     * }</pre>
     *
     * @return the thread count, at least 1
     */
    public static int numThreads() {
        return numThreads;
    }

    /**
     * Runs {@code body} over {@code [0, n)} in chunks of at least {@code grain} indices,
     * across the pool when {@code n / grain} makes that worth it, else on the calling thread.
     * Returns when every chunk has run.
     *
     * <pre>{@code
     * Parallel.forRange(rows, 16, (from, to) -> {
     *     for (int r = from; r < to; r++) normalizeRow(r);
     * });
     * }</pre>
     *
     * @param n     number of indices; nothing runs if {@code n <= 0}
     * @param grain the least number of indices worth a chunk of its own (at least 1)
     * @param body  the work of one chunk
     * @throws ComputeInterruptedException if the calling thread was interrupted before or while
     *                                     the loop ran (its interrupt status stays set)
     */
    public static void forRange(int n, int grain, RangeBody body) {
        if (n <= 0) {
            return;
        }
        int threads = numThreads;
        int g = Math.max(1, grain);
        int chunk = Math.max(g, ceilDiv(n, threads * CHUNKS_PER_THREAD));
        int chunks = ceilDiv(n, chunk);
        boolean[] inChunk = IN_CHUNK.get();
        if (threads == 1 || chunks == 1 || inChunk[0]) {
            runInline(n, chunk, chunks, body);
            return;
        }
        Job job = new Job(body, n, chunk, chunks, Thread.currentThread());
        Workers pool = pool();
        int helpers = Math.min(threads - 1, chunks - 1);
        for (int h = 0; h < helpers; h++) {
            pool.execute(job);
        }
        inChunk[0] = true;
        try {
            job.work();
        } finally {
            inChunk[0] = false;
        }
        job.awaitRunningChunks();
        job.rethrow();
    }

    private static void runInline(int n, int chunk, int chunks, RangeBody body) {
        Thread self = Thread.currentThread();
        for (int c = 0; c < chunks; c++) {
            if (self.isInterrupted()) {
                throw new ComputeInterruptedException();
            }
            body.run(c * chunk, Math.min(n, c * chunk + chunk));
        }
    }

    private static Workers pool() {
        synchronized (LOCK) {
            if (workers == null) {
                workers = new Workers(Math.max(1, numThreads - 1), () -> IN_CHUNK.get()[0] = true);
            }
            return workers;
        }
    }

    private static int ceilDiv(int a, int b) {
        return (int) (((long) a + b - 1) / b);
    }

    /** One forRange call: its chunk counter, shared by the caller and the helpers. */
    private static final class Job implements Runnable {
        /** Set into {@link #next} to stop handing out chunks; far from overflow. */
        private static final int CLOSED = Integer.MAX_VALUE / 2;

        private final RangeBody body;
        private final int n;
        private final int chunk;
        private final int chunks;
        private final Thread caller;
        private final AtomicInteger next = new AtomicInteger();
        /** Helpers inside {@link #work}; each registers before it claims a chunk. */
        private final AtomicInteger activeHelpers = new AtomicInteger();
        private final AtomicReference<Throwable> error = new AtomicReference<>();
        private volatile boolean interrupted;

        Job(RangeBody body, int n, int chunk, int chunks, Thread caller) {
            this.body = body;
            this.n = n;
            this.chunk = chunk;
            this.chunks = chunks;
            this.caller = caller;
        }

        /** A helper's entry point: take chunks until none are left. */
        @Override
        public void run() {
            activeHelpers.incrementAndGet();
            try {
                work();
            } finally {
                activeHelpers.decrementAndGet();
                LockSupport.unpark(caller);
            }
        }

        void work() {
            while (true) {
                if (caller.isInterrupted()) {
                    interrupted = true;
                    next.set(CLOSED);
                    return;
                }
                int c = next.getAndIncrement();
                if (c >= chunks) {
                    return;
                }
                try {
                    body.run(c * chunk, Math.min(n, c * chunk + chunk));
                } catch (Throwable t) {
                    error.compareAndSet(null, t);
                    next.set(CLOSED);
                }
            }
        }

        /**
         * Closes the counter and waits for the helpers still inside a chunk. A helper that
         * registers after this point can no longer claim one, so it need not be waited for.
         */
        void awaitRunningChunks() {
            next.set(CLOSED);
            // a helper's last chunk usually ends within microseconds: spin, then sleep
            long spinEnd = System.nanoTime() + Workers.SPIN_NANOS;
            while (activeHelpers.get() > 0 && System.nanoTime() < spinEnd) {
                Thread.onSpinWait();
            }
            while (activeHelpers.get() > 0) {
                // park returns at once while the interrupt status is set: bound the spin
                LockSupport.parkNanos(this, 50_000L);
            }
        }

        void rethrow() {
            Throwable t = error.get();
            if (t instanceof RuntimeException e) {
                throw e;
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) { // a checked exception thrown sneakily
                throw new RuntimeException(t);
            }
            if (interrupted) {
                throw new ComputeInterruptedException();
            }
        }
    }
}
