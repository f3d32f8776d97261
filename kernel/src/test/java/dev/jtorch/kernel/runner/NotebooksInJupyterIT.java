package dev.jtorch.kernel.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tutorials executed by Jupyter itself ({@code jupyter nbconvert --to notebook --execute})
 * with the packaged kernel jar, and compared with what the headless runner stores for them:
 * the same cells succeed and produce the same kinds of output. Skipped, saying why, where
 * Jupyter's nbconvert is not installed (Debian: jupyter-nbconvert) or the jar was not built.
 */
class NotebooksInJupyterIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    @ParameterizedTest
    // Text, values, a model, a chart updated in place and a chart as a value: each kind of output once.
    @ValueSource(strings = {"02-linear-regression.ipynb"})
    void jupyterRunsTheTutorialAndStoresWhatTheRunnerStores(String name) throws Exception {
        Path jar = Path.of(System.getProperty("jtorch.kernel.jar", "target/jtorch-kernel.jar"));
        Assumptions.assumeTrue(Files.isRegularFile(jar), "the kernel jar " + jar + " is not built");
        Assumptions.assumeTrue(nbconvertAvailable(), "jupyter nbconvert is not installed (Debian: jupyter-nbconvert)");
        Path notebook = TutorialNotebooksTest.notebookFolder().resolve(name);
        writeKernelSpec(jar);

        Path byJupyter = folder.resolve("jupyter");
        ProcessBuilder nbconvert = new ProcessBuilder("jupyter", "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.kernel_name=jtorch", "--ExecutePreprocessor.timeout=600",
                "--output-dir", byJupyter.toString(), notebook.toString())
                .redirectErrorStream(true)
                .redirectOutput(folder.resolve("nbconvert.log").toFile());
        // Jupyter finds the kernelspec written above, and keeps its connection files here too.
        nbconvert.environment().put("JUPYTER_PATH", folder.toString());
        nbconvert.environment().put("JUPYTER_RUNTIME_DIR", folder.resolve("runtime").toString());
        Process process = nbconvert.start();
        assertTrue(process.waitFor(10, TimeUnit.MINUTES), "nbconvert did not finish in 10 minutes");
        String log = Files.readString(folder.resolve("nbconvert.log"), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), "nbconvert failed on " + name + ":\n" + log);

        Path byRunner = folder.resolve("runner").resolve(name);
        RunResult result = new NotebookRunner().run(notebook, byRunner);
        assertTrue(result.ok(), result.line());

        assertEquals(outputKinds(byRunner), outputKinds(byJupyter.resolve(name)),
                "per code cell, the kinds of output the runner stored vs the ones Jupyter stored");
    }

    // For each code cell: its outputs' types (and stream names), e.g. [stream:stdout, execute_result].
    private static List<List<String>> outputKinds(Path notebook) throws IOException {
        List<List<String>> kinds = new ArrayList<>();
        for (JsonNode cell : JSON.readTree(notebook.toFile()).path("cells")) {
            if (!cell.path("cell_type").asText().equals("code")) {
                continue;
            }
            List<String> cellKinds = new ArrayList<>();
            for (JsonNode output : cell.path("outputs")) {
                String type = output.path("output_type").asText();
                cellKinds.add(output.has("name") ? type + ":" + output.path("name").asText() : type);
            }
            kinds.add(cellKinds);
        }
        return kinds;
    }

    private void writeKernelSpec(Path jar) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path spec = folder.resolve("kernels/jtorch");
        Files.createDirectories(spec);
        var kernel = JSON.createObjectNode();
        kernel.putArray("argv").add(java).add("--add-modules").add("jdk.incubator.vector")
                .add("-Djava.awt.headless=true").add("-jar").add(jar.toAbsolutePath().toString()).add("{connection_file}");
        kernel.put("display_name", "Java (JTorch)");
        kernel.put("language", "java");
        kernel.put("interrupt_mode", "message");
        JSON.writeValue(spec.resolve("kernel.json").toFile(), kernel);
    }

    private boolean nbconvertAvailable() {
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
