package dev.jtorch.viz;

/** An output that redraws itself at most a few times a second and may hold undrawn changes. */
interface LiveOutput {

    /** Draws the pending changes, if any, now. */
    void flush();

    /**
     * The cell that shows this output has finished: draw what is pending, and if more comes
     * later, show it in the cell running then rather than update the old output far above.
     */
    default void cellFinished() {
        flush();
    }
}
