package dev.jtorch.kernel.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jtorch.data.FashionMNIST;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every tutorial executed by Jupyter itself ({@code jupyter nbconvert --to notebook --execute})
 * with the kernel that {@code ./install} registers, as a reader running them in Jupyter would.
 * Each must finish without an error output and store, cell by cell, the same kinds of output as
 * the committed notebook (written by the headless runner): the same streams, results and
 * displays with the same formats, so a chart committed as PNG is drawn as PNG by Jupyter too.
 * Skipped, saying why, where nbconvert is not installed (Debian: jupyter-nbconvert) or the jar
 * was not built; the Fashion-MNIST tutorial is skipped where its data set is absent.
 */
class NotebooksInJupyterIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path INSTALL = Path.of("..", "install").toAbsolutePath().normalize();
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    // Two notebooks at a time: each kernel spends its first seconds compiling on one core.
    private static final int NOTEBOOKS_AT_ONCE = 2;

    @TempDir
    Path folder;

    @TestFactory
    Stream<DynamicTest> jupyterRunsEveryTutorialAndStoresWhatIsCommitted() throws Exception {
        Path jar = Path.of(System.getProperty("jtorch.kernel.jar", "target/jtorch-kernel.jar"));
        Assumptions.assumeTrue(Files.isRegularFile(jar), "the kernel jar " + jar + " is not built");
        Assumptions.assumeTrue(nbconvertAvailable(), "jupyter nbconvert is not installed (Debian: jupyter-nbconvert)");
        List<Path> notebooks = TutorialNotebooksTest.tutorials();
        assertFalse(notebooks.isEmpty(), "no notebooks found under " + TutorialNotebooksTest.notebookFolder());
        Path dataDir = folder.resolve("jupyter-data");
        install(dataDir);

        ExecutorService pool = Executors.newFixedThreadPool(NOTEBOOKS_AT_ONCE, Thread.ofPlatform().daemon().factory());
        Map<Path, Future<Path>> executed = new LinkedHashMap<>();
        for (Path notebook : notebooks) {
            if (!needsMissingFashionMnist(notebook)) {
                executed.put(notebook, pool.submit(() -> executeInJupyter(notebook, dataDir)));
            }
        }
        pool.shutdown();
        return notebooks.stream().map(notebook -> DynamicTest.dynamicTest(notebook.getFileName().toString(), () -> {
            Assumptions.assumeFalse(needsMissingFashionMnist(notebook), "Fashion-MNIST is not in "
                    + FashionMNIST.DEBIAN_FOLDER + "; apt-get install dataset-fashion-mnist to run this tutorial");
            Path byJupyter = executed.get(notebook).get(15, TimeUnit.MINUTES);
            assertEquals(List.of(), errorOutputs(byJupyter), "error outputs Jupyter stored for " + notebook.getFileName());
            assertEquals(outputKinds(notebook), outputKinds(byJupyter),
                    "per code cell, the outputs committed in " + notebook.getFileName() + " vs the ones Jupyter stored"
                            + " (if the notebook changed, store its new outputs with notebooks/run)");
            assertEveryImageIsAPng(byJupyter);
        }));
    }

    private static boolean needsMissingFashionMnist(Path notebook) {
        return notebook.getFileName().toString().contains("fashion-mnist") && !FashionMNIST.isAvailable();
    }

    private Path executeInJupyter(Path notebook, Path dataDir) throws IOException, InterruptedException {
        String name = notebook.getFileName().toString();
        Path outputDir = folder.resolve("executed");
        Path log = folder.resolve(name + ".log");
        ProcessBuilder nbconvert = new ProcessBuilder("jupyter", "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.kernel_name=jtorch", "--ExecutePreprocessor.timeout=600",
                "--output-dir", outputDir.toString(), notebook.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // Jupyter finds the kernelspec ./install wrote there, and keeps its connection files apart.
        nbconvert.environment().put("JUPYTER_DATA_DIR", dataDir.toString());
        nbconvert.environment().put("JUPYTER_RUNTIME_DIR", folder.resolve("runtime-" + name).toString());
        Process process = nbconvert.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("nbconvert did not finish " + name + " in 10 minutes");
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), "nbconvert failed on " + name + ":\n" + output);
        return outputDir.resolve(name);
    }

    // For each code cell: its outputs' types, stream names and formats, e.g. [stream:stdout, display_data[image/png, text/plain]].
    private static List<List<String>> outputKinds(Path notebook) throws IOException {
        List<List<String>> kinds = new ArrayList<>();
        for (JsonNode cell : codeCells(notebook)) {
            List<String> cellKinds = new ArrayList<>();
            for (JsonNode output : cell.path("outputs")) {
                String kind = output.path("output_type").asText();
                if (output.has("name")) {
                    kind += ":" + output.path("name").asText();
                }
                if (output.has("data")) {
                    List<String> formats = new ArrayList<>();
                    output.path("data").fieldNames().forEachRemaining(formats::add);
                    kind += formats.stream().sorted().toList();
                }
                cellKinds.add(kind);
            }
            kinds.add(cellKinds);
        }
        return kinds;
    }

    private static List<String> errorOutputs(Path notebook) throws IOException {
        List<String> errors = new ArrayList<>();
        for (JsonNode cell : codeCells(notebook)) {
            for (JsonNode output : cell.path("outputs")) {
                if (output.path("output_type").asText().equals("error")) {
                    errors.add(output.path("ename").asText() + ": " + output.path("evalue").asText());
                }
            }
        }
        return errors;
    }

    private static void assertEveryImageIsAPng(Path notebook) throws IOException {
        for (JsonNode cell : codeCells(notebook)) {
            for (JsonNode output : cell.path("outputs")) {
                JsonNode png = output.path("data").path("image/png");
                if (!png.isMissingNode()) {
                    byte[] image = Base64.getMimeDecoder().decode(png.asText());
                    assertTrue(image.length > 1000 && Arrays.equals(PNG_SIGNATURE, Arrays.copyOf(image, 8)),
                            "a chart of " + notebook.getFileName() + " is not a drawn PNG (" + image.length + " bytes)");
                }
            }
        }
    }

    private static List<JsonNode> codeCells(Path notebook) throws IOException {
        List<JsonNode> cells = new ArrayList<>();
        for (JsonNode cell : JSON.readTree(notebook.toFile()).path("cells")) {
            if (cell.path("cell_type").asText().equals("code")) {
                cells.add(cell);
            }
        }
        return cells;
    }

    private static void install(Path dataDir) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", INSTALL.toString(), "--no-build").redirectErrorStream(true);
        builder.environment().put("JUPYTER_DATA_DIR", dataDir.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "./install did not finish in 2 minutes:\n" + output);
        assertEquals(0, process.exitValue(), "./install --no-build failed:\n" + output);
    }

    private static boolean nbconvertAvailable() {
        try {
            Process probe = new ProcessBuilder("jupyter", "nbconvert", "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
