package dev.jtorch.kernel.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShellException;
import jdk.jshell.UnresolvedReferenceException;

/**
 * Turns compile errors and exceptions into tracebacks in the cell's terms: line numbers of the
 * cell (of the cell that defined a method, for code from earlier cells), with the JDK's and
 * JShell's own frames trimmed away and the library's kept.
 */
final class Tracebacks {

    /** Where a snippet came from: the cell's execution count and the cell line it starts on. */
    record Origin(int executionCount, int firstLine) {
    }

    private final Map<String, Origin> origins = new ConcurrentHashMap<>();

    void remember(String snippetId, int executionCount, int firstLine) {
        origins.put(snippetId, new Origin(executionCount, firstLine));
    }

    /** A compile error of the snippet {@code source} starting at cell line {@code firstLine}. */
    CellError compileError(List<Diag> diagnostics, String source, int firstLine, String cellCode) {
        List<String> lines = new ArrayList<>();
        String first = null;
        String[] cellLines = cellCode.split("\n", -1);
        for (Diag diag : diagnostics) {
            if (!diag.isError()) {
                continue;
            }
            long position = Math.max(0, Math.min(diag.getPosition(), source.length()));
            int lineInSnippet = countNewlines(source, (int) position);
            int column = (int) position - (source.lastIndexOf('\n', (int) position - 1) + 1) + 1;
            int cellLine = firstLine + lineInSnippet;
            String message = diag.getMessage(Locale.ROOT);
            if (first == null) {
                first = message;
            }
            lines.add("Compile error at line " + cellLine + ", column " + column + ": " + message);
            if (cellLine >= 1 && cellLine <= cellLines.length) {
                String codeLine = cellLines[cellLine - 1];
                lines.add("    " + codeLine);
                int caret = Math.max(0, Math.min(codeLine.length(), column - 1 + indentShift(codeLine, source, lineInSnippet)));
                lines.add("    " + " ".repeat(caret) + "^");
            }
        }
        if (first == null) {
            first = "the snippet was rejected by the compiler";
            lines.add(first);
        }
        return new CellError("CompileError", first, lines);
    }

    /** An exception thrown by cell code. */
    CellError exception(JShellException thrown) {
        List<String> lines = new ArrayList<>();
        String ename;
        String evalue = thrown.getMessage() == null ? "" : thrown.getMessage();
        if (thrown instanceof EvalException eval) {
            ename = eval.getExceptionClassName();
        } else if (thrown instanceof UnresolvedReferenceException unresolved) {
            ename = "UnresolvedReference";
            evalue = unresolved.getSnippet().toString() + " cannot run: it uses a declaration that is missing or broken";
        } else {
            ename = thrown.getClass().getName();
        }
        lines.add(evalue.isEmpty() ? ename : ename + ": " + evalue);
        appendFrames(lines, thrown.getStackTrace());
        Throwable cause = thrown.getCause();
        while (cause != null) {
            String causeName = cause instanceof EvalException eval ? eval.getExceptionClassName() : cause.getClass().getName();
            lines.add("Caused by: " + causeName + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
            appendFrames(lines, cause.getStackTrace());
            if (causeName.equals(ExitRefusedException.class.getName())) {
                // An exit refused inside Method.invoke comes wrapped: the refusal is what the user must read.
                ename = causeName;
                evalue = String.valueOf(cause.getMessage());
            }
            cause = cause.getCause();
        }
        return new CellError(ename, evalue, lines);
    }

    /** The error of a cell stopped by an interrupt. */
    static CellError interrupted() {
        return new CellError("KeyboardInterrupt", "the cell was interrupted",
                List.of("KeyboardInterrupt: the cell was interrupted; variables defined before it are kept"));
    }

    private void appendFrames(List<String> lines, StackTraceElement[] frames) {
        int kept = 0;
        for (int i = 0; i < frames.length; i++) {
            StackTraceElement frame = frames[i];
            String file = frame.getFileName();
            if (file != null && file.startsWith("#")) {
                lines.add("    at " + describeCellFrame(frame, file.substring(1)));
                kept++;
            } else if (isLibraryFrame(frame) || (i == 0 && !isKernelFrame(frame))) {
                // The top frame says where it broke even when it is the JDK's (Integer.parseInt, ...).
                lines.add("    at " + frame);
                kept++;
            }
        }
        if (kept == 0 && frames.length > 0) {
            lines.add("    at " + frames[0]);
        }
    }

    private String describeCellFrame(StackTraceElement frame, String snippetId) {
        Origin origin = origins.get(snippetId);
        String method = frame.getMethodName().equals("do_it$") ? "" : frame.getMethodName();
        String className = frame.getClassName();
        int nested = className.lastIndexOf('$');
        if (!method.isEmpty() && nested >= 0 && !className.substring(nested + 1).startsWith("JShell")) {
            method = className.substring(nested + 1) + "." + method;
        }
        String where = origin == null
                ? "snippet " + snippetId + ", line " + frame.getLineNumber()
                : "cell [" + origin.executionCount() + "], line " + (origin.firstLine() + frame.getLineNumber() - 1);
        return method.isEmpty() ? where : method + " (" + where + ")";
    }

    private static boolean isLibraryFrame(StackTraceElement frame) {
        return frame.getClassName().startsWith("dev.jtorch.") && !isKernelFrame(frame);
    }

    private static boolean isKernelFrame(StackTraceElement frame) {
        return frame.getClassName().startsWith("dev.jtorch.kernel.")
                || frame.getClassName().startsWith("jdk.internal.reflect.")
                || frame.getClassName().startsWith("java.lang.reflect.");
    }

    private static int countNewlines(String text, int end) {
        int count = 0;
        for (int i = 0; i < end && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                count++;
            }
        }
        return count;
    }

    // The snippet source may have lost the cell line's leading blanks; the caret follows the cell line.
    private static int indentShift(String cellLine, String source, int lineInSnippet) {
        String[] snippetLines = source.split("\n", -1);
        if (lineInSnippet >= snippetLines.length) {
            return 0;
        }
        String snippetLine = snippetLines[lineInSnippet];
        int shift = cellLine.indexOf(snippetLine.strip());
        int inSnippet = snippetLine.indexOf(snippetLine.strip());
        return shift >= 0 && inSnippet >= 0 ? shift - inSnippet : 0;
    }
}
