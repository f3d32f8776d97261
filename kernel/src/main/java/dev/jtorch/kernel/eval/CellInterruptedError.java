package dev.jtorch.kernel.eval;

/**
 * Thrown inside cell code by the woven stop checks after an interrupt. An {@link Error}, so that
 * a cell's {@code catch (Exception e)} does not swallow it; a {@code catch (Throwable t)} that
 * does is stopped again at its next loop iteration.
 */
public final class CellInterruptedError extends Error {

    /** The error the woven stop check throws. */
    public CellInterruptedError() {
        super("interrupted", null, false, false);
    }
}
