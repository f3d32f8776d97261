package dev.jtorch.kernel.eval;

/**
 * The code of a Java snippet without its comments, each string, text block or char literal
 * reduced to its quote character: what is left can be scanned for {@code ;}, {@code ,} or
 * brackets without mistaking a quoted or commented one for code.
 *
 * <pre>{@code
 * CodeText.of("f(\"a;b\") // done;")   // "f(\") "
 * CodeText.lastChar("f(\") ")          // ')'
 * }</pre>
 */
final class CodeText {

    private CodeText() {
    }

    /** {@code source} without comments, its literals reduced to their quote characters. */
    static String of(String source) {
        StringBuilder code = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                int newline = source.indexOf('\n', i);
                i = newline < 0 ? source.length() : newline;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? source.length() : end + 2;
                code.append(' ');
            } else if (c == '"' || c == '\'') {
                i = endOfLiteral(source, i);
                code.append(c);
            } else {
                code.append(c);
                i++;
            }
        }
        return code.toString();
    }

    /** The last character of {@code code} that is not whitespace (0 when there is none). */
    static char lastChar(String code) {
        for (int i = code.length() - 1; i >= 0; i--) {
            if (!Character.isWhitespace(code.charAt(i))) {
                return code.charAt(i);
            }
        }
        return 0;
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
