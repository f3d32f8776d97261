package dev.jtorch.kernel.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtorch.kernel.KernelClient;
import dev.jtorch.kernel.RunningKernel;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The kernel jar runs JShell with {@link ReplClassPurge}'s clean-up: classes that later cells
 * redefine (nested, anonymous and local ones too) are read afresh, and shown values are the new ones.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReplClassPurgeIT {

    @RegisterExtension
    static final RunningKernel kernel = RunningKernel.fromJar();

    @Test
    void theJarsKernelRewroteJShellsCleanUp() throws Exception {
        assertTrue(run("1 + 1").ok());
        String log = Files.readString(kernel.process().log);
        assertFalse(log.contains("clean-up of REPL classes stays as it is"), log);
    }

    @Test
    void redefinedClassesAndTheirNestedClassesAreReadAfresh() {
        run("class Box { static class Inner { int v() { return 1; } } int get() { return new Inner().v(); } }");
        assertEquals("1", run("new Box().get()").result());
        run("class Box { static class Inner { int v() { return 2; } int w() { return 5; } }"
                + " int get() { return new Inner().v() + new Inner().w(); } }");
        assertEquals("7", run("new Box().get()").result());
        assertEquals("5", run("new Box.Inner().w()").result());
    }

    @Test
    void aRecordRedefinedWithOtherComponentsTakesTheNewShape() {
        run("record Pair(int a) { }");
        assertEquals("Pair[a=3]", run("new Pair(3)").result());
        run("record Pair(int a, int b) { }");
        assertEquals("Pair[a=1, b=2]", run("new Pair(1, 2)").result());
        KernelClient.Cell oldShape = run("new Pair(3)");
        assertEquals("CompileError", oldShape.ename(), oldShape.describe());
    }

    @Test
    void anonymousAndLocalClassesOfEarlierCellsKeepWorking() {
        run("Runnable shout = new Runnable() { public void run() { System.out.println(\"anonymous\"); } };");
        run("int twice(int x) { record Doubler(int x) { int get() { return 2 * x; } } return new Doubler(x).get(); }");
        KernelClient.Cell cell = run("shout.run(); twice(21)");
        assertEquals("anonymous\n", cell.stdout(), cell.describe());
        assertEquals("42", cell.result(), cell.describe());
    }

    private static KernelClient.Cell run(String code) {
        KernelClient.Cell cell = kernel.client().run(code, 30_000);
        assertTrue(cell.ok() || cell.error() != null, cell.describe());
        return cell;
    }
}
