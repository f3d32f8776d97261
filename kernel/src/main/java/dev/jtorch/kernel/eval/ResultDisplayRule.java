package dev.jtorch.kernel.eval;

import java.io.PrintStream;

/**
 * Which final expression values a cell shows, as IPython decides: an expression written
 * without a closing {@code ;} is shown, one closed by {@code ;} is not; and a print stream
 * is never shown, so a cell ending in {@code System.out.printf("%d%n", n)} shows only what
 * it printed.
 *
 * <pre>{@code
 * ResultDisplayRule.shows("model", model)                      // true
 * ResultDisplayRule.shows("list.add(3);", true)                // false
 * ResultDisplayRule.shows("System.out.printf(\"hi%n\")", out)  // false
 * }</pre>
 */
final class ResultDisplayRule {

    private ResultDisplayRule() {
    }

    /** Whether the value of the expression snippet {@code source} is shown as the cell's result. */
    static boolean shows(String source, Object value) {
        return !(value instanceof PrintStream) && !endsWithSemicolon(source);
    }

    /** Whether the last character of {@code source} outside comments and whitespace is {@code ;}. */
    static boolean endsWithSemicolon(String source) {
        return CodeText.lastChar(CodeText.of(source)) == ';';
    }
}
