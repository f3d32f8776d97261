package dev.jtorch.kernel.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs notebooks without Jupyter: each notebook gets a fresh JTorch kernel (started in this
 * JVM and spoken to over the Jupyter protocol on loopback), its code cells run in order, and
 * their outputs (text, values, charts as PNG, errors) are written back into the notebook as
 * Jupyter would store them. The run stops at the first cell that fails; later cells are left
 * without outputs.
 *
 * <pre>{@code
 * RunResult result = new NotebookRunner().run(Path.of("notebooks/01-tensors-and-autograd.ipynb"), null);
 * System.out.println(result.line());   // 01-tensors-and-autograd.ipynb  22 cells  9.8 s  OK
 * }</pre>
 */
public final class NotebookRunner {

    /** How long one cell may run before it is interrupted, unless told otherwise. */
    public static final Duration DEFAULT_CELL_TIMEOUT = Duration.ofMinutes(10);

    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);

    private final Duration cellTimeout;

    /** A runner that interrupts cells running longer than {@link #DEFAULT_CELL_TIMEOUT}. */
    public NotebookRunner() {
        this(DEFAULT_CELL_TIMEOUT);
    }

    /** A runner that interrupts (and fails) any cell running longer than {@code cellTimeout}. */
    public NotebookRunner(Duration cellTimeout) {
        if (cellTimeout.isNegative() || cellTimeout.isZero()) {
            throw new IllegalArgumentException("cell timeout must be positive, got " + cellTimeout);
        }
        this.cellTimeout = cellTimeout;
    }

    /**
     * Runs every code cell of {@code notebook} and writes the notebook with its outputs to
     * {@code destination} (null: back into {@code notebook}).
     *
     * @throws IOException if the notebook cannot be read or written, or the kernel does not start
     */
    public RunResult run(Path notebook, Path destination) throws IOException {
        long start = System.nanoTime();
        ObjectNode document = NotebookFile.read(notebook);
        ArrayNode cells = (ArrayNode) document.get("cells");
        int ran = 0;
        int failedCell = 0;
        String error = null;
        try (LoopbackKernel kernel = LoopbackKernel.start()) {
            ObjectNode info = kernel.kernelInfo(STARTUP_TIMEOUT);
            recordLanguage(document, info);
            NotebookOutputs outputs = new NotebookOutputs();
            for (int i = 0; i < cells.size(); i++) {
                if (!(cells.get(i) instanceof ObjectNode cell) || !cell.path("cell_type").asText().equals("code")) {
                    continue;
                }
                ArrayNode cellOutputs = cell.putArray("outputs");
                cell.putNull("execution_count");
                String source = NotebookFile.text(cell.path("source"));
                if (failedCell != 0 || source.isBlank()) {
                    continue;    // Jupyter does not run empty cells, nor cells after a failure
                }
                outputs.beginCell(cellOutputs);
                ran++;
                LoopbackKernel.Execution execution;
                try {
                    execution = kernel.execute(source, cellTimeout, message -> outputs.accept(message.type(), message.content()));
                } catch (IOException kernelFailure) {
                    failedCell = i + 1;
                    error = kernelFailure.getMessage();
                    continue;
                }
                cell.put("execution_count", execution.executionCount());
                if (execution.timedOut()) {
                    failedCell = i + 1;
                    error = "the cell ran longer than " + cellTimeout.toSeconds() + " s and was interrupted";
                } else if (!execution.status().equals("ok")) {
                    failedCell = i + 1;
                    error = describeError(cellOutputs);
                }
            }
        }
        NotebookFile.write(document, destination == null ? notebook : destination);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new RunResult(notebook.getFileName().toString(), ran, seconds, failedCell, error);
    }

    private static void recordLanguage(ObjectNode document, ObjectNode kernelInfo) {
        ObjectNode metadata = document.path("metadata") instanceof ObjectNode existing ? existing : document.putObject("metadata");
        if (!metadata.path("kernelspec").isObject()) {
            metadata.putObject("kernelspec").put("name", "jtorch").put("display_name", "Java (JTorch)").put("language", "java");
        }
        JsonNode language = kernelInfo.path("language_info");
        if (language.isObject()) {
            metadata.set("language_info", language.deepCopy());
        }
    }

    private static String describeError(ArrayNode cellOutputs) {
        for (JsonNode output : cellOutputs) {
            if (output.path("output_type").asText().equals("error")) {
                return output.path("ename").asText() + ": " + output.path("evalue").asText();
            }
        }
        return "the kernel reported an error without details";
    }
}
