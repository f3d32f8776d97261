package dev.jtorch.kernel.eval;

import dev.jtorch.kernel.KernelLog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import jdk.jshell.Diag;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.VarSnippet;

/**
 * Java cells, evaluated by JShell in the kernel's own JVM. A cell is split into snippets that
 * run one by one; the first compile error or exception stops the cell. All JShell work happens
 * on one "cell thread", so callers go through {@link #onCellThread}; only {@link #interrupt()}
 * comes from other threads.
 *
 * <pre>{@code
 * var evaluator = Evaluator.start(List.of("import dev.jtorch.*;"));
 * CellResult result = evaluator.onCellThread(() -> evaluator.execute("1 + 1", 1));
 * }</pre>
 */
public final class Evaluator {

    private static final java.util.regex.Pattern INSTANCE_MEMBER =
            java.util.regex.Pattern.compile("(?s)(.*?)([A-Z][\\w.]*)\\.(\\w+)\\(?");
    // JShell indexes the class path for completion only after this long without a cell.
    private static final long INDEXING_QUIET_MILLIS = 1000;
    private final ExecutorService cellThread;
    private final Tracebacks tracebacks = new Tracebacks();
    private final LibraryJavadoc libraryJavadoc = new LibraryJavadoc(Evaluator.class.getClassLoader());
    private final java.util.concurrent.CountDownLatch startSignal = new java.util.concurrent.CountDownLatch(1);
    private final StringBuilder classPath = new StringBuilder(System.getProperty("java.class.path"));
    private final CellInterrupts interrupts = new CellInterrupts(this::interrupt);
    private KernelExecutionControl control;
    private JShell jshell;
    private Future<?> startUp;
    private DeadSnippetCleaner deadSnippets;
    private IndexingPause indexingPause;
    private BackgroundWarmUp warmUp;

    private Evaluator() {
        this.cellThread = Executors.newSingleThreadExecutor(runnable ->
                Thread.ofPlatform().name("jtorch-cell").daemon().unstarted(runnable));
    }

    /**
     * Starts the cell thread, which builds JShell and runs {@code startup} snippets (imports)
     * and a short warm-up of the compiler in the background; cells submitted meanwhile wait for
     * it. The rest of the warm-up runs while no cell does ({@link BackgroundWarmUp}).
     */
    public static Evaluator start(List<String> startup) {
        Evaluator evaluator = new Evaluator();
        evaluator.startUp = evaluator.cellThread.submit(() -> {
            try {
                // Building JShell takes the CPU for a while: first let the kernel answer kernel_info.
                evaluator.awaitStartSignal();
                evaluator.build(startup);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                KernelLog.warn("JShell could not start", e);
            }
        });
        return evaluator;
    }

    private void build(List<String> startup) {
        control = new KernelExecutionControl(new SnippetLoader(Evaluator.class.getClassLoader()));
        Thread.currentThread().setContextClassLoader(control.snippetClassLoader());
        jshell = JShell.builder()
                .executionEngine(KernelExecutionControl.provider(control), java.util.Map.of())
                .compilerOptions("-Xlint:none", "--add-modules", "jdk.incubator.vector")
                .build();
        jshell.addToClasspath(classPath.toString());
        deadSnippets = DeadSnippetCleaner.of(jshell);
        indexingPause = IndexingPause.of(jshell.sourceCodeAnalysis());
        indexingPause.hold();
        for (String snippet : startup) {
            for (SnippetEvent event : jshell.eval(snippet)) {
                if (event.status() == Snippet.Status.REJECTED) {
                    // A package of the library that has no classes yet cannot be imported; later ones still are.
                    KernelLog.warn("start-up import skipped: " + snippet.strip());
                }
            }
        }
        warmUp = new BackgroundWarmUp(cellThread, snippet -> {
            evalSnippetEvents(snippet).forEach(event -> jshell.drop(event.snippet()));
            clearDeadSnippets();
        });
        warmUp.start();
        indexingPause.releaseWhenQuiet(INDEXING_QUIET_MILLIS);
    }

    /** Lets JShell start building now (it starts by itself a second after {@link #start} anyway). */
    public void releaseStart() {
        startSignal.countDown();
    }

    /**
     * Waits until JShell may start building: until {@link #releaseStart} (the kernel calls it once
     * the first kernel_info is answered, a cell calls it too) or a second after {@link #start}.
     * Other start-up work waits for the same moment, so as not to slow the first answer down.
     */
    public void awaitStartSignal() throws InterruptedException {
        startSignal.await(1, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Runs {@code task} on the cell thread and waits for it. */
    public <T> T onCellThread(Callable<T> task) throws InterruptedException {
        releaseStart();
        Future<T> future = cellThread.submit(() -> {
            noteCellActivity();
            try {
                return task.call();
            } finally {
                noteCellActivity();
            }
        });
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Asks the running cell to stop: its loops, sleeps and the library's compute pool notice. */
    public void interrupt() {
        if (control != null) {
            control.stop();
        } else {
            CellGuard.requestStop();
        }
    }

    /**
     * Runs the cell {@code code} (cell thread only).
     *
     * @param executionCount the cell's number, used in tracebacks of later cells
     */
    public CellResult execute(String code, int executionCount) {
        return execute(code, executionCount, 0);
    }

    /**
     * Runs {@code code}, a part of a cell that starts after {@code lineOffset} lines of it, so
     * that errors name the cell's own line numbers (cell thread only).
     */
    public CellResult execute(String code, int executionCount, int lineOffset) {
        requireStarted();
        Thread.interrupted();
        indexingPause.hold();
        try {
            return executeSnippets(code, executionCount, lineOffset);
        } finally {
            indexingPause.releaseWhenQuiet(INDEXING_QUIET_MILLIS);
            Thread.interrupted();
            clearDeadSnippets();
            // Live charts draw what they still hold, under this cell, before its reply goes out.
            dev.jtorch.viz.Display.cellFinished();
        }
    }

    private void noteCellActivity() {
        if (warmUp != null) {
            warmUp.cellActivity();
        }
    }

    private void clearDeadSnippets() {
        if (deadSnippets != null) {
            deadSnippets.clean();
        }
    }

    /**
     * The value of one Java expression, as a {@code user_expressions} entry wants it: the value
     * whatever the display rule says, or the error; nothing is defined (cell thread only).
     */
    public CellResult evaluate(String expression, int executionCount) {
        requireStarted();
        Thread.interrupted();
        String wrapped = "(Object) (" + expression.strip().replaceAll(";+$", "") + ")";
        SourceCodeAnalysis.CompletionInfo info = jshell.sourceCodeAnalysis().analyzeCompletion(wrapped);
        if (!info.completeness().isComplete() || !info.remaining().isBlank()) {
            return CellResult.failed(new CellError("SyntaxError", "not a single expression: " + expression,
                    List.of("SyntaxError: not a single expression: " + expression)));
        }
        try {
            return evalSnippet(wrapped, 1, executionCount, wrapped);
        } finally {
            clearDeadSnippets();
        }
    }

    /**
     * Called as each cell begins (cell thread only): keeps an interrupt meant for this cell, even
     * one that arrived before it began, and forgets any other (see {@link CellInterrupts}).
     */
    public void beginCell() {
        interrupts.begin();
        Thread.interrupted();
    }

    /** Which cell an interrupt stops: the kernel tells it when cells are received and end, and of interrupts. */
    public CellInterrupts interrupts() {
        return interrupts;
    }

    private CellResult executeSnippets(String code, int executionCount, int lineOffset) {
        SourceCodeAnalysis analysis = jshell.sourceCodeAnalysis();
        String remaining = code;
        CellResult result = CellResult.nothing();
        while (!remaining.isBlank()) {
            if (CellGuard.stopRequested()) {
                return CellResult.failed(Tracebacks.interrupted());
            }
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (info.completeness() == Completeness.EMPTY) {
                break;
            }
            String rawSource = info.completeness().isComplete() ? info.source() : remaining;
            String rest = info.completeness().isComplete() ? info.remaining() : "";
            int chunkStart = code.length() - remaining.length();
            // JShell numbers the lines of a snippet that starts with blank lines unreliably: strip them.
            String source = rawSource.stripLeading();
            int start = chunkStart + sourceStart(remaining, rawSource) + (rawSource.length() - source.length());
            int firstLine = lineOffset + lineOf(code, start);
            result = evalSnippet(source, firstLine, executionCount, "\n".repeat(lineOffset) + code);
            if (result.failed()) {
                return result;
            }
            if (result.hasValue() && !ResultDisplayRule.shows(source, result.value())) {
                result = CellResult.nothing();
            }
            remaining = rest;
        }
        return result;
    }

    private CellResult evalSnippet(String source, int firstLine, int executionCount, String cellCode) {
        List<SnippetEvent> events = evalSnippetEvents(source);
        boolean stopped = CellGuard.stopRequested();
        CellResult result = CellResult.nothing();
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) {
                continue;    // an update of an earlier snippet caused by this one
            }
            Snippet snippet = event.snippet();
            tracebacks.remember(snippet.id(), executionCount, firstLine);
            if (event.status() == Snippet.Status.REJECTED) {
                List<Diag> diagnostics = jshell.diagnostics(snippet).toList();
                jshell.drop(snippet);
                return CellResult.failed(tracebacks.compileError(diagnostics, source, firstLine, cellCode));
            }
            if (stopped) {
                return CellResult.failed(Tracebacks.interrupted());
            }
            if (event.exception() != null) {
                return CellResult.failed(tracebacks.exception(event.exception()));
            }
            if (isDisplayedExpression(snippet)) {
                result = CellResult.value(control.lastValue());
                if (snippet instanceof VarSnippet temporary) {
                    // $N would pin the value for the rest of the session; it has been shown, let it go.
                    control.releaseLastValue(temporary.name());
                    jshell.drop(temporary);
                }
            }
        }
        return result;
    }

    // JShell's events for `source`, evaluated as a ValueDeclaration where it may be one; when it
    // does not compile as one, nothing ran: what the declaration left is dropped and `source` runs as written.
    private List<SnippetEvent> evalSnippetEvents(String source) {
        String declaration = ValueDeclaration.of(source);
        if (declaration != null) {
            List<SnippetEvent> events = jshell.eval(declaration);
            List<SnippetEvent> own = events.stream().filter(event -> event.causeSnippet() == null).toList();
            if (own.size() == 1 && own.getFirst().status() == Snippet.Status.VALID) {
                return events;
            }
            own.forEach(event -> jshell.drop(event.snippet()));
        }
        return jshell.eval(source);
    }

    private static boolean isDisplayedExpression(Snippet snippet) {
        if (snippet instanceof ExpressionSnippet expression) {
            return !expression.typeName().equals("void");
        }
        return snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND || ValueDeclaration.declares(snippet);
    }

    /** Completions at {@code cursor} (a char index) in {@code code} (cell thread only). */
    public Completion complete(String code, int cursor) {
        requireStarted();
        int[] anchor = new int[1];
        List<String> matches = new ArrayList<>();
        for (SourceCodeAnalysis.Suggestion suggestion : jshell.sourceCodeAnalysis().completionSuggestions(code, cursor, anchor)) {
            if (!matches.contains(suggestion.continuation())) {
                matches.add(suggestion.continuation());
            }
        }
        return new Completion(matches, anchor[0], cursor);
    }

    /** Signatures and Javadoc of what is at {@code cursor}, or "" when nothing is known (cell thread only). */
    public String documentation(String code, int cursor) {
        requireStarted();
        String text = documentationAt(code, cursor);
        String before = code.substring(0, cursor);
        if (text.isEmpty() && !before.endsWith("(")) {
            // JShell documents a method at its opening parenthesis: "String.format" becomes "String.format(".
            text = documentationAt(before + "(", cursor + 1);
        }
        java.util.regex.Matcher member = INSTANCE_MEMBER.matcher(code.substring(0, cursor));
        if (text.isEmpty() && member.matches()) {
            // "Tensor.matmul" names an instance method; JShell documents it on an expression of the type.
            String probe = member.group(1) + "((" + member.group(2) + ") null)." + member.group(3) + "(";
            text = documentationAt(probe, probe.length());
        }
        return text;
    }

    private String documentationAt(String code, int cursor) {
        StringBuilder text = new StringBuilder();
        for (SourceCodeAnalysis.Documentation doc : jshell.sourceCodeAnalysis().documentation(code, cursor, true)) {
            if (!text.isEmpty()) {
                text.append("\n\n");
            }
            String javadoc = doc.javadoc() != null ? doc.javadoc() : libraryJavadoc.find(doc.signature());
            text.append(JavadocText.format(doc.signature(), javadoc));
        }
        return text.toString();
    }

    /** "complete", "incomplete" or "invalid", as is_complete_request wants (cell thread only). */
    public String completeness(String code) {
        requireStarted();
        String remaining = code;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = jshell.sourceCodeAnalysis().analyzeCompletion(remaining);
            switch (info.completeness()) {
                case DEFINITELY_INCOMPLETE:
                    return "incomplete";
                case UNKNOWN:
                    return "invalid";
                case EMPTY:
                    return "complete";
                default:
                    remaining = info.remaining();
            }
        }
        return "complete";
    }

    /**
     * Compiles {@code code} into a function that runs it and returns its value (null for
     * statements), for timing by {@code %timeit} (cell thread only).
     */
    public Supplier<Object> compileRepeatable(String code) throws CellFailure {
        requireStarted();
        String body = code.strip().replaceAll(";+$", "");
        for (String candidate : List.of(
                "(java.util.function.Supplier<Object>) () -> (Object) (" + body + ")",
                "(java.util.function.Supplier<Object>) () -> { " + body + "; return null; }")) {
            List<SnippetEvent> events = jshell.eval(candidate);
            SnippetEvent event = events.getFirst();
            if (event.status() != Snippet.Status.REJECTED && event.exception() == null
                    && control.lastValue() instanceof Supplier<?> supplier) {
                @SuppressWarnings("unchecked")
                Supplier<Object> compiled = (Supplier<Object>) supplier;
                if (event.snippet() instanceof VarSnippet temporary) {
                    control.releaseLastValue(temporary.name());
                }
                jshell.drop(event.snippet());
                return compiled;
            }
            jshell.drop(event.snippet());
        }
        CellResult failure = execute(code, 0);
        throw new CellFailure(failure.failed() ? failure.error()
                : new CellError("CompileError", "cannot time this code", List.of("cannot time: " + code)));
    }

    /** Runs {@code action} as cell code, so that interrupt reaches it (cell thread only). */
    public void runAsUserCode(Runnable action) {
        requireStarted();
        control.runAsUserCode(action);
    }

    /** Whether an interrupt was requested since the cell began. */
    public boolean stopRequested() {
        return CellGuard.stopRequested();
    }

    /** Adds jars or folders (separated by the path separator) to the class path of later cells (cell thread only). */
    public void addToClasspath(String path) {
        requireStarted();
        jshell.addToClasspath(path);
        classPath.append(java.io.File.pathSeparator).append(path);
    }

    /** The class path cells compile and run against. */
    public String classPath() {
        return classPath.toString();
    }

    /**
     * Stops the running cell, closes JShell on the cell thread and ends that thread, waiting at
     * most {@code millis} for them. A JShell still being built is left to the end of the process.
     */
    public void close(long millis) throws InterruptedException {
        interrupt();
        if (!startUp.isDone()) {
            cellThread.shutdownNow();
            return;
        }
        cellThread.submit(() -> {
            if (jshell != null) {
                jshell.close();
            }
        });
        cellThread.shutdown();
        if (!cellThread.awaitTermination(millis, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            KernelLog.warn("the running cell did not stop within " + millis + " ms of shutdown");
            cellThread.shutdownNow();
        }
    }

    private void requireStarted() {
        if (jshell == null) {
            throw new IllegalStateException("JShell did not start; see the kernel's log");
        }
    }

    private static int lineOf(String code, int index) {
        int line = 1;
        for (int i = 0; i < index && i < code.length(); i++) {
            if (code.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    // Where the snippet's source begins inside the remaining cell text: JShell may drop leading
    // blank lines and comments, and may keep a leading newline, so align on its first non-blank line.
    private static int sourceStart(String remaining, String source) {
        String start = source.strip();
        int newline = start.indexOf('\n');
        String firstLine = newline < 0 ? start : start.substring(0, newline);
        int inRemaining = firstLine.isEmpty() ? -1 : remaining.indexOf(firstLine);
        int inSource = firstLine.isEmpty() ? -1 : source.indexOf(firstLine);
        if (inRemaining >= 0 && inSource >= 0 && inRemaining >= inSource) {
            return inRemaining - inSource;
        }
        int i = 0;
        while (i < remaining.length() && Character.isWhitespace(remaining.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Completions and the span of the cell text they replace. */
    public record Completion(List<String> matches, int start, int end) {
    }

    /** A cell part that failed before it could be used (for instance, code given to %timeit). */
    public static final class CellFailure extends Exception {

        private final transient CellError error;

        CellFailure(CellError error) {
            super(error.evalue());
            this.error = error;
        }

        /** The error to show. */
        public CellError error() {
            return error;
        }
    }
}
