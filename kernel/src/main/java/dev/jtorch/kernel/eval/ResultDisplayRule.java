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
        char last = 0;
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                int newline = source.indexOf('\n', i);
                i = newline < 0 ? source.length() : newline;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? source.length() : end + 2;
            } else if (c == '"' || c == '\'') {
                i = endOfLiteral(source, i);
                last = c;
            } else {
                if (!Character.isWhitespace(c)) {
                    last = c;
                }
                i++;
            }
        }
        return last == ';';
    }

    // The index just past the string, text block or char literal that starts at `start`.
    private static int endOfLiteral(String source, int start) {
        String quote = source.startsWith("\"\"\"", start) ? "\"\"\"" : String.valueOf(source.charAt(start));
        int i = start + quote.length();
        while (i < source.length()) {
            if (source.charAt(i) == '\\') {
                i += 2;
            } else if (source.startsWith(quote, i)) {
                return i + quote.length();
            } else {
                i++;
            }
        }
        return source.length();
    }
}
