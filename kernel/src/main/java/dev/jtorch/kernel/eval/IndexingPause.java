package dev.jtorch.kernel.eval;

import dev.jtorch.kernel.KernelLog;
import java.lang.reflect.Method;
import jdk.jshell.SourceCodeAnalysis;

/**
 * Holds back JShell's background indexing of the class path while a cell runs, as the
 * {@code jshell} tool does while it evaluates. The index serves completion (the classes a name
 * could be imported from); building it walks every class of the JDK and the class path on a
 * thread of its own, and on a two-core machine that thread took CPU from the first cells of a
 * session. Between cells it goes on.
 *
 * <p>The pause is a method of JShell's own {@link SourceCodeAnalysis} implementation
 * ({@code suspendIndexing}/{@code resumeIndexing}), reached by reflection: the kernel jar's
 * manifest opens {@code jdk.jshell}. Where that is refused the pause does nothing, with one log line.
 *
 * <pre>{@code
 * IndexingPause pause = IndexingPause.of(jshell.sourceCodeAnalysis());
 * pause.suspend();
 * try { runCell(); } finally { pause.resume(); }
 * }</pre>
 */
final class IndexingPause {
    private final SourceCodeAnalysis analysis;
    private final Method suspend;
    private final Method resume;

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

    /** Whether JShell's pause was found (else {@link #suspend} and {@link #resume} do nothing). */
    boolean active() {
        return suspend != null;
    }

    /** Holds indexing back until the matching {@link #resume}. */
    void suspend() {
        invoke(suspend);
    }

    /** Lets indexing go on (after {@link #suspend}). */
    void resume() {
        invoke(resume);
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
