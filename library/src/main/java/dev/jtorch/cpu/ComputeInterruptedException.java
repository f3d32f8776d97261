package dev.jtorch.cpu;

/**
 * Thrown by a {@link Parallel#forRange parallel loop} (and so by every large op built on it)
 * when the calling thread was interrupted: the loop stops handing out chunks, lets the
 * running ones finish, and throws this. The thread's interrupt status stays set, as with
 * {@link java.nio.channels.ClosedByInterruptException}, so the ops that follow stop too.
 *
 * <pre>{@code
 * try {
 *     Gemm.sgemm(false, false, m, n, k, a, 0, k, b, 0, n, 0f, c, 0, n);
 * } catch (ComputeInterruptedException e) {
 *     Thread.interrupted();   // clear the status: the stop has been handled
 * }
 * }</pre>
 */
public final class ComputeInterruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with the message {@code "interrupted"}. */
    public ComputeInterruptedException() {
        super("interrupted");
    }
}
