package dev.jtorch.viz;

/** An output that redraws itself at most a few times a second and may hold undrawn changes. */
interface LiveOutput {

    /** Draws the pending changes, if any, now. */
    void flush();
}
