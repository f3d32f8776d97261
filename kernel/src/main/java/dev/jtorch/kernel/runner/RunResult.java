package dev.jtorch.kernel.runner;

import java.util.Locale;

/**
 * How one notebook ran.
 *
 * @param notebook   the notebook's file name
 * @param codeCells  how many code cells ran
 * @param seconds    wall time of the run, kernel start included
 * @param failedCell the 1-based position (among all cells) of the cell that failed, or 0
 * @param error      that cell's error ({@code ename: evalue}), or null
 */
public record RunResult(String notebook, int codeCells, double seconds, int failedCell, String error) {

    /** Whether every cell ran without an error. */
    public boolean ok() {
        return failedCell == 0;
    }

    /** One line for a terminal: name, cells, seconds, then OK or where and why it failed. */
    public String line() {
        String head = String.format(Locale.ROOT, "%s  %d cells  %.1f s  ", notebook, codeCells, seconds);
        return ok() ? head + "OK" : head + "FAILED at cell " + failedCell + ": " + firstLine(error);
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline) + " ...";
    }
}
