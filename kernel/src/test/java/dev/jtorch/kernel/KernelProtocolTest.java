package dev.jtorch.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtorch.kernel.wire.Message;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The kernel over ZeroMQ, message type by message type, as a Jupyter frontend drives it. */
@Timeout(90)
class KernelProtocolTest {

    @RegisterExtension
    static final RunningKernel kernel = RunningKernel.fromClassPath();

    /** A cell's execute_reply and every iopub message it caused, up to its idle status. */
    record Run(Message reply, List<Message> iopub) {

        /** Runs {@code code}, waiting up to {@code iopubMillis} for its idle status, then for its reply. */
        static Run of(KernelClient client, String code, long iopubMillis) {
            Message request = client.execute(code);
            List<Message> iopub = client.iopubUntilIdle(request, iopubMillis);
            Message reply = client.reply(KernelClient.SHELL, request, 10_000);
            assertNotNull(reply, "no execute_reply for " + code);
            return new Run(reply, iopub);
        }

        List<Message> of(String type) {
            return iopub.stream().filter(m -> m.type().equals(type)).toList();
        }

        String stdout() {
            return stream("stdout");
        }

        String stderr() {
            return stream("stderr");
        }

        private String stream(String name) {
            StringBuilder text = new StringBuilder();
            of("stream").stream().filter(m -> m.content().path("name").asText().equals(name))
                    .forEach(m -> text.append(m.content().path("text").asText()));
            return text.toString();
        }

        String status() {
            return reply.content().path("status").asText();
        }

        String traceback() {
            return String.join("\n", reply.content().path("traceback").findValuesAsText("")) + reply.content().path("traceback");
        }

        String plainResult() {
            return of("execute_result").getFirst().content().path("data").path("text/plain").asText();
        }
    }

    static Run run(String code) {
        return Run.of(kernel.client(), code, 30_000);
    }

    static Message ask(int channel, String type, ObjectNode content) {
        Message request = kernel.client().send(channel, type, content);
        Message reply = kernel.client().reply(channel, request, 30_000);
        assertNotNull(reply, "no reply to " + type);
        assertEquals(type.replace("_request", "_reply"), reply.type());
        return reply;
    }

    @Test
    void kernelInfoDescribesAJavaKernelOfProtocol55() {
        Message reply = ask(KernelClient.SHELL, "kernel_info_request", KernelClient.json());
        JsonNode content = reply.content();
        assertEquals("ok", content.path("status").asText());
        assertEquals("5.5", content.path("protocol_version").asText());
        assertEquals("java", content.path("language_info").path("name").asText());
        assertEquals("jtorch", content.path("implementation").asText());
        assertFalse(content.path("banner").asText().isEmpty());
        assertTrue(content.path("help_links").size() > 0);
    }

    @Test
    void kernelInfoIsAnsweredOnControlToo() {
        assertEquals("5.5", ask(KernelClient.CONTROL, "kernel_info_request", KernelClient.json())
                .content().path("protocol_version").asText());
    }

    @Test
    void executeBroadcastsBusyInputStreamResultIdleInOrder() {
        Run run = run("System.out.println(\"hello\");\n6 * 7");
        assertEquals(List.of("status", "execute_input", "stream", "execute_result", "status"), KernelClient.types(run.iopub()));
        assertEquals("busy", run.iopub().getFirst().content().path("execution_state").asText());
        assertEquals("hello\n", run.stdout());
        assertEquals("42", run.plainResult());
        assertEquals("ok", run.status());
        int count = run.reply().content().path("execution_count").asInt();
        assertEquals(count, run.of("execute_input").getFirst().content().path("execution_count").asInt());
        assertEquals(count, run.of("execute_result").getFirst().content().path("execution_count").asInt());
    }

    @Test
    void executionCountGrowsByOnePerCell() {
        int first = run("int counted = 1;").reply().content().path("execution_count").asInt();
        int second = run("counted++;").reply().content().path("execution_count").asInt();
        assertEquals(first + 1, second);
    }

    @Test
    void aCellOfManySnippetsDefinesMethodsClassesRecordsAndImports() {
        Run run = run("""
                import java.util.stream.*;
                record Point(int x, int y) { int sum() { return x + y; } }
                int twice(int v) { return 2 * v; }
                class Box { final int v; Box(int v) { this.v = v; } }
                var p = new Point(1, 2);
                twice(p.sum()) + new Box(1).v + IntStream.range(0, 3).sum()
                """);
        assertEquals("ok", run.status(), run.traceback());
        assertEquals("10", run.plainResult());
    }

    @Test
    void aClassRedefinedInALaterCellReplacesTheOldOne() {
        run("class Greeter { String hi() { return \"old\"; } }");
        run("class Greeter { String hi() { return \"new\"; } }");
        assertEquals("\"new\"", run("new Greeter().hi()").plainResult());
    }

    @Test
    void conditionalOfTwoSnippetSubclassesRunsDespiteJdk8366926() {
        Run run = run("""
                class Animal {}
                class Cat extends Animal {}
                class Dog extends Animal {}
                boolean cond = true;
                Animal pet = cond ? new Cat() : new Dog();
                pet.getClass().getSimpleName()
                """);
        assertEquals("ok", run.status(), run.traceback());
        assertEquals("\"Cat\"", run.plainResult());
    }

    @Test
    void aFinalExpressionClosedBySemicolonIsNotShownAsInIPython() {
        run("int shownOrNot = 3;");
        assertTrue(run("shownOrNot;").of("execute_result").isEmpty());
        assertTrue(run("shownOrNot; // a comment after the semicolon").of("execute_result").isEmpty());
        assertTrue(run("new java.util.ArrayList<Integer>().add(1);").of("execute_result").isEmpty());
        assertEquals("3", run("shownOrNot").plainResult());
        assertEquals("3", run("shownOrNot // a comment, no semicolon").plainResult());
        assertEquals("\"a;\"", run("\"a;\"").plainResult());
    }

    @Test
    void aShownExpressionRunsOnceAndFailsInItsOwnTerms() {
        run("int evaluations = 0; int pairLeft = 1; int pairRight = 2;");
        assertEquals("1", run("++evaluations").plainResult());
        Run thrown = run("Integer.parseInt(\"x\" + evaluations++)");
        assertEquals("java.lang.NumberFormatException", thrown.reply().content().path("ename").asText(), thrown.traceback());
        assertTrue(thrown.traceback().contains("line 1"), thrown.traceback());
        assertEquals("2", run("evaluations").plainResult(), "each expression ran once");
        Run badOperands = run("\"text\" * 2");
        assertEquals("CompileError", badOperands.reply().content().path("ename").asText());
        assertTrue(badOperands.traceback().contains("line 1, column 8"), badOperands.traceback());
        assertTrue(badOperands.traceback().contains("bad operand types"), badOperands.traceback());
        assertEquals("error", run("pairLeft, pairRight").status());
        assertEquals("2", run("pairRight").plainResult(), "a comma never declares a variable");
        run("int declaredLast = 4");
        assertEquals("4", run("declaredLast").plainResult());
        assertEquals("error", run("$jtorchValue").status(), "the value's variable is dropped once read");
    }

    @Test
    void aCellEndingInPrintfShowsWhatItPrintedAndNotThePrintStream() {
        for (String code : List.of("System.out.printf(\"v=%d%n\", 3)", "System.out.printf(\"v=%d%n\", 3);",
                "System.out.format(\"v=%d%n\", 3)")) {
            Run run = run(code);
            assertEquals("ok", run.status(), run.traceback());
            assertEquals("v=3\n", run.stdout(), code);
            assertTrue(run.of("execute_result").isEmpty(), code + ": " + run.iopub());
        }
    }

    @Test
    void userExpressionsAreEvaluatedAfterTheCellWithoutShowingOrCounting() {
        ObjectNode content = KernelClient.json();
        content.put("code", "int userBase = 21;");
        content.put("silent", false);
        content.put("store_history", true);
        ObjectNode expressions = content.putObject("user_expressions");
        expressions.put("twice", "userBase * 2");
        expressions.put("tensor", "tensor(new float[] {1, 2})");
        expressions.put("broken", "noSuchName + 1");
        expressions.put("notCode", 3);
        Message request = kernel.client().send(KernelClient.SHELL, "execute_request", content);
        List<Message> iopub = kernel.client().iopubUntilIdle(request, 30_000);
        JsonNode reply = kernel.client().reply(KernelClient.SHELL, request, 10_000).content();
        assertEquals("ok", reply.path("status").asText(), reply.toString());
        JsonNode values = reply.path("user_expressions");
        assertEquals("ok", values.path("twice").path("status").asText(), values.toString());
        assertEquals("42", values.path("twice").path("data").path("text/plain").asText());
        assertTrue(values.path("twice").path("metadata").isObject());
        assertTrue(values.path("tensor").path("data").path("text/html").asText().contains("<table"), values.toString());
        assertEquals("error", values.path("broken").path("status").asText(), values.toString());
        assertTrue(values.path("broken").path("evalue").asText().contains("cannot find symbol"), values.toString());
        assertTrue(values.path("broken").path("traceback").isArray());
        assertEquals("TypeError", values.path("notCode").path("ename").asText(), values.toString());
        assertEquals(List.of("status", "execute_input", "status"), KernelClient.types(iopub));
        int count = reply.path("execution_count").asInt();
        assertEquals(count + 1, run("userBase").reply().content().path("execution_count").asInt());
    }

    @Test
    void voidExpressionShowsNoResult() {
        Run run = run("System.out.println(\"side effect\")");
        assertEquals("ok", run.status());
        assertTrue(run.of("execute_result").isEmpty());
        assertEquals("side effect\n", run.stdout());
    }

    @Test
    void compileErrorNamesTheCellLineColumnAndCompilerMessage() {
        Run run = run("int fine = 1;\n\nint broken = \"text\";");
        assertEquals("error", run.status());
        assertEquals("CompileError", run.reply().content().path("ename").asText());
        String traceback = run.reply().content().path("traceback").toString();
        assertTrue(traceback.contains("line 3, column 14"), traceback);
        assertTrue(traceback.contains("incompatible types"), traceback);
        assertEquals(1, run.of("error").size());
    }

    @Test
    void exceptionShowsTypeMessageAndCellLines() {
        Run run = run("int[] small = new int[2];\nvoid poke(int[] a) {\n  a[5] = 1;\n}\npoke(small);");
        assertEquals("error", run.status());
        assertEquals("java.lang.ArrayIndexOutOfBoundsException", run.reply().content().path("ename").asText());
        String traceback = run.reply().content().path("traceback").toString();
        assertTrue(traceback.contains("poke (cell ["), traceback);
        assertTrue(traceback.contains("line 3)"), traceback);
        assertTrue(traceback.contains("line 5"), traceback);
        assertFalse(traceback.contains("jdk.internal.reflect"), traceback);
        assertEquals("ok", run("1 + 1").status(), "the kernel stays usable");
    }

    @Test
    void cellsQueuedBehindAFailedCellAreAborted() {
        Message failing = kernel.client().execute("Thread.sleep(500);\nthrow new IllegalStateException(\"stop here\");");
        Message queued = kernel.client().execute("int ranAfterError = 1;");
        // The queued cell is answered as the failure is found, just before the failed cell's own reply.
        assertEquals("aborted", kernel.client().reply(KernelClient.SHELL, queued, 30_000).content().path("status").asText());
        assertEquals("error", kernel.client().reply(KernelClient.SHELL, failing, 30_000).content().path("status").asText());
        kernel.client().iopubUntilIdle(queued, 10_000);
        assertEquals("error", run("ranAfterError").status(), "the aborted cell never ran");
    }

    @Test
    void systemExitIsRefusedAndTheKernelLives() {
        Run run = run("System.exit(3);");
        assertEquals("error", run.status());
        assertTrue(run.reply().content().path("evalue").asText().contains("System.exit(3) was not run"));
        Run halt = run("Runtime.getRuntime().halt(1);");
        assertTrue(halt.reply().content().path("evalue").asText().contains("Runtime.halt(1) was not run"));
        assertEquals("2", run("1 + 1").plainResult());
    }

    @Test
    void manyPrintedLinesArriveCompleteInOrderAndBatched() {
        Run run = run("for (int i = 0; i < 10000; i++) System.out.println(\"line \" + i);");
        String[] lines = run.stdout().split("\n");
        assertEquals(10000, lines.length);
        for (int i = 0; i < lines.length; i++) {
            assertEquals("line " + i, lines[i]);
        }
        assertTrue(run.of("stream").size() < 100, "batched, not one message per line: " + run.of("stream").size());
    }

    @Test
    void stdoutAndStderrKeepTheirOrder() {
        Run run = run("System.out.println(\"a\"); System.err.println(\"b\"); System.out.println(\"c\");");
        List<String> texts = new ArrayList<>();
        run.of("stream").forEach(m -> texts.add(m.content().path("name").asText() + ":" + m.content().path("text").asText()));
        assertEquals(List.of("stdout:a\n", "stderr:b\n", "stdout:c\n"), texts);
    }

    @Test
    void theTimedSendWaitsForThePrintCallUnderWay() {
        // println holds System.out's lock from its text to its line end; this holds it longer than two timed sends.
        Run run = run("synchronized (System.out) { System.out.print(\"c\"); Thread.sleep(150); System.out.println(); }");
        List<String> texts = new ArrayList<>();
        run.of("stream").forEach(m -> texts.add(m.content().path("name").asText() + ":" + m.content().path("text").asText()));
        assertEquals(List.of("stdout:c\n"), texts, run.traceback());
    }

    @Test
    void outputOfAThreadTheCellStartedGoesToTheCell() {
        Run run = run("var worker = new Thread(() -> System.out.println(\"from thread\"));\nworker.start();\nworker.join();");
        assertEquals("from thread\n", run.stdout());
    }

    @Test
    void outputIsFlushedWhileTheCellRuns() {
        Message request = kernel.client().execute("System.out.println(\"early\");\nThread.sleep(1500);\nSystem.out.println(\"late\");");
        long start = System.currentTimeMillis();
        Message stream = null;
        while (stream == null || !stream.type().equals("stream")) {
            stream = kernel.client().nextIopub(request, 5_000);
            assertNotNull(stream);
        }
        assertTrue(System.currentTimeMillis() - start < 1200, "the first line arrives before the sleep ends");
        assertEquals("early\n", stream.content().path("text").asText());
        kernel.client().iopubUntilIdle(request, 10_000);
        kernel.client().reply(KernelClient.SHELL, request, 5_000);
    }

    @Test
    void interruptStopsABusyLoopASleepAndKeepsVariables() {
        run("int survivor = 7;");
        for (String code : List.of("while (true) { }", "Thread.sleep(60_000);",
                "long s = java.util.stream.LongStream.range(0, Long.MAX_VALUE).map(x -> x * 3).sum();")) {
            Message request = kernel.client().execute(code);
            assertNotNull(kernel.client().nextIopub(request, 10_000));    // busy
            KernelClient.sleep(400);
            ask(KernelClient.CONTROL, "interrupt_request", KernelClient.json());
            Message reply = kernel.client().reply(KernelClient.SHELL, request, 5_000);
            assertNotNull(reply, "interrupt answered for " + code);
            assertEquals("error", reply.content().path("status").asText());
            assertTrue(reply.content().path("evalue").asText().contains("interrupted"), reply.content().toString());
            kernel.client().iopubUntilIdle(request, 5_000);
        }
        assertEquals("7", run("survivor").plainResult());
    }

    @Test
    void systemInBecomesAnInputRequest() {
        Message request = kernel.client().execute("var line = new java.util.Scanner(System.in).nextLine();\nline.toUpperCase()", true);
        Message inputRequest = kernel.client().next(KernelClient.STDIN, 30_000);
        assertNotNull(inputRequest, "input_request on stdin");
        assertEquals("input_request", inputRequest.type());
        ObjectNode answer = KernelClient.json();
        answer.put("value", "typed text");
        Message inputReply = kernel.client().message("input_reply", answer);
        kernel.client().send(KernelClient.STDIN, new Message(List.of(), inputReply.header(), inputRequest.header(),
                inputReply.metadata(), answer, List.of()));
        List<Message> iopub = kernel.client().iopubUntilIdle(request, 30_000);
        Message result = iopub.stream().filter(m -> m.type().equals("execute_result")).findFirst().orElseThrow();
        assertEquals("\"TYPED TEXT\"", result.content().path("data").path("text/plain").asText());
        kernel.client().reply(KernelClient.SHELL, request, 5_000);
    }

    @Test
    void readingSystemInWithoutStdinFailsWithAClearMessage() {
        Run run = run("new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine()");
        assertEquals("error", run.status());
        assertTrue(run.reply().content().path("evalue").asText().contains("allow_stdin"));
    }

    @Test
    void displayAndUpdateDisplayUseOneDisplayId() {
        Run run = run("display(html(\"<b>first</b>\"), \"progress\");\nupdateDisplay(\"progress\", markdown(\"*second*\"));");
        Message shown = run.of("display_data").getFirst();
        assertEquals("<b>first</b>", shown.content().path("data").path("text/html").asText());
        assertEquals("progress", shown.content().path("transient").path("display_id").asText());
        Message updated = run.of("update_display_data").getFirst();
        assertEquals("*second*", updated.content().path("data").path("text/markdown").asText());
        assertEquals("progress", updated.content().path("transient").path("display_id").asText());
    }

    @Test
    void clearOutputAndLatex() {
        Run run = run("clearOutput();\ndisplay(latex(\"$x^2$\"));");
        assertEquals(1, run.of("clear_output").size());
        assertEquals("$x^2$", run.of("display_data").getFirst().content().path("data").path("text/latex").asText());
    }

    @Test
    void theLibrarysDisplayHookReachesTheNotebook() {
        Run run = run("dev.jtorch.viz.Display.show(html(\"<i>from the library</i>\"), \"lib\");");
        assertEquals("lib", run.of("display_data").getFirst().content().path("transient").path("display_id").asText());
    }

    @Test
    void chartsAndImagesBecomePng() {
        Run chart = run("""
                var chart = new org.knowm.xchart.XYChartBuilder().width(200).height(150).title("squares").build();
                chart.addSeries("y", new double[] {1, 2, 3}, new double[] {1, 4, 9});
                chart
                """);
        assertEquals("ok", chart.status(), chart.traceback());
        String png = chart.of("execute_result").getFirst().content().path("data").path("image/png").asText();
        assertTrue(png.startsWith("iVBORw0KGgo"), "base64 PNG");
        Run image = run("display(new java.awt.image.BufferedImage(4, 3, java.awt.image.BufferedImage.TYPE_INT_RGB));");
        assertTrue(image.of("display_data").getFirst().content().path("data").path("image/png").asText().startsWith("iVBORw0KGgo"));
    }

    @Test
    void tensorsShowAsTextAndHtmlTable() {
        Run run = run("tensor(new float[] {1, 2, 3})");
        JsonNode data = run.of("execute_result").getFirst().content().path("data");
        assertTrue(data.path("text/plain").asText().startsWith("tensor("), data.toString());
        assertTrue(data.path("text/html").asText().contains("<table"), data.toString());
        assertTrue(data.path("text/html").asText().contains("[3]"), data.toString());
    }

    @Test
    void displayedTemporariesDoNotPinMemory() {
        run("java.lang.ref.WeakReference<?>[] watched = new java.lang.ref.WeakReference<?>[1];");
        run("((java.util.function.Supplier<Object>) () -> { Object v = new int[1 << 20]; "
                + "watched[0] = new java.lang.ref.WeakReference<>(v); return v; }).get()");
        assertEquals("true", run("for (int i = 0; i < 5 && watched[0].get() != null; i++) { System.gc(); Thread.sleep(20); }\n"
                + "watched[0].get() == null").plainResult());
    }

    @Test
    void completionCountsCursorInCodePoints() {
        ObjectNode content = KernelClient.json();
        String code = "String s = \"\uD83D\uDE00\"; Math.ma";
        content.put("code", code);
        int cursor = code.codePointCount(0, code.length());
        content.put("cursor_pos", cursor);
        JsonNode reply = ask(KernelClient.SHELL, "complete_request", content).content();
        assertEquals("ok", reply.path("status").asText());
        assertTrue(reply.path("matches").toString().contains("max("), reply.toString());
        assertEquals(cursor, reply.path("cursor_end").asInt());
        assertEquals(cursor - 2, reply.path("cursor_start").asInt());
    }

    @Test
    void inspectStillWorksAfterAClassFailedToCompile() {
        Run failed = run("class Broken { int size = \"large\"; }");
        assertEquals("CompileError", failed.reply().content().path("ename").asText());
        JsonNode reply = inspect("Math.max", 8);
        assertTrue(reply.path("data").path("text/plain").asText().contains("max("), reply.toString());
    }

    @Test
    void inspectShowsSignatureAndJavadoc() {
        JsonNode reply = inspect("Math.max", 6);
        assertTrue(reply.path("found").asBoolean(), reply.toString());
        assertTrue(reply.path("data").path("text/plain").asText().contains("max("), reply.toString());
    }

    @Test
    void inspectShowsTheLibrarysJavadoc() throws Exception {
        run("Tensor x = ones(2);");
        String javadoc = LibrarySource.firstJavadocLineAsText("Tensor", "public Tensor matmul(Tensor other)");
        // With the cursor in the name and at its end, in a longer line.
        for (int cursor : new int[] {4, 8}) {
            JsonNode reply = inspect("x.matmul(ones(2))", cursor);
            String text = reply.path("data").path("text/plain").asText();
            assertTrue(text.contains("matmul(Tensor"), cursor + ": " + reply);
            assertTrue(LibrarySource.words(text).contains(javadoc), text);
        }
    }

    @Test
    void inspectFormatsJavadocTagsAsText() {
        String text = inspect("F.crossEntropy", 14).path("data").path("text/plain").asText();
        assertTrue(text.contains("crossEntropy("), text);
        assertTrue(text.contains("var loss = F.crossEntropy(model.forward(x), labels"), "the example is kept: " + text);
        assertFalse(text.contains("{@code"), "inline tags are resolved: " + text);
        assertFalse(text.contains("<pre>"), "HTML is laid out: " + text);
    }

    /** The content of the inspect_reply for {@code code} with the cursor at {@code cursor}. */
    private static JsonNode inspect(String code, int cursor) {
        ObjectNode content = KernelClient.json();
        content.put("code", code);
        content.put("cursor_pos", cursor);
        content.put("detail_level", 0);
        return ask(KernelClient.SHELL, "inspect_request", content).content();
    }

    @Test
    void isCompleteTellsCompleteIncompleteAndInvalid() {
        assertEquals("complete", isComplete("int x = 1;"));
        assertEquals("incomplete", isComplete("for (int i = 0; i < 3; i++) {"));
        assertEquals("invalid", isComplete("int x = 1; )"));
        assertEquals("complete", isComplete("%lsmagic"));
        assertEquals("incomplete", isComplete("%%time\nint x = 1;"));
        assertEquals("complete", isComplete("%%time\nint x = 1;\n\n"));
    }

    private static String isComplete(String code) {
        ObjectNode content = KernelClient.json();
        content.put("code", code);
        return ask(KernelClient.SHELL, "is_complete_request", content).content().path("status").asText();
    }

    @Test
    void historyAnswersTailRangeAndSearch() {
        run("int historyMarker = 41;");
        run("historyMarker + 1");
        ObjectNode tail = KernelClient.json();
        tail.put("hist_access_type", "tail");
        tail.put("n", 2);
        tail.put("output", false);
        tail.put("raw", true);
        JsonNode history = ask(KernelClient.SHELL, "history_request", tail).content().path("history");
        assertEquals(2, history.size());
        assertEquals("historyMarker + 1", history.get(1).get(2).asText());
        ObjectNode search = KernelClient.json();
        search.put("hist_access_type", "search");
        search.put("pattern", "int historyMarker*");
        JsonNode found = ask(KernelClient.SHELL, "history_request", search).content().path("history");
        assertEquals(1, found.size());
        int line = found.get(0).get(1).asInt();
        ObjectNode range = KernelClient.json();
        range.put("hist_access_type", "range");
        range.put("session", 0);
        range.put("start", line);
        range.put("stop", line + 1);
        JsonNode ranged = ask(KernelClient.SHELL, "history_request", range).content().path("history");
        assertEquals("int historyMarker = 41;", ranged.get(0).get(2).asText());
    }

    @Test
    void commInfoAnswersWithNoComms() {
        JsonNode reply = ask(KernelClient.SHELL, "comm_info_request", KernelClient.json()).content();
        assertEquals("ok", reply.path("status").asText());
        assertTrue(reply.path("comms").isObject());
    }

    @Test
    void badlySignedMessagesAreDroppedNotExecuted() {
        try (KernelClient forger = new KernelClient(kernel.process(), "wrong-key")) {
            Message forged = forger.execute("int forgedVariable = 1;");
            assertNull(forger.reply(KernelClient.SHELL, forged, 700));
        }
        assertEquals("error", run("forgedVariable").status(), "the forged cell never ran");
    }

    @Test
    void unsignedMessagesAreDropped() {
        try (KernelClient unsigned = new KernelClient(kernel.process(), "")) {
            Message request = unsigned.execute("int unsignedVariable = 1;");
            assertNull(unsigned.reply(KernelClient.SHELL, request, 700));
        }
        assertEquals("error", run("unsignedVariable").status());
    }

    @Test
    void replayedMessagesAreDropped() {
        run("int replayCounter = 0;");
        Message request = kernel.client().message("execute_request", KernelClient.executeContent("replayCounter++;"));
        List<byte[]> frames = kernel.client().encode(request);
        kernel.client().sendFrames(KernelClient.SHELL, frames);
        assertNotNull(kernel.client().reply(KernelClient.SHELL, request, 10_000));
        kernel.client().sendFrames(KernelClient.SHELL, frames);
        assertNull(kernel.client().reply(KernelClient.SHELL, request, 700));
        assertEquals("1", run("replayCounter").plainResult());
    }

    @Test
    void malformedFramesBadJsonAndUnknownTypesLeaveChannelsAlive() {
        kernel.client().sendFrames(KernelClient.SHELL, List.of("garbage".getBytes(StandardCharsets.UTF_8)));
        byte[] bad = "{not json".getBytes(StandardCharsets.UTF_8);
        byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
        // Correctly signed, but not JSON.
        kernel.client().sendFrames(KernelClient.SHELL, kernel.client().signedFrames(bad, empty, empty, empty));
        kernel.client().sendFrames(KernelClient.CONTROL, List.of("<IDS|MSG>".getBytes(StandardCharsets.UTF_8)));
        Message unknown = kernel.client().send(KernelClient.SHELL, "no_such_request", KernelClient.json());
        assertNull(kernel.client().reply(KernelClient.SHELL, unknown, 500));
        assertEquals("ok", ask(KernelClient.SHELL, "kernel_info_request", KernelClient.json()).content().path("status").asText());
        assertEquals("ok", ask(KernelClient.CONTROL, "kernel_info_request", KernelClient.json()).content().path("status").asText());
    }

    @Test
    void heartbeatEchoes() {
        assertTrue(kernel.client().heartbeat("ping".getBytes(StandardCharsets.UTF_8), 5_000));
    }
}
