package dev.jtorch.kernel.display;

import java.util.Arrays;

/**
 * The text/plain form of a value, as JShell shows it: strings and chars quoted, arrays with
 * their contents, everything else by {@code toString()}.
 */
final class TextForm {

    private TextForm() {
    }

    static String of(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String text) {
            return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
        }
        if (value instanceof Character c) {
            return "'" + c + "'";
        }
        if (value.getClass().isArray()) {
            String deep = Arrays.deepToString(new Object[] {value});
            return deep.substring(1, deep.length() - 1);
        }
        try {
            return String.valueOf(value);
        } catch (RuntimeException e) {
            return "<" + value.getClass().getName() + ": toString() failed with " + e + ">";
        }
    }
}
