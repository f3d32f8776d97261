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
}
