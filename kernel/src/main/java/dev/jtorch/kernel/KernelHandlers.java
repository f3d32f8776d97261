package dev.jtorch.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtorch.kernel.channel.Request;
import dev.jtorch.kernel.channel.RequestHandler;
import dev.jtorch.kernel.display.DisplayPublisher;
import dev.jtorch.kernel.eval.CellError;
import dev.jtorch.kernel.eval.CellInterrupts;
import dev.jtorch.kernel.eval.CellResult;
import dev.jtorch.kernel.eval.Evaluator;
import dev.jtorch.kernel.io.OutputRouter;
import dev.jtorch.kernel.io.StdinBridge;
import dev.jtorch.kernel.magic.Magics;
import dev.jtorch.kernel.wire.Header;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel's answer to each request type, as tables from {@code msg_type} to handler: one
 * for the shell channel, one for the control channel (which must answer while a cell runs,
 * so it holds only what never waits for the cell thread).
 */
final class KernelHandlers {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Evaluator evaluator;
    private final Magics magics;
    private final OutputRouter output;
    private final StdinBridge stdin;
    private final DisplayPublisher display;
    private final History history = new History();
    private final Runnable onShutdown;
    private int executionCount;

    KernelHandlers(Evaluator evaluator, Magics magics, OutputRouter output, StdinBridge stdin,
                   DisplayPublisher display, Runnable onShutdown) {
        this.evaluator = evaluator;
        this.magics = magics;
        this.output = output;
        this.stdin = stdin;
        this.display = display;
        this.onShutdown = onShutdown;
    }

    Map<String, RequestHandler> shellTable() {
        return Map.of(
                "kernel_info_request", this::kernelInfo,
                "execute_request", this::execute,
                "complete_request", this::complete,
                "inspect_request", this::inspect,
                "is_complete_request", this::isComplete,
                "history_request", this::history,
                "comm_info_request", this::commInfo,
                "shutdown_request", this::shutdown);
    }

    Map<String, RequestHandler> controlTable() {
        return Map.of(
                "kernel_info_request", this::kernelInfo,
                "interrupt_request", this::interrupt,
                "shutdown_request", this::shutdown);
    }

    private void kernelInfo(Request request) {
        ObjectNode content = ok();
        content.put("protocol_version", Header.PROTOCOL_VERSION);
        content.put("implementation", "jtorch");
        content.put("implementation_version", version());
        ObjectNode language = content.putObject("language_info");
        language.put("name", "java");
        language.put("version", Runtime.version().toString());
        language.put("mimetype", "text/x-java-source");
        language.put("file_extension", ".jshell");
        language.put("pygments_lexer", "java");
        language.put("codemirror_mode", "text/x-java");
        content.put("banner", "JTorch " + version() + " on Java " + Runtime.version()
                + "\nPyTorch's way of working in Java: tensors, autograd, nn, optim."
                + "\n%lsmagic lists the magics; ?Tensor.matmul shows documentation.");
        content.put("debugger", false);
        ArrayNode links = content.putArray("help_links");
        links.addObject().put("text", "Java API").put("url", "https://docs.oracle.com/en/java/javase/25/docs/api/");
        links.addObject().put("text", "JShell guide")
                .put("url", "https://docs.oracle.com/en/java/javase/25/jshell/introduction-jshell.html");
        request.reply("kernel_info_reply", content);
        evaluator.releaseStart();
    }

    private void execute(Request request) throws InterruptedException {
        evaluator.interrupts().received(sender(request));
        ObjectNode in = request.content();
        String code = in.path("code").asText("");
        boolean silent = in.path("silent").asBoolean(false);
        boolean storeHistory = in.path("store_history").asBoolean(!silent);
        if (!silent && storeHistory) {
            executionCount++;
            history.add(executionCount, code);
        }
        int count = executionCount;
        if (!silent) {
            ObjectNode input = JSON.objectNode();
            input.put("code", code);
            input.put("execution_count", count);
            request.publish("execute_input", input);
        }
        output.beginCell(request.message());
        display.beginCell(request.message());
        stdin.beginCell(request.message(), in.path("allow_stdin").asBoolean(false));
        Magics.Outcome outcome;
        try {
            outcome = evaluator.onCellThread(() -> magics.run(code, count));
        } catch (RuntimeException | Error e) {
            KernelLog.warn("cell failed inside the kernel", e);
            outcome = new Magics.Outcome(CellResult.failed(new CellError(e.getClass().getName(),
                    String.valueOf(e.getMessage()), List.of("Kernel error: " + e))), List.of());
        } finally {
            evaluator.interrupts().ended();
        }
        output.flush();
        CellResult result = outcome.result();
        ObjectNode reply = JSON.objectNode();
        if (result.failed()) {
            CellError error = result.error();
            ObjectNode errorContent = errorContent(error);
            request.publish("error", errorContent.deepCopy());
            reply.setAll(errorContent);
            reply.put("status", "error");
            reply.putObject("user_expressions");
        } else {
            if (result.hasValue() && !silent) {
                ObjectNode executeResult;
                try {
                    executeResult = display.executeResult(count, result.value());
                    request.publish("execute_result", executeResult);
                } catch (RuntimeException renderFailure) {
                    request.publish("stream", JSON.objectNode().put("name", "stderr")
                            .put("text", "Could not show the value: " + renderFailure.getMessage() + "\n"));
                }
            }
            reply.put("status", "ok");
            reply.set("user_expressions", userExpressions(in.path("user_expressions"), count));
            output.flush();
        }
        reply.put("execution_count", count);
        ArrayNode payload = reply.putArray("payload");
        outcome.payloads().forEach(payload::add);
        // Only what was queued before the error is answered is aborted: a cell sent after the client saw
        // the error reply (a rerun, a look at a variable) runs.
        if (result.failed() && in.path("stop_on_error").asBoolean(true)) {
            abortQueuedCells(request);
        }
        request.reply("execute_reply", reply);
    }

    // As ipykernel does: each expression evaluated after the cell, its value rendered as display data
    // or its error given, nothing shown on iopub and the execution count left alone.
    private ObjectNode userExpressions(JsonNode expressions, int count) throws InterruptedException {
        ObjectNode values = JSON.objectNode();
        if (!expressions.isObject() || expressions.isEmpty()) {
            return values;
        }
        Map<String, CellResult> results = evaluator.onCellThread(() -> {
            Map<String, CellResult> evaluated = new LinkedHashMap<>();
            expressions.properties().forEach(entry ->
                    evaluated.put(entry.getKey(), evaluate(entry.getKey(), entry.getValue(), count)));
            return evaluated;
        });
        results.forEach((name, result) -> values.set(name, userExpressionValue(result)));
        return values;
    }

    private CellResult evaluate(String name, JsonNode expression, int count) {
        if (!expression.isTextual()) {
            return CellResult.failed(new CellError("TypeError", "a user expression must be a string of Java code",
                    List.of("TypeError: user_expressions." + name + " is not a string")));
        }
        try {
            return evaluator.evaluate(expression.asText(), count);
        } catch (RuntimeException | Error e) {
            KernelLog.warn("user expression failed inside the kernel", e);
            return CellResult.failed(new CellError(e.getClass().getName(), String.valueOf(e.getMessage()),
                    List.of("Kernel error: " + e)));
        }
    }

    private ObjectNode userExpressionValue(CellResult result) {
        if (!result.failed()) {
            try {
                ObjectNode value = display.mimeContent(result.value());
                value.put("status", "ok");
                return value;
            } catch (RuntimeException renderFailure) {
                result = CellResult.failed(new CellError(renderFailure.getClass().getName(),
                        String.valueOf(renderFailure.getMessage()), List.of("Could not show the value: " + renderFailure)));
            }
        }
        ObjectNode error = errorContent(result.error());
        error.put("status", "error");
        return error;
    }

    // As ipykernel does: after an error, cells already queued behind the failed one ("Run All") are
    // answered "aborted" instead of running on a broken state; other requests keep their turn.
    private void abortQueuedCells(Request failed) {
        for (var waiting : failed.channel().drainWaiting()) {
            if (!waiting.type().equals("execute_request")) {
                failed.channel().pushBack(waiting);
                continue;
            }
            failed.iopub().status(waiting, "busy");
            ObjectNode aborted = JSON.objectNode();
            aborted.put("status", "aborted");
            aborted.put("execution_count", executionCount);
            failed.channel().send(failed.channel().session().message(waiting, "execute_reply", aborted));
            failed.iopub().status(waiting, "idle");
        }
    }

    private static ObjectNode errorContent(CellError error) {
        ObjectNode content = JSON.objectNode();
        content.put("ename", error.ename());
        content.put("evalue", error.evalue());
        ArrayNode traceback = content.putArray("traceback");
        error.traceback().forEach(traceback::add);
        return content;
    }

    private void complete(Request request) throws InterruptedException {
        String code = request.content().path("code").asText("");
        int cursor = CodePoints.toCharIndex(code, request.content().path("cursor_pos").asInt(code.length()));
        Evaluator.Completion completion = evaluator.onCellThread(() -> evaluator.complete(code, cursor));
        ObjectNode content = ok();
        ArrayNode matches = content.putArray("matches");
        completion.matches().forEach(matches::add);
        content.put("cursor_start", CodePoints.toCodePointIndex(code, completion.start()));
        content.put("cursor_end", CodePoints.toCodePointIndex(code, completion.end()));
        content.putObject("metadata");
        request.reply("complete_reply", content);
    }

    private void inspect(Request request) throws InterruptedException {
        String code = request.content().path("code").asText("");
        int cursor = CodePoints.toCharIndex(code, request.content().path("cursor_pos").asInt(code.length()));
        String doc = evaluator.onCellThread(() -> evaluator.documentation(code, CodePoints.endOfIdentifier(code, cursor)));
        ObjectNode content = ok();
        content.put("found", !doc.isEmpty());
        ObjectNode data = content.putObject("data");
        if (!doc.isEmpty()) {
            data.put("text/plain", doc);
        }
        content.putObject("metadata");
        request.reply("inspect_reply", content);
    }

    private void isComplete(Request request) throws InterruptedException {
        String code = request.content().path("code").asText("");
        String stripped = code.strip();
        String status;
        if (stripped.startsWith("%%")) {
            // A cell magic's body goes on until a blank line, as in IPython's console.
            status = code.endsWith("\n\n") ? "complete" : "incomplete";
        } else if (stripped.startsWith("%") && !code.contains("\n") || stripped.startsWith("?") || stripped.endsWith("?")) {
            status = "complete";
        } else {
            status = evaluator.onCellThread(() -> evaluator.completeness(code));
        }
        ObjectNode content = JSON.objectNode();
        content.put("status", status);
        if (status.equals("incomplete")) {
            content.put("indent", "    ");
        }
        request.reply("is_complete_reply", content);
    }

    private void history(Request request) {
        ObjectNode in = request.content();
        List<History.Entry> entries = switch (in.path("hist_access_type").asText("tail")) {
            case "range" -> history.range(in.path("start").asInt(0), in.path("stop").asInt(0));
            case "search" -> history.search(in.path("pattern").asText("*"), in.path("n").asInt(0),
                    in.path("unique").asBoolean(false));
            default -> history.tail(in.path("n").asInt(10));
        };
        ObjectNode content = ok();
        ArrayNode list = content.putArray("history");
        for (History.Entry entry : entries) {
            list.addArray().add(entry.session()).add(entry.line()).add(entry.input());
        }
        request.reply("history_reply", content);
    }

    private void commInfo(Request request) {
        ObjectNode content = ok();
        content.putObject("comms");
        request.reply("comm_info_reply", content);
    }

    private void interrupt(Request request) {
        evaluator.interrupts().interrupt(sender(request));
        request.reply("interrupt_reply", ok());
    }

    private static CellInterrupts.Sender sender(Request request) {
        Header header = request.message().header();
        return header == null ? CellInterrupts.Sender.of("", "") : CellInterrupts.Sender.of(header.session(), header.date());
    }

    private void shutdown(Request request) {
        ObjectNode content = ok();
        content.put("restart", request.content().path("restart").asBoolean(false));
        request.reply("shutdown_reply", content);
        request.publish("shutdown_reply", content.deepCopy());
        onShutdown.run();
    }

    private static ObjectNode ok() {
        ObjectNode content = JSON.objectNode();
        content.put("status", "ok");
        return content;
    }

    private static String version() {
        String version = KernelHandlers.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
