package dev.jtorch.kernel.eval;

/**
 * Called from cell code: the kernel weaves {@link #stopCheck()} into every method entry and
 * backward branch of snippet classes, and redirects {@code System.exit}, {@code Runtime.exit}
 * and {@code Runtime.halt} here, so that an interrupt stops a loop and no cell ends the kernel
 * (calls that reach them in other ways are refused by {@link ExitGuard}).
 * Public only because woven snippet code must be able to call it.
 */
public final class CellGuard {

    private static volatile boolean stopRequested;

    private CellGuard() {
    }

    /** Throws {@link CellInterruptedError} once the kernel was asked to interrupt the cell. */
    public static void stopCheck() {
        if (stopRequested) {
            throw new CellInterruptedError();
        }
    }

    /** Stands in for {@code System.exit(status)} in cell code. */
    public static void exit(int status) {
        throw refuse("System.exit(" + status + ")");
    }

    /** Stands in for {@code Runtime.getRuntime().exit(status)} in cell code. */
    public static void runtimeExit(Runtime runtime, int status) {
        throw refuse("Runtime.exit(" + status + ")");
    }

    /** Stands in for {@code Runtime.getRuntime().halt(status)} in cell code. */
    public static void runtimeHalt(Runtime runtime, int status) {
        throw refuse("Runtime.halt(" + status + ")");
    }

    static ExitRefusedException refuse(String call) {
        return new ExitRefusedException(call + " was not run: it would end the kernel and lose every "
                + "variable. To start afresh use Kernel > Restart; to stop a cell, throw an exception or return.");
    }

    static void requestStop() {
        stopRequested = true;
    }

    static void reset() {
        stopRequested = false;
    }

    static boolean stopRequested() {
        return stopRequested;
    }
}
