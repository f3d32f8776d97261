package dev.jtorch.kernel.eval;

/**
 * Thrown where cell code calls {@code System.exit}, {@code Runtime.exit} or {@code Runtime.halt},
 * in whatever way: the call would end the kernel. The cell's error shows this message even when
 * reflection wraps it (in an {@code InvocationTargetException}, say).
 *
 * <pre>{@code
 * System.exit(0);   // in a cell: ExitRefusedException: System.exit(0) was not run: it would end the kernel...
 * }</pre>
 */
public final class ExitRefusedException extends UnsupportedOperationException {

    ExitRefusedException(String message) {
        super(message);
    }
}
