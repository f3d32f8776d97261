package dev.jtorch.nn;

import static org.junit.jupiter.api.Assertions.*;

import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Javadoc examples of the layers run as written, in JShell as a notebook runs them, and
 * where a line ends in a shape comment ({@code // [8, 16, 32, 32]}) its result has that shape.
 */
class JavadocExamplesTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/jtorch/nn");
    private static final Pattern EXAMPLE = Pattern.compile("<pre>\\{@code\\n(.*?)\\n\\s*\\*?\\s*}</pre>", Pattern.DOTALL);
    private static final Pattern SHAPE_COMMENT = Pattern.compile("^(.*?);\\s*//\\s*(\\[[0-9, ]+])(.*)$");

    /** Examples that are fragments of a larger program (they use a model or data defined elsewhere). */
    private static final List<String> FRAGMENTS = List.of("BCELoss", "BCEWithLogitsLoss", "CrossEntropyLoss", "DataParallel",
            "L1Loss", "Loss", "MSELoss", "ModuleDict", "ModuleList", "NLLLoss", "SmoothL1Loss", "Summary", "Module");

    private static JShell shell;

    @BeforeAll
    static void start() {
        shell = JShell.builder().executionEngine("local").build();
        shell.addToClasspath(System.getProperty("java.class.path"));
        for (String line : List.of("import dev.jtorch.*;", "import dev.jtorch.nn.*;", "import dev.jtorch.nn.Module;",
                "import dev.jtorch.nn.functional.F;", "import dev.jtorch.nn.init.Init;", "import static dev.jtorch.Torch.*;",
                """
                void checkShape(Tensor t, String expected, String line) {
                    String actual = java.util.Arrays.toString(t.shape());
                    if (!actual.equals(expected)) throw new AssertionError(line + " gives shape " + actual);
                }""")) {
            run(line);
        }
    }

    @AfterAll
    static void stop() {
        shell.close();
    }

    private static String run(String source) {
        String value = null;
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String rest = source;
        while (!rest.isBlank()) {
            var info = analysis.analyzeCompletion(rest);
            if (info.source() == null) {
                fail("example is not a complete statement (" + info.completeness() + "):\n" + source);
            }
            for (SnippetEvent e : shell.eval(info.source())) {
                if (e.exception() != null) {
                    fail("example threw " + e.exception() + " " + e.exception().getMessage() + ":\n" + source);
                }
                if (e.status() == Snippet.Status.REJECTED) {
                    fail("example does not compile: " + shell.diagnostics(e.snippet()).map(d -> d.getMessage(null)).toList()
                            + ":\n" + source);
                }
                value = e.value();
            }
            rest = info.remaining();
        }
        return value;
    }

    @Test
    void layerExamplesRunAndTheirShapesAreRight() throws IOException {
        int examples = 0;
        int shapes = 0;
        List<Path> files;
        try (var list = Files.list(SOURCES)) {
            files = list.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        for (Path file : files) {
            String name = file.getFileName().toString().replace(".java", "");
            if (FRAGMENTS.contains(name)) {
                continue;
            }
            Matcher m = EXAMPLE.matcher(Files.readString(file));
            while (m.find()) {
                examples++;
                // One block per example: one compilation, and its names stay local to it.
                StringBuilder block = new StringBuilder("{\n");
                for (String raw : m.group(1).split("\\n")) {
                    String line = raw.replaceFirst("^\\s*\\*\\s?", "");
                    Matcher shape = SHAPE_COMMENT.matcher(line);
                    if (shape.matches() && !shape.group(3).contains("hidden")) {
                        String statement = shape.group(1);
                        Matcher declaration = Pattern.compile("^var (\\w+) = .*").matcher(statement);
                        String value = declaration.matches() ? declaration.group(1) : null;
                        if (value == null) {
                            value = "shaped" + shapes;
                            statement = "var " + value + " = " + statement;
                        }
                        String quoted = (name + ": " + line).replace("\\", "\\\\").replace("\"", "\\\"");
                        block.append(statement).append(";\ncheckShape(").append(value).append(", \"").append(shape.group(2))
                                .append("\", \"").append(quoted).append("\");\n");
                        shapes++;
                    } else {
                        block.append(line).append('\n');
                    }
                }
                run(block.append("}").toString());
            }
        }
        assertTrue(examples >= 20, "found " + examples + " examples");
        assertTrue(shapes >= 13, "checked " + shapes + " shapes");
    }
}
