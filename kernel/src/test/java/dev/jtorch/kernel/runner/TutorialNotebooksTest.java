package dev.jtorch.kernel.runner;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtorch.data.FashionMNIST;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every tutorial under {@code notebooks/} runs top to bottom through the headless runner, as
 * it does for a reader. The outputs go to a temporary folder, so the build leaves the
 * committed notebooks as they are. The Fashion-MNIST tutorial needs its data set (Debian
 * package dataset-fashion-mnist) and is skipped, saying so, where it is absent.
 */
class TutorialNotebooksTest {

    @TempDir
    Path outputs;

    @TestFactory
    Stream<DynamicTest> everyTutorialRunsToTheEnd() throws IOException {
        List<Path> notebooks = tutorials();
        assertFalse(notebooks.isEmpty(), "no notebooks found under " + notebookFolder());
        NotebookRunner runner = new NotebookRunner();
        return notebooks.stream().map(notebook -> DynamicTest.dynamicTest(notebook.getFileName().toString(), () -> {
            if (notebook.getFileName().toString().contains("fashion-mnist")) {
                Assumptions.assumeTrue(FashionMNIST.isAvailable(), "Fashion-MNIST is not in "
                        + FashionMNIST.DEBIAN_FOLDER + "; apt-get install dataset-fashion-mnist to run this tutorial");
            }
            RunResult result = runner.run(notebook, outputs.resolve(notebook.getFileName()));
            assertTrue(result.ok(), result.line());
        }));
    }

    static List<Path> tutorials() throws IOException {
        try (Stream<Path> files = Files.list(notebookFolder())) {
            return files.filter(file -> file.getFileName().toString().endsWith(".ipynb")).sorted().toList();
        }
    }

    static Path notebookFolder() {
        // Tests run in the kernel module's folder; the tutorials sit beside it.
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath().resolveSibling("notebooks");
    }
}
