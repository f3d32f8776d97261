package dev.jtorch.kernel.magic;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtorch.kernel.eval.CellError;
import dev.jtorch.kernel.eval.CellResult;
import dev.jtorch.kernel.eval.Evaluator;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * IPython-style magics in Java cells. A line starting with {@code %} is a line magic, run
 * where it stands between the cell's Java code; {@code %%time} on a cell's first line times
 * the whole cell; {@code ?name} or {@code name?} shows documentation in the pager.
 * Runs on the cell thread.
 */
public final class Magics {

    /** The cell's result, plus payloads for the reply (a help page, for instance). */
    public record Outcome(CellResult result, List<ObjectNode> payloads) {
    }

    private static final Map<String, String> LINE_MAGICS = Map.of(
            "%timeit", "%timeit [-n LOOPS] [-r RUNS] EXPR   time an expression or statement (mean ± std. dev.)",
            "%maven", "%maven GROUP:ARTIFACT:VERSION ...   add artifacts and their dependencies to the class path",
            "%jars", "%jars PATH|GLOB ...   add jar files (or every jar of a folder) to the class path",
            "%classpath", "%classpath   print the class path cells compile and run against",
            "%load", "%load FILE   put the code of FILE into this cell, to edit and run",
            "%lsmagic", "%lsmagic   list the magics",
            "%help", "%help NAME   documentation of a class, method, variable or magic (also ?NAME or NAME?)");
    private static final Map<String, String> CELL_MAGICS = Map.of(
            "%%time", "%%time   (first line) run the cell and print its CPU and wall time");

    private final Evaluator evaluator;
    private final MavenResolver maven;

    /** Magics running their code with {@code evaluator}, resolving artifacts with {@code maven}. */
    public Magics(Evaluator evaluator, MavenResolver maven) {
        this.evaluator = evaluator;
        this.maven = maven;
    }

    /** Runs {@code cell}: its magics and its Java code in order (cell thread only). */
    public Outcome run(String cell, int executionCount) {
        evaluator.beginCell();
        List<ObjectNode> payloads = new ArrayList<>();
        String stripped = cell.strip();
        if (isHelpQuery(stripped)) {
            return new Outcome(help(stripped.replaceAll("^\\?+|\\?+$", ""), payloads), payloads);
        }
        String firstLine = cell.lines().findFirst().orElse("").strip();
        if (firstLine.startsWith("%%")) {
            String name = firstLine.split("\\s+")[0];
            if (!name.equals("%%time")) {
                return new Outcome(usageError("unknown cell magic " + name + "; %lsmagic lists the magics"), payloads);
            }
            int bodyStart = cell.indexOf('\n');
            String body = bodyStart < 0 ? "" : cell.substring(bodyStart + 1);
            return new Outcome(timeCell(body, executionCount, payloads), payloads);
        }
        return new Outcome(runLines(cell, executionCount, 0, payloads), payloads);
    }

    private CellResult runLines(String cell, int executionCount, int lineOffset, List<ObjectNode> payloads) {
        String[] lines = cell.split("\n", -1);
        StringBuilder code = new StringBuilder();
        int codeStart = 0;
        CellResult result = CellResult.nothing();
        for (int i = 0; i <= lines.length; i++) {
            boolean magic = i < lines.length && isLineMagic(lines[i]);
            if (i == lines.length || magic) {
                if (!code.toString().isBlank()) {
                    result = evaluator.execute(code.toString(), executionCount, lineOffset + codeStart);
                    if (result.failed()) {
                        return result;
                    }
                }
                if (i == lines.length) {
                    break;
                }
                result = lineMagic(lines[i].strip(), payloads);
                if (result.failed()) {
                    return result;
                }
                code.setLength(0);
                codeStart = i + 1;
            } else {
                code.append(lines[i]).append('\n');
            }
        }
        return result;
    }

    private static boolean isLineMagic(String line) {
        String s = line.strip();
        return s.length() > 1 && s.charAt(0) == '%' && Character.isLetter(s.charAt(1));
    }

    private static boolean isHelpQuery(String cell) {
        return !cell.contains("\n") && cell.length() > 1
                && (cell.startsWith("?") || cell.endsWith("?")) && cell.matches("\\?*%{0,2}[\\w.$]+\\?*");
    }

    private CellResult lineMagic(String line, List<ObjectNode> payloads) {
        String[] parts = line.split("\\s+", 2);
        String name = parts[0];
        String argument = parts.length > 1 ? parts[1].strip() : "";
        return switch (name) {
            case "%timeit" -> timeit(argument);
            case "%maven" -> maven(argument);
            case "%jars" -> jars(argument);
            case "%classpath" -> {
                System.out.println(String.join("\n", evaluator.classPath().split(File.pathSeparator)));
                yield CellResult.nothing();
            }
            case "%load" -> load(argument, payloads);
            case "%lsmagic" -> {
                System.out.println(lsmagic());
                yield CellResult.nothing();
            }
            case "%help" -> help(argument, payloads);
            default -> usageError("unknown magic " + name + "; %lsmagic lists the magics");
        };
    }

    private CellResult timeCell(String body, int executionCount, List<ObjectNode> payloads) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long user0 = threads.getCurrentThreadUserTime();
        long wall0 = System.nanoTime();
        CellResult result = runLines(body, executionCount, 1, payloads);
        long wall = System.nanoTime() - wall0;
        long user = threads.getCurrentThreadUserTime() - user0;
        long cpu = threads.getCurrentThreadCpuTime() - cpu0;
        System.out.println("CPU times: user " + Durations.format(user) + ", sys: " + Durations.format(cpu - user)
                + ", total: " + Durations.format(cpu));
        System.out.println("Wall time: " + Durations.format(wall));
        return result;
    }

    private CellResult timeit(String argument) {
        TimeitOptions options;
        try {
            options = TimeitOptions.parse(argument);
        } catch (IllegalArgumentException e) {
            return usageError(e.getMessage());
        }
        Supplier<Object> code;
        try {
            code = evaluator.compileRepeatable(options.code());
        } catch (Evaluator.CellFailure failure) {
            return CellResult.failed(failure.error());
        }
        Timer timer = new Timer(code);
        Throwable[] failure = new Throwable[1];
        evaluator.runAsUserCode(() -> {
            try {
                System.out.println(timer.measure(options.loops(), options.runs()));
            } catch (RuntimeException | Error e) {
                failure[0] = e;
            }
        });
        if (evaluator.stopRequested()) {
            return CellResult.failed(new CellError("KeyboardInterrupt", "the cell was interrupted",
                    List.of("KeyboardInterrupt: %timeit was interrupted")));
        }
        if (failure[0] != null) {
            Throwable e = failure[0];
            return CellResult.failed(new CellError(e.getClass().getName(), String.valueOf(e.getMessage()),
                    List.of(e.toString(), "    (while %timeit ran " + options.code() + ")")));
        }
        return CellResult.nothing();
    }

    private CellResult maven(String argument) {
        if (argument.isEmpty()) {
            return usageError("usage: " + LINE_MAGICS.get("%maven"));
        }
        List<Path> jars = new ArrayList<>();
        for (String coordinates : argument.split("\\s+")) {
            try {
                jars.addAll(maven.resolve(coordinates));
            } catch (IllegalArgumentException e) {
                return usageError("%maven " + coordinates + ": " + e.getMessage()
                        + " (expected group:artifact:version)");
            } catch (Exception e) {
                return CellResult.failed(new CellError("MavenResolutionError", String.valueOf(e.getMessage()),
                        List.of("%maven " + coordinates + " failed: " + e.getMessage())));
            }
        }
        return addJars(jars);
    }

    private CellResult jars(String argument) {
        if (argument.isEmpty()) {
            return usageError("usage: " + LINE_MAGICS.get("%jars"));
        }
        List<Path> jars = new ArrayList<>();
        for (String pattern : argument.split("\\s+")) {
            try {
                List<Path> found = expand(pattern);
                if (found.isEmpty()) {
                    return usageError("%jars: no jar matches " + pattern);
                }
                jars.addAll(found);
            } catch (IOException e) {
                return usageError("%jars " + pattern + ": " + e.getMessage());
            }
        }
        return addJars(jars);
    }

    private CellResult addJars(List<Path> jars) {
        List<String> added = new ArrayList<>();
        for (Path jar : jars) {
            String path = jar.toAbsolutePath().toString();
            if (!List.of(evaluator.classPath().split(File.pathSeparator)).contains(path)) {
                added.add(path);
            }
        }
        if (!added.isEmpty()) {
            evaluator.addToClasspath(String.join(File.pathSeparator, added));
        }
        System.out.println("Added " + added.size() + " jar" + (added.size() == 1 ? "" : "s") + " to the class path"
                + (added.isEmpty() ? " (all were there already)" : ":\n  " + String.join("\n  ", added)));
        return CellResult.nothing();
    }

    private static List<Path> expand(String pattern) throws IOException {
        String expanded = pattern.startsWith("~/") ? System.getProperty("user.home") + pattern.substring(1) : pattern;
        if (!expanded.contains("*") && !expanded.contains("?") && !expanded.contains("{")) {
            Path path = Path.of(expanded);
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.list(path)) {
                    return files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
                }
            }
            if (!Files.exists(path)) {
                throw new IOException("no such file");
            }
            return List.of(path);
        }
        Path absolute = Path.of(expanded).toAbsolutePath();
        Path root = absolute.getRoot();
        int firstGlob = 0;
        for (int i = 0; i < absolute.getNameCount(); i++) {
            String part = absolute.getName(i).toString();
            if (part.contains("*") || part.contains("?") || part.contains("{")) {
                firstGlob = i;
                break;
            }
        }
        Path base = firstGlob == 0 ? root : root.resolve(absolute.subpath(0, firstGlob));
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + absolute);
        try (Stream<Path> files = Files.walk(base)) {
            return files.filter(Files::isRegularFile).filter(matcher::matches).sorted().toList();
        }
    }

    private CellResult load(String argument, List<ObjectNode> payloads) {
        if (argument.isEmpty()) {
            return usageError("usage: " + LINE_MAGICS.get("%load"));
        }
        String code;
        try {
            code = Files.readString(Path.of(argument));
        } catch (IOException e) {
            return usageError("%load: cannot read " + argument + ": " + e);
        }
        // As IPython's %load: the file becomes the cell's text (a comment line says where from), to edit and run.
        ObjectNode nextInput = JsonNodeFactory.instance.objectNode();
        nextInput.put("source", "set_next_input");
        nextInput.put("text", "// %load " + argument + "\n" + code);
        nextInput.put("replace", true);
        payloads.add(nextInput);
        return CellResult.nothing();
    }

    private CellResult help(String name, List<ObjectNode> payloads) {
        if (name.isEmpty()) {
            return usageError("usage: " + LINE_MAGICS.get("%help"));
        }
        String doc = LINE_MAGICS.getOrDefault(name, CELL_MAGICS.getOrDefault(name, ""));
        if (!name.startsWith("%")) {
            doc = evaluator.documentation(name, name.length());
        }
        if (doc.isEmpty()) {
            System.out.println("No documentation found for " + name);
            return CellResult.nothing();
        }
        ObjectNode page = JsonNodeFactory.instance.objectNode();
        page.put("source", "page");
        page.putObject("data").put("text/plain", doc);
        page.put("start", 0);
        payloads.add(page);
        return CellResult.nothing();
    }

    /** The text of {@code %lsmagic}. */
    static String lsmagic() {
        StringBuilder text = new StringBuilder("Line magics (a line of their own, anywhere in a cell):\n");
        LINE_MAGICS.keySet().stream().sorted().forEach(k -> text.append("  ").append(LINE_MAGICS.get(k)).append('\n'));
        text.append("Cell magics (first line of a cell):\n");
        CELL_MAGICS.keySet().stream().sorted().forEach(k -> text.append("  ").append(CELL_MAGICS.get(k)).append('\n'));
        text.append("Help: ?NAME or NAME? shows the documentation of NAME (e.g. ?Tensor.matmul, ?%load); Tab completes.");
        return text.toString();
    }

    private static CellResult usageError(String message) {
        return CellResult.failed(new CellError("UsageError", message, List.of("UsageError: " + message)));
    }
}
