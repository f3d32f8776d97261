package dev.jtorch.kernel.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the iopub messages of a notebook's cells into the outputs Jupyter stores in the
 * notebook file: consecutive text of one stream becomes one {@code stream} output (carriage
 * returns applied, as a terminal would show them); {@code display_data} keeps the last state
 * that {@code update_display_data} gave its display id, in whichever cell it is;
 * {@code clear_output} clears the cell, at once or ({@code wait}) when the next output arrives.
 */
final class NotebookOutputs {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Map<String, List<ObjectNode>> displays = new HashMap<>();
    private ArrayNode cell;
    private boolean clearBeforeNextOutput;

    /** Outputs from now on go to {@code outputs} (the outputs list of the cell that runs). */
    void beginCell(ArrayNode outputs) {
        this.cell = outputs;
        this.clearBeforeNextOutput = false;
    }

    /** Records one iopub message of the running cell; status and unknown types are ignored. */
    void accept(String msgType, ObjectNode content) {
        switch (msgType) {
            case "stream" -> appendStream(content.path("name").asText("stdout"), content.path("text").asText(""));
            case "display_data" -> {
                ObjectNode output = bundle("display_data", content);
                add(output);
                String id = content.path("transient").path("display_id").asText("");
                if (!id.isEmpty()) {
                    displays.computeIfAbsent(id, key -> new ArrayList<>()).add(output);
                }
            }
            case "update_display_data" -> {
                String id = content.path("transient").path("display_id").asText("");
                for (ObjectNode shown : displays.getOrDefault(id, List.of())) {
                    shown.set("data", content.path("data").deepCopy());
                    shown.set("metadata", metadataOf(content));
                }
            }
            case "execute_result" -> {
                ObjectNode output = bundle("execute_result", content);
                output.put("execution_count", content.path("execution_count").asInt());
                add(output);
            }
            case "error" -> {
                ObjectNode output = JSON.objectNode();
                output.put("output_type", "error");
                output.put("ename", content.path("ename").asText(""));
                output.put("evalue", content.path("evalue").asText(""));
                output.set("traceback", content.path("traceback").isArray()
                        ? content.path("traceback").deepCopy() : JSON.arrayNode());
                add(output);
            }
            case "clear_output" -> {
                if (content.path("wait").asBoolean(false)) {
                    clearBeforeNextOutput = true;
                } else {
                    cell.removeAll();
                }
            }
            default -> {
                // status, execute_input, comm messages: nothing to store
            }
        }
    }

    private void appendStream(String name, String text) {
        if (clearBeforeNextOutput) {
            cell.removeAll();
            clearBeforeNextOutput = false;
        }
        JsonNode last = cell.isEmpty() ? null : cell.get(cell.size() - 1);
        if (last != null && last.path("output_type").asText().equals("stream") && last.path("name").asText().equals(name)) {
            ((ObjectNode) last).put("text", applyCarriageReturns(last.path("text").asText() + text));
            return;
        }
        ObjectNode output = JSON.objectNode();
        output.put("output_type", "stream");
        output.put("name", name);
        output.put("text", applyCarriageReturns(text));
        cell.add(output);
    }

    private void add(ObjectNode output) {
        if (clearBeforeNextOutput) {
            cell.removeAll();
            clearBeforeNextOutput = false;
        }
        cell.add(output);
    }

    private static ObjectNode bundle(String outputType, ObjectNode content) {
        ObjectNode output = JSON.objectNode();
        output.put("output_type", outputType);
        output.set("data", content.path("data").isObject() ? content.path("data").deepCopy() : JSON.objectNode());
        output.set("metadata", metadataOf(content));
        return output;
    }

    private static ObjectNode metadataOf(ObjectNode content) {
        return content.path("metadata").isObject() ? content.path("metadata").deepCopy() : JSON.objectNode();
    }

    /**
     * Text as a terminal shows it: on each line, a carriage return (not part of a
     * {@code \r\n}) lets the text after it overwrite the line, so a progress line that
     * redraws itself is stored once, in its last state.
     */
    static String applyCarriageReturns(String text) {
        if (text.indexOf('\r') < 0) {
            return text;
        }
        StringBuilder result = new StringBuilder(text.length());
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            // A line that ends in \r is not finished: keep the \r, so that text arriving later overwrites it.
            int end = line.length();
            while (end > 0 && line.charAt(end - 1) == '\r') {
                end--;
            }
            result.append(line, line.lastIndexOf('\r', end - 1) + 1, end);
            if (end < line.length()) {
                result.append('\r');
            }
            if (i < lines.length - 1) {
                result.append('\n');
            }
        }
        return result.toString();
    }
}
