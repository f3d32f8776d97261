package dev.jtorch.kernel.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner on a small generated notebook: what it stores for each kind of output, and how it
 * reports a failing cell. One kernel run serves all the checks, to keep the suite fast.
 */
class NotebookRunnerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path folder;

    private static Path source;
    private static Path written;
    private static RunResult result;
    private static List<JsonNode> cells;

    @BeforeAll
    static void runSampleNotebook() throws IOException {
        source = folder.resolve("sample.ipynb");
        writeNotebook(source,
                markdown("# A sample"),
                code("System.out.println(\"hello\");\nSystem.err.println(\"careful\");"),
                code("var answer = 6 * 7;\nanswer"),
                code("display(\"first\", \"progress\");"),
                code("updateDisplay(\"progress\", \"final state\");\nSystem.out.print(\"10%\\r\");\nSystem.out.println(\"100%\");"),
                code("System.out.println(\"gone\");\nclearOutput(true);\nSystem.out.println(\"kept\");"),
                code(""),
                code("int x = 1;\nthrow new IllegalStateException(\"boom at \" + x);"),
                code("System.out.println(\"never runs\");"));
        written = folder.resolve("out/sample-run.ipynb");
        result = new NotebookRunner().run(source, written);
        cells = new ArrayList<>();
        JSON.readTree(written.toFile()).path("cells").forEach(cells::add);
    }

    @Test
    void printedTextBecomesStreamOutputsPerStream() {
        ArrayNode outputs = outputs(1);
        assertEquals(2, outputs.size(), outputs.toString());
        assertEquals("stdout", outputs.get(0).path("name").asText());
        assertEquals("hello\n", text(outputs.get(0).path("text")));
        assertEquals("stderr", outputs.get(1).path("name").asText());
        assertEquals("careful\n", text(outputs.get(1).path("text")));
    }

    @Test
    void finalExpressionBecomesExecuteResultWithItsCount() {
        ArrayNode outputs = outputs(2);
        assertEquals(1, outputs.size(), outputs.toString());
        assertEquals("execute_result", outputs.get(0).path("output_type").asText());
        assertEquals("42", text(outputs.get(0).path("data").path("text/plain")));
        assertEquals(cells.get(2).path("execution_count").asInt(), outputs.get(0).path("execution_count").asInt());
        assertEquals(2, cells.get(2).path("execution_count").asInt());
    }

    @Test
    void displayKeepsTheLastStateItsIdWasUpdatedTo() {
        ArrayNode shown = outputs(3);
        assertEquals(1, shown.size(), shown.toString());
        assertEquals("display_data", shown.get(0).path("output_type").asText());
        String text = text(shown.get(0).path("data").path("text/plain"));
        assertTrue(text.contains("final state"), text);
        assertFalse(shown.get(0).has("transient"), "transient is not stored in notebooks");
    }

    @Test
    void carriageReturnOverwritesTheLine() {
        ArrayNode outputs = outputs(4);
        assertEquals("100%\n", text(outputs.get(0).path("text")));
    }

    @Test
    void clearOutputWithWaitClearsWhenTheNextOutputArrives() {
        ArrayNode outputs = outputs(5);
        assertEquals(1, outputs.size(), outputs.toString());
        assertEquals("kept\n", text(outputs.get(0).path("text")));
    }

    @Test
    void emptyCellIsNotRun() {
        assertTrue(cells.get(6).path("execution_count").isNull());
        assertEquals(0, outputs(6).size());
    }

    @Test
    void exceptionBecomesErrorOutputAndStopsTheRun() {
        ArrayNode outputs = outputs(7);
        JsonNode error = outputs.get(outputs.size() - 1);
        assertEquals("error", error.path("output_type").asText());
        assertTrue(error.path("ename").asText().contains("IllegalStateException"), error.toString());
        assertTrue(error.path("evalue").asText().contains("boom at 1"), error.toString());
        assertTrue(error.path("traceback").isArray() && !error.path("traceback").isEmpty());

        assertTrue(cells.get(8).path("execution_count").isNull(), "a cell after the failure does not run");
        assertEquals(0, outputs(8).size());
    }

    @Test
    void resultNamesTheFailingCellAndItsError() {
        assertFalse(result.ok());
        assertEquals(8, result.failedCell());
        assertEquals(6, result.codeCells());
        assertTrue(result.line().startsWith("sample.ipynb  6 cells  "), result.line());
        assertTrue(result.line().contains("FAILED at cell 8: "), result.line());
        assertTrue(result.line().contains("boom at 1"), result.line());
    }

    @Test
    void writtenNotebookKeepsMarkdownAndRecordsTheLanguage() throws IOException {
        JsonNode notebook = JSON.readTree(written.toFile());
        assertEquals(4, notebook.path("nbformat").asInt());
        assertEquals("java", notebook.path("metadata").path("language_info").path("name").asText());
        assertEquals("jtorch", notebook.path("metadata").path("kernelspec").path("name").asText());
        assertEquals("# A sample", text(cells.get(0).path("source")));
        assertEquals("markdown", cells.get(0).path("cell_type").asText());
        assertFalse(cells.get(0).has("outputs"));
        JsonNode original = JSON.readTree(source.toFile());
        assertTrue(original.path("cells").get(1).path("outputs").isEmpty(), "the source notebook is left as it was");
    }

    @Test
    void commandExitsNonZeroAndPrintsOneLinePerNotebook() throws IOException {
        Path ok = folder.resolve("ok.ipynb");
        writeNotebook(ok, code("System.out.println(1 + 1);"));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int status = RunCommand.run(List.of(ok.toString(), source.toString(), "-o", folder.resolve("runs").toString()),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, status, lines.toString());
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("ok.ipynb  1 cells  ") && lines.get(0).endsWith("  OK"), lines.get(0));
        assertTrue(lines.get(1).contains("FAILED at cell 8"), lines.get(1));
        JsonNode okRun = JSON.readTree(folder.resolve("runs/ok.ipynb").toFile());
        assertEquals("2\n", text(okRun.path("cells").get(0).path("outputs").get(0).path("text")));
    }

    @Test
    void commandRefusesBadArguments() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        assertEquals(2, RunCommand.run(List.of(), out));
        assertEquals(2, RunCommand.run(List.of("a.ipynb", "--timeout", "soon"), out));
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("usage: run NOTEBOOK"));
    }

    @Test
    void cellRunningPastTheTimeoutIsInterruptedAndFails() throws IOException {
        Path endless = folder.resolve("endless.ipynb");
        writeNotebook(endless, code("long spins = 0;\nwhile (true) { spins++; }"), code("System.out.println(\"after\");"));
        RunResult timedOut = new NotebookRunner(Duration.ofSeconds(3)).run(endless, folder.resolve("endless-run.ipynb"));
        assertFalse(timedOut.ok());
        assertEquals(1, timedOut.failedCell());
        assertTrue(timedOut.error().contains("longer than 3 s"), timedOut.error());
        assertTrue(timedOut.seconds() < 60, "the interrupt stopped the cell: " + timedOut.line());
    }

    @Test
    void carriageReturnsKeepAnUnfinishedLineOpen() {
        assertEquals("b\nd", NotebookOutputs.applyCarriageReturns("a\rb\nc\rd"));
        assertEquals("x\r", NotebookOutputs.applyCarriageReturns("50%\rx\r"));
        assertEquals("line\n", NotebookOutputs.applyCarriageReturns("line\r\n"));
    }

    private static ArrayNode outputs(int cell) {
        return (ArrayNode) cells.get(cell).path("outputs");
    }

    private static String text(JsonNode multiLine) {
        return NotebookFile.text(multiLine);
    }

    private static ObjectNode markdown(String source) {
        ObjectNode cell = JsonNodeFactory.instance.objectNode();
        cell.put("cell_type", "markdown");
        cell.putObject("metadata");
        cell.put("source", source);
        return cell;
    }

    private static ObjectNode code(String source) {
        ObjectNode cell = JsonNodeFactory.instance.objectNode();
        cell.put("cell_type", "code");
        cell.putNull("execution_count");
        cell.putObject("metadata");
        cell.putArray("outputs");
        cell.put("source", source);
        return cell;
    }

    private static void writeNotebook(Path path, ObjectNode... cellList) throws IOException {
        ObjectNode notebook = JsonNodeFactory.instance.objectNode();
        ArrayNode array = notebook.putArray("cells");
        for (ObjectNode cell : cellList) {
            array.add(cell);
        }
        notebook.putObject("metadata");
        notebook.put("nbformat", 4);
        notebook.put("nbformat_minor", 4);
        Files.writeString(path, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(notebook));
    }
}
