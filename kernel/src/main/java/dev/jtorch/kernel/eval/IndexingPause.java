package dev.jtorch.kernel.eval;

import dev.jtorch.kernel.KernelLog;
import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jdk.jshell.SourceCodeAnalysis;

/**
 * Holds back JShell's background indexing of the class path while cells run, and lets it go
 * on once the kernel has been quiet for a while. The index serves completion (package names,
 * the classes a name could be imported from); building it walks every class of the JDK and the
 * class path on a thread of its own, for a few seconds of CPU. On a two-core machine that thread
 * took CPU from the first cells of a session, and JShell only looks at the pause between one
 * module or jar and the next: so the pause is not lifted between two cells that follow each
 * other closely, only after {@code quietMillis} without a cell.
 *
 * <p>The pause is a method of JShell's own {@link SourceCodeAnalysis} implementation
 * ({@code suspendIndexing}/{@code resumeIndexing}), reached by reflection: the kernel jar's
 * manifest opens {@code jdk.jshell}. Where that is refused the pause does nothing, with one log line.
 *
 * <pre>{@code
 * IndexingPause pause = IndexingPause.of(jshell.sourceCodeAnalysis());
 * pause.hold();
 * try { runCell(); } finally { pause.releaseWhenQuiet(1000); }
 * }</pre>
 */
final class IndexingPause {
    private final SourceCodeAnalysis analysis;
    private final Method suspend;
    private final Method resume;
    private boolean held;
    private long holds;

    private IndexingPause(SourceCodeAnalysis analysis, Method suspend, Method resume) {
        this.analysis = analysis;
        this.suspend = suspend;
        this.resume = resume;
    }

    /** The pause for {@code analysis}, doing nothing when JShell's implementation cannot be reached. */
    static IndexingPause of(SourceCodeAnalysis analysis) {
        try {
            Method suspend = analysis.getClass().getDeclaredMethod("suspendIndexing");
            Method resume = analysis.getClass().getDeclaredMethod("resumeIndexing");
            suspend.setAccessible(true);
            resume.setAccessible(true);
            return new IndexingPause(analysis, suspend, resume);
        } catch (ReflectiveOperationException | RuntimeException e) {
            KernelLog.warn("JShell's class-path indexing cannot be paused during cells: " + e);
            return new IndexingPause(analysis, null, null);
        }
    }

    /** Whether JShell's pause was found (else {@link #hold} and {@link #releaseWhenQuiet} do nothing). */
    boolean active() {
        return suspend != null;
    }

    /** Holds indexing back (again, if it was released) and cancels a pending release. */
    synchronized void hold() {
        holds++;
        if (!held) {
            invoke(suspend);
            held = true;
        }
    }

    /** Lets indexing go on after {@code quietMillis}, unless {@link #hold} is called again before. */
    synchronized void releaseWhenQuiet(long quietMillis) {
        long holdsNow = holds;
        CompletableFuture.delayedExecutor(quietMillis, TimeUnit.MILLISECONDS).execute(() -> releaseIfNoHoldSince(holdsNow));
    }

    private synchronized void releaseIfNoHoldSince(long holdsThen) {
        if (held && holds == holdsThen) {
            invoke(resume);
            held = false;
        }
    }

    private void invoke(Method method) {
        if (method == null) {
            return;
        }
        try {
            method.invoke(analysis);
        } catch (ReflectiveOperationException e) {
            KernelLog.warn("pausing JShell's indexing failed: " + e.getCause());
        }
    }
}
