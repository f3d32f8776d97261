package dev.jtorch.kernel.runner;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes notebooks in nbformat 4 JSON, laid out as Jupyter itself writes them (keys
 * sorted, one-space indent, multi-line text as lists of lines), so that a notebook saved by
 * the runner and then by Jupyter differs only where the content does.
 */
final class NotebookFile {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private NotebookFile() {
    }

    /** Reads {@code path}; fails with the file's name when it is not an nbformat 4 notebook. */
    static ObjectNode read(Path path) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(path.toFile());
        } catch (IOException e) {
            throw new IOException(path + " is not a readable notebook: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject() || !root.path("cells").isArray()) {
            throw new IOException(path + " is not a notebook: no \"cells\" list");
        }
        if (root.path("nbformat").asInt() != 4) {
            throw new IOException(path + " has nbformat " + root.path("nbformat") + "; the runner reads nbformat 4");
        }
        return (ObjectNode) root;
    }

    /** The text of a multi-line field, stored either as one string or as a list of lines. */
    static String text(JsonNode field) {
        if (field.isArray()) {
            StringBuilder text = new StringBuilder();
            field.forEach(line -> text.append(line.asText()));
            return text.toString();
        }
        return field.asText("");
    }

    /** Writes {@code notebook} to {@code path} as Jupyter lays it out. */
    static void write(ObjectNode notebook, Path path) throws IOException {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator(""))
                .withObjectIndenter(new DefaultIndenter(" ", "\n"))
                .withArrayIndenter(new DefaultIndenter(" ", "\n"));
        String json = MAPPER.writer(printer).writeValueAsString(layout(notebook, null));
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(path, json + "\n", StandardCharsets.UTF_8);
    }

    // Sorted keys; source, stream text and text/* data as lists of lines, as nbformat writes them.
    private static JsonNode layout(JsonNode node, String key) {
        if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            node.properties().forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
            ObjectNode copy = JSON.objectNode();
            boolean isData = "data".equals(key);
            sorted.forEach((name, value) -> {
                boolean multiLine = name.equals("source") || name.equals("text") || isData && name.startsWith("text/");
                copy.set(name, multiLine && value.isTextual() ? lines(value.asText()) : layout(value, name));
            });
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JSON.arrayNode();
            node.forEach(element -> copy.add(layout(element, null)));
            return copy;
        }
        return node;
    }

    private static ArrayNode lines(String text) {
        ArrayNode lines = JSON.arrayNode();
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                parts.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            parts.add(text.substring(start));
        }
        parts.forEach(lines::add);
        return lines;
    }
}
