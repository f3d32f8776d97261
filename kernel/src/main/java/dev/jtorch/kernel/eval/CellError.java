package dev.jtorch.kernel.eval;

import java.util.List;

/**
 * Why a cell failed, in Jupyter's terms.
 *
 * @param ename     the error's name (an exception class, {@code CompileError}, {@code KeyboardInterrupt})
 * @param evalue    its message
 * @param traceback the lines to show, pointing at the cell's own line numbers
 */
public record CellError(String ename, String evalue, List<String> traceback) {
}
