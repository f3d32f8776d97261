package dev.jtorch.kernel.eval;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs typical snippets through JShell so that the JIT compiles the compiler before cells need
 * it (JShell takes two to three times longer for a trivial cell at first than after a few
 * hundred), and draws one small chart so that the first live chart of a session does not wait
 * for fonts and image classes to load (over a second).
 *
 * <p>A short part runs before the first cell; the rest runs one snippet at a time on the cell
 * thread, only while no cell has run for a moment, so that it never delays a cell by more than
 * one snippet and never competes with a burst of cells (which warm the compiler themselves).
 */
final class BackgroundWarmUp {

    private static final List<String> SNIPPETS = List.of(
            "1 + 1",
            "int $jtorchWarmUp = 2 * 3;",
            "String $jtorchWarmUp(String s) { return s.strip(); }",
            "<T extends Comparable<T>> T $jtorchWarmUp(T a, T b) { return a.compareTo(b) > 0 ? a : b; }",
            "record $JtorchWarmUp(int a, double b) { }",
            "java.util.List.of(1, 2, 3).stream().mapToInt(i -> i * i).sum()",
            "for (int $i = 0; $i < 3; $i++) { Math.sqrt($i); }");
    private static final String CHART = "{ var $history = new dev.jtorch.viz.TrainingHistory().autoShow(false);"
            + " $history.log(\"loss\", 1.0); $history.log(\"loss\", 0.5); dev.jtorch.viz.Charts.toPng($history.plot()); }";
    private static final int UP_FRONT_STEPS = 6 * SNIPPETS.size();
    private static final int TOTAL_STEPS = 30 * SNIPPETS.size();
    private static final long QUIET_MILLIS = 250;

    private final ExecutorService cellThread;
    private final Consumer<String> evaluateAndForget;
    private volatile long lastCellNanos = System.nanoTime();

    /**
     * @param cellThread the thread JShell runs on
     * @param evaluateAndForget evaluates a snippet and drops what it defined (cell thread only)
     */
    BackgroundWarmUp(ExecutorService cellThread, Consumer<String> evaluateAndForget) {
        this.cellThread = cellThread;
        this.evaluateAndForget = evaluateAndForget;
    }

    /** Runs the part before the first cell, then leaves the rest for quiet moments (cell thread only). */
    void start() {
        for (int step = 0; step < UP_FRONT_STEPS; step++) {
            evaluateAndForget.accept(SNIPPETS.get(step % SNIPPETS.size()));
        }
        scheduleStep(UP_FRONT_STEPS, 0);
    }

    /** Notes that a cell (or any request that uses JShell) is running now. */
    void cellActivity() {
        lastCellNanos = System.nanoTime();
    }

    private void step(int step) {
        long quietFor = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastCellNanos);
        if (quietFor < QUIET_MILLIS) {
            scheduleStep(step, QUIET_MILLIS - quietFor);
            return;
        }
        evaluateAndForget.accept(step == UP_FRONT_STEPS ? CHART : SNIPPETS.get(step % SNIPPETS.size()));
        scheduleStep(step + 1, 0);
    }

    private void scheduleStep(int step, long delayMillis) {
        if (step >= TOTAL_STEPS || cellThread.isShutdown()) {
            return;
        }
        try {
            if (delayMillis == 0) {
                cellThread.submit(() -> step(step));
            } else {
                CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS, cellThread).execute(() -> step(step));
            }
        } catch (RejectedExecutionException closed) {
            // The evaluator closed meanwhile: nothing left to warm.
        }
    }
}
