package dev.jtorch.kernel;

/**
 * Conversions between Jupyter's cursor positions, which count Unicode code points, and Java
 * string indices, which count UTF-16 chars.
 */
final class CodePoints {

    private CodePoints() {
    }

    /** The char index of code point {@code codePoints} in {@code text} (clamped to the text). */
    static int toCharIndex(String text, int codePoints) {
        int count = Math.max(0, Math.min(codePoints, text.codePointCount(0, text.length())));
        return text.offsetByCodePoints(0, count);
    }

    /** The code point index of char index {@code chars} in {@code text}. */
    static int toCodePointIndex(String text, int chars) {
        return text.codePointCount(0, Math.max(0, Math.min(chars, text.length())));
    }

    // Inspect with the cursor inside a name asks about the whole name; JShell wants the cursor at its end.
    static int endOfIdentifier(String text, int cursor) {
        int end = cursor;
        while (end < text.length() && Character.isJavaIdentifierPart(text.charAt(end))) {
            end++;
        }
        return end;
    }
}
