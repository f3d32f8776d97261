package dev.jtorch.kernel.eval;

/**
 * The outcome of running a cell: its final expression's value (when the cell ends in a
 * non-void expression), or the error that stopped it.
 *
 * @param hasValue whether the cell ended in an expression with a value to display
 * @param value    that value (may be null: the expression's value was null)
 * @param error    the error, or null when the cell succeeded
 */
public record CellResult(boolean hasValue, Object value, CellError error) {

    /** A cell that ran to the end without a value to show. */
    public static CellResult nothing() {
        return new CellResult(false, null, null);
    }

    /** A cell whose final expression evaluated to {@code value}. */
    public static CellResult value(Object value) {
        return new CellResult(true, value, null);
    }

    /** A cell stopped by {@code error}. */
    public static CellResult failed(CellError error) {
        return new CellResult(false, null, error);
    }

    /** Whether the cell failed. */
    public boolean failed() {
        return error != null;
    }
}
