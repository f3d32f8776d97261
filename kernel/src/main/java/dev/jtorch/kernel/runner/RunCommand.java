package dev.jtorch.kernel.runner;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code run} command of the kernel's jar:
 * {@code java --add-modules jdk.incubator.vector -jar jtorch-kernel.jar run NOTEBOOK... [-o OUT] [--timeout SECONDS]}.
 * Runs each notebook, writes its outputs in place (or to OUT: a file for one notebook, a
 * folder for several), prints one line per notebook and returns a non-zero status if any failed.
 */
public final class RunCommand {

    static final String USAGE = """
            usage: run NOTEBOOK... [-o OUT] [--timeout SECONDS]
              Runs each notebook's code cells in order in a fresh JTorch kernel and writes the outputs
              into the notebook (or to OUT: a file when one notebook is given, else a folder).
              --timeout  seconds a cell may run before it is interrupted (default %d)""".formatted(
            NotebookRunner.DEFAULT_CELL_TIMEOUT.toSeconds());

    private RunCommand() {
    }

    /**
     * Runs the command with {@code args} (the words after {@code run}), reporting on {@code out}.
     *
     * @return the process exit status: 0 when every notebook ran, 1 when one failed, 2 for bad arguments
     */
    public static int run(List<String> args, PrintStream out) {
        List<Path> notebooks = new ArrayList<>();
        Path output = null;
        Duration timeout = NotebookRunner.DEFAULT_CELL_TIMEOUT;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            boolean hasValue = i + 1 < args.size();
            if ((arg.equals("-o") || arg.equals("--output")) && hasValue) {
                output = Path.of(args.get(++i));
            } else if (arg.equals("--timeout") && hasValue) {
                try {
                    timeout = Duration.ofSeconds(Long.parseLong(args.get(++i)));
                } catch (NumberFormatException e) {
                    out.println("--timeout takes a whole number of seconds, got " + args.get(i));
                    return 2;
                }
            } else if (arg.startsWith("-")) {
                out.println("unknown option " + arg + "\n" + USAGE);
                return 2;
            } else {
                notebooks.add(Path.of(arg));
            }
        }
        if (notebooks.isEmpty()) {
            out.println(USAGE);
            return 2;
        }
        boolean outputIsFolder = output != null && (notebooks.size() > 1 || Files.isDirectory(output));
        NotebookRunner runner = new NotebookRunner(timeout);
        int failures = 0;
        for (Path notebook : notebooks) {
            Path destination = outputIsFolder ? output.resolve(notebook.getFileName()) : output;
            RunResult result;
            try {
                result = runner.run(notebook, destination);
            } catch (IOException | RuntimeException e) {
                out.println(notebook.getFileName() + "  FAILED: " + e.getMessage());
                failures++;
                continue;
            }
            out.println(result.line());
            if (!result.ok()) {
                failures++;
            }
        }
        return failures == 0 ? 0 : 1;
    }
}
