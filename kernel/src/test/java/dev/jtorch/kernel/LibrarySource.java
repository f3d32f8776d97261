package dev.jtorch.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The library's own source text, so that tests compare documentation with what the source says. */
final class LibrarySource {

    private static final Path ROOT = Path.of("..", "library", "src", "main", "java", "dev", "jtorch");

    private LibrarySource() {
    }

    /**
     * The first line of the Javadoc comment right above {@code declaration} in {@code dev/jtorch/CLASS.java},
     * without its leading {@code *}.
     */
    static String firstJavadocLine(String className, String declaration) throws IOException {
        String source = Files.readString(ROOT.resolve(className + ".java"));
        int at = source.indexOf(declaration);
        if (at < 0) {
            throw new AssertionError(declaration + " is not in " + className + ".java");
        }
        int open = source.lastIndexOf("/**", at);
        String comment = source.substring(open + 3, source.indexOf("*/", open));
        String firstLine = comment.strip().lines().findFirst().orElseThrow();
        return firstLine.replaceFirst("^\\*\\s*", "").strip();
    }

    /**
     * The first line of that comment as a help page shows it: inline tags resolved
     * ({@code {@code x}} is {@code x}, a link to {@code Type#member} is {@code Type.member})
     * and whitespace collapsed, as {@link #words} leaves a page.
     */
    static String firstJavadocLineAsText(String className, String declaration) throws IOException {
        String target = "[^\\s}(]+(?:\\([^)]*\\))?";
        String line = firstJavadocLine(className, declaration)
                .replaceAll("\\{@link(?:plain)?\\s+" + target + "\\s+([^}]+)}", "$1")     // a label
                .replaceAll("\\{@link(?:plain)?\\s+#(" + target + ")}", "$1")              // a member of this class
                .replaceAll("\\{@link(?:plain)?\\s+([\\w.]+)#(" + target + ")}", "$1.$2")  // a member of another
                .replaceAll("\\{@(?:code|link|linkplain|literal) ([^}]*)}", "$1");
        return words(line);
    }

    /** The words of a text, one space apart: the help formatter rewraps lines. */
    static String words(String text) {
        return String.join(" ", text.strip().split("\\s+"));
    }
}
