package dev.jtorch.kernel.eval;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;

/**
 * A signature and its Javadoc as the plain text of an inspect reply or a help page: inline
 * tags resolved ({@code {@code x}} becomes {@code x}), HTML turned into line breaks and
 * indents, and the block tags as "Parameters:", "Returns:" and "Thrown Exceptions:" sections.
 * The formatting is the JDK's own, the one the {@code jshell} tool shows for
 * {@code /doc}: {@code jdk.internal.shellsupport.doc.JavadocFormatter}, which the kernel jar's
 * manifest exports to the kernel ({@code Add-Exports}). Where it is not accessible the
 * comment is shown as written.
 *
 * <pre>{@code
 * String page = JavadocText.format("Tensor Tensor.relu()", "Max(x, 0), as {@code torch.relu}.");
 * // "Tensor Tensor.relu()\nMax(x, 0), as torch.relu."
 * }</pre>
 */
final class JavadocText {
    /** Characters per line of the formatted text: about a notebook pager's width. */
    private static final int WIDTH = 90;
    private static final java.util.regex.Pattern SPACE_BEFORE_PUNCTUATION =
            java.util.regex.Pattern.compile("(?<=\\S) ([.,;:])(?=\\s|$)");
    /** {@code {@link Type#member(args) label}}: type, member and label each optional but one of the first two. */
    private static final java.util.regex.Pattern LINK =
            java.util.regex.Pattern.compile("\\{@link(?:plain)?\\s+([\\w.$]*)(?:#([\\w$]+(?:\\([^)]*\\))?))?(?:\\s+([^}]*))?}");
    private static final Object FORMATTER;
    private static final Method FORMAT;

    static {
        Object formatter = null;
        Method format = null;
        try {
            Class<?> type = Class.forName("jdk.internal.shellsupport.doc.JavadocFormatter");
            Constructor<?> constructor = type.getConstructor(int.class, boolean.class);
            formatter = constructor.newInstance(WIDTH, false);   // false: no terminal escape sequences
            format = type.getMethod("formatJavadoc", String.class, String.class);
            format.invoke(formatter, "probe()", "A {@code probe}.");
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            formatter = null;
            format = null;
        }
        FORMATTER = formatter;
        FORMAT = format;
    }

    private JavadocText() {
    }

    /** The signature, then its Javadoc formatted (or as written, when the formatter is unavailable or fails). */
    static String format(String signature, String javadoc) {
        if (javadoc == null || javadoc.isBlank()) {
            return signature;
        }
        if (FORMAT != null) {
            try {
                String text = ((String) FORMAT.invoke(FORMATTER, signature, readableLinks(javadoc))).strip();
                // the formatter leaves a space after inline code: "as torch.relu ." reads "as torch.relu."
                return SPACE_BEFORE_PUNCTUATION.matcher(text).replaceAll("$1");
            } catch (ReflectiveOperationException | RuntimeException e) {
                // fall through to the comment as written
            }
        }
        return signature + "\n\n" + javadoc.strip();
    }

    /**
     * Links as a reader of Java code names things: {@code {@link #view}} as {@code view},
     * {@code {@link Tensor#view}} as {@code Tensor.view}, a labelled link as its label (the
     * formatter would print {@code #view}).
     */
    static String readableLinks(String javadoc) {
        java.util.regex.Matcher link = LINK.matcher(javadoc);
        StringBuilder out = new StringBuilder();
        while (link.find()) {
            String type = link.group(1);
            String member = link.group(2);
            String label = link.group(3);
            String text = label != null && !label.isBlank() ? label.strip()
                    : "{@code " + (member == null ? type : type.isEmpty() ? member : type + "." + member) + "}";
            link.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(text));
        }
        return link.appendTail(out).toString();
    }
}
