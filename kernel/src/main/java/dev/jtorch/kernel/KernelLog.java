package dev.jtorch.kernel;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.time.LocalTime;

/**
 * The kernel's own diagnostics (dropped messages, handler failures). They go to the process's
 * original standard error, which Jupyter shows in the server's terminal, never into a cell's output.
 */
public final class KernelLog {

    // The file descriptor, not System.err: once the kernel captures cell output, System.err is a cell's stream.
    private static final PrintStream ERR = new PrintStream(new FileOutputStream(FileDescriptor.err), true);

    private KernelLog() {
    }

    /** Logs one line prefixed with the time and "[JTorch kernel]". */
    public static void warn(String message) {
        synchronized (ERR) {
            ERR.println(LocalTime.now() + " [JTorch kernel] " + message);
            ERR.flush();
        }
    }

    /** Logs a line and the stack trace of {@code error}. */
    public static void warn(String message, Throwable error) {
        synchronized (ERR) {
            warn(message + ": " + error);
            error.printStackTrace(ERR);
        }
    }
}
