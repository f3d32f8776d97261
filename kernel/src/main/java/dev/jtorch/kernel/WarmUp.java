package dev.jtorch.kernel;

import dev.jtorch.kernel.eval.CellResult;
import dev.jtorch.kernel.eval.Evaluator;
import java.util.List;

/**
 * Runs typical cells once, without Jupyter. The installer runs it under
 * {@code -XX:ArchiveClassesAtExit} so that the classes a kernel needs (JShell, the compiler,
 * the library) are stored in a class-data archive that later kernels start from.
 */
final class WarmUp {

    private WarmUp() {
    }

    static void run() throws InterruptedException {
        Evaluator evaluator = Evaluator.start(StartupImports.snippets());
        for (String cell : List.of("1 + 1", "String greet(String who) { return \"hi \" + who; }",
                "record Pair(int a, int b) { }", "new Pair(1, 2)", "greet(\"x\").length()",
                "var list = new java.util.ArrayList<Integer>(); for (int i = 0; i < 3; i++) list.add(i); list")) {
            CellResult result = evaluator.onCellThread(() -> evaluator.execute(cell, 0));
            if (result.failed()) {
                KernelLog.warn("warm-up cell failed: " + cell + ": " + result.error().evalue());
            }
        }
        evaluator.close(1_000);
    }
}
