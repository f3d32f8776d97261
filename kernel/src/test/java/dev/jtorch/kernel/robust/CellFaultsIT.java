package dev.jtorch.kernel.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtorch.kernel.KernelClient;
import dev.jtorch.kernel.RunningKernel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cells that misbehave: they try to end the JVM, overflow the stack, exhaust the heap, print
 * without end, leave threads behind, close System.out, loop in a static initialiser, or show a
 * value whose toString recurses. After each, the kernel answers, keeps the earlier variables,
 * and runs the next cell. The kernel runs with a 512 MB heap so the heap is exhausted quickly.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CellFaultsIT {

    @RegisterExtension
    static final RunningKernel kernel = RunningKernel.fromJar();
    private static int checks;

    @BeforeAll
    static void defineSurvivor() {
        checks = 0;
        KernelClient.Cell cell = kernel.client().run("long survivor = 41;", 30_000);
        assertTrue(cell.ok(), cell.describe());
    }

    /** After every fault: the process lives, both channels answer, and an earlier variable is intact. */
    @AfterEach
    void kernelSurvived() throws Exception {
        boolean alive = kernel.process().isAlive();
        if (!alive || !kernel.client().answersKernelInfo(10_000)) {
            // A fresh kernel for the tests that follow; this one still fails.
            kernel.restart();
            defineSurvivor();
            throw new AssertionError(alive ? "kernel_info unanswered after the fault" : "the kernel process died");
        }
        KernelClient.Cell cell = kernel.client().run("survivor += 1; survivor - " + checks, 20_000);
        assertTrue(cell.ok(), cell.describe());
        assertEquals(String.valueOf(42), cell.result(), cell.describe());
        checks++;
    }

    private static KernelClient.Cell run(String code) {
        return kernel.client().run(code, 30_000);
    }

    @Test
    void systemExitIsRefusedWithAReason() {
        KernelClient.Cell cell = run("System.exit(0);");
        assertFalse(cell.ok(), cell.describe());
        assertTrue(cell.reply().path("evalue").asText().contains("would end the kernel"), cell.describe());
    }

    @Test
    void haltAndRuntimeExitAreRefused() {
        for (String code : new String[] {"Runtime.getRuntime().halt(1);", "Runtime.getRuntime().exit(3);",
                "Runnable r = () -> System.exit(5); r.run();",
                "class Quitter { static void quit() { Runtime.getRuntime().halt(2); } } Quitter.quit();"}) {
            KernelClient.Cell cell = run(code);
            assertFalse(cell.ok(), code + ": " + cell.describe());
            assertTrue(cell.reply().path("evalue").asText().contains("was not run"), code + ": " + cell.describe());
        }
    }

    @Test
    void exitThroughAMethodReferenceIsRefused() {
        KernelClient.Cell cell = run("java.util.function.IntConsumer quit = System::exit; quit.accept(0);");
        assertFalse(cell.ok(), cell.describe());
        assertTrue(cell.reply().path("evalue").asText().contains("was not run"), cell.describe());
    }

    @Test
    void exitThroughReflectionAndMethodHandlesIsRefused() {
        // Each cell, and the call its refusal must name.
        String[][] cases = {
            {"System.class.getMethod(\"exit\", int.class).invoke(null, 0);", "System.exit(0)"},
            {"Runtime.class.getMethod(\"halt\", int.class).invoke(Runtime.getRuntime(), 1);", "Runtime.halt(1)"},
            {"Runtime.class.getMethod(\"exit\", int.class).invoke(Runtime.getRuntime(), 2);", "Runtime.exit(2)"},
            {"var exit = System.class.getMethod(\"exit\", int.class);\n"
                + "java.lang.reflect.Method.class.getMethod(\"invoke\", Object.class, Object[].class)"
                + ".invoke(exit, null, new Object[] {3});", "System.exit(3)"},
            {"MethodHandles.lookup().findStatic(System.class, \"exit\", MethodType.methodType(void.class, int.class))"
                + ".invoke(4);", "System.exit(4)"},
            {"MethodHandles.lookup().findVirtual(Runtime.class, \"halt\", MethodType.methodType(void.class, int.class))"
                + ".invokeWithArguments(Runtime.getRuntime(), 5);", "Runtime.halt(5)"},
            {"MethodHandles.publicLookup().unreflect(Runtime.class.getMethod(\"halt\", int.class))"
                + ".bindTo(Runtime.getRuntime()).invoke(6);", "Runtime.halt(6)"},
            {"java.util.function.IntConsumer halt = Runtime.getRuntime()::halt; halt.accept(7);", "Runtime.halt(7)"},
            {"new java.beans.Statement(Runtime.getRuntime(), \"halt\", new Object[] {8}).execute();", "Runtime.halt(8)"},
            {"java.util.concurrent.Executors.newSingleThreadExecutor().submit(() -> Runtime.getRuntime().halt(9)).get();",
                "Runtime.halt(9)"},
        };
        for (String[] fault : cases) {
            String code = fault[0];
            KernelClient.Cell cell = run("import java.lang.invoke.*;\n" + code);
            assertTrue(kernel.process().isAlive(), code + " ended the kernel");
            assertFalse(cell.ok(), code + ": " + cell.describe());
            assertTrue(cell.reply().path("evalue").asText().startsWith(fault[1] + " was not run: it would end the kernel"),
                    code + ": " + cell.describe());
        }
    }

    @Test
    void exitFromAThreadTheCellStartedIsRefused() {
        KernelClient.Cell cell = run("""
                var quitter = new Thread(() -> System.exit(0));
                quitter.start();
                quitter.join();
                "joined"
                """);
        assertTrue(cell.ok(), cell.describe());
        assertTrue(cell.stderr().contains("was not run"), cell.describe());
    }

    @Test
    void stackOverflow() {
        KernelClient.Cell cell = run("int deep(int n) { return deep(n + 1) + 1; } deep(0)");
        assertEquals("java.lang.StackOverflowError", cell.ename(), cell.describe());
    }

    @Test
    void hugeArrayAllocation() {
        KernelClient.Cell cell = run("long[] huge = new long[Integer.MAX_VALUE - 8];");
        assertEquals("java.lang.OutOfMemoryError", cell.ename(), cell.describe());
    }

    @Test
    void listGrowingUntilTheHeapIsFull() {
        KernelClient.Cell cell = run("""
                void hog() { var hog = new java.util.ArrayList<long[]>(); while (true) hog.add(new long[1 << 16]); }
                hog();
                """);
        assertEquals("java.lang.OutOfMemoryError", cell.ename(), cell.describe());
        assertTrue(cell.reply().path("traceback").toString().contains("hog"), "the error names what holds the memory: "
                + cell.describe());
    }

    @Test
    void printingWithoutEndStopsOnInterruptWithBoundedMemory() {
        KernelClient.Cell cell = kernel.client().runAndInterrupt(
                "while (true) System.out.println(\"spam spam spam spam spam spam spam spam spam spam\");", 3000, 30_000);
        assertEquals("KeyboardInterrupt", cell.ename(), cell.describe());
        KernelClient.Cell heap = run("System.gc(); (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20");
        assertTrue(Long.parseLong(heap.result()) < 200, "heap after the flood: " + heap.result() + " MB");
    }

    @Test
    void threadsLeftRunningAfterTheCell() {
        KernelClient.Cell cell = run("""
                boolean keepGoing = true;
                for (int i = 0; i < 2; i++) {
                    int n = i;
                    Thread.ofPlatform().daemon().start(() -> { long x = 0; while (keepGoing) { x++; if (x % 50_000_000 == 0) System.out.print(""); } });
                    Thread.ofPlatform().daemon().start(() -> { while (keepGoing) { try { Thread.sleep(5); } catch (InterruptedException e) { } System.out.println("background " + n); } });
                }
                """);
        assertTrue(cell.ok(), cell.describe());
        KernelClient.Cell later = run("System.out.println(\"foreground\"); 6 * 7");
        assertTrue(later.ok(), later.describe());
        assertEquals("42", later.result());
        assertTrue(later.stdout().contains("foreground"), later.describe());
        // Only now: the threads have kept running through a later cell; they need not spin through the other tests.
        assertTrue(run("keepGoing = false;").ok());
    }

    @Test
    void closingSystemOutDoesNotSilenceLaterCells() {
        KernelClient.Cell close = run("System.out.close(); System.err.close();");
        assertTrue(close.ok(), close.describe());
        KernelClient.Cell later = run("System.out.println(\"still printing\"); System.err.println(\"still warning\");");
        assertTrue(later.stdout().contains("still printing"), later.describe());
        assertTrue(later.stderr().contains("still warning"), later.describe());
    }

    @Test
    void infiniteLoopInAStaticInitialiserStopsOnInterrupt() {
        KernelClient.Cell define = run("class Spinner { static int value; static { while (System.nanoTime() != 0) { value++; } } }");
        assertTrue(define.ok(), define.describe());
        KernelClient.Cell cell = kernel.client().runAndInterrupt("Spinner.value", 1500, 30_000);
        assertEquals("KeyboardInterrupt", cell.ename(), cell.describe());
    }

    @Test
    void deeplyRecursiveToStringOfTheValue() {
        KernelClient.Cell cell = run("""
                class Ouroboros { public String toString() { return "(" + this + ")"; } }
                new Ouroboros()
                """);
        assertTrue(cell.stderr().contains("StackOverflowError") || cell.ename().contains("StackOverflowError"),
                cell.describe());
        assertTrue(cell.sawIdle(), cell.describe());
        KernelClient.Cell nested = run("""
                java.util.List<Object> nest = new java.util.ArrayList<>();
                for (int i = 0; i < 200_000; i++) { nest = new java.util.ArrayList<>(java.util.List.of(nest)); }
                nest
                """);
        assertTrue(nested.sawIdle(), nested.describe());
    }

    @Test
    void toStringThatNeverReturnsStopsOnInterrupt() {
        KernelClient.Cell cell = kernel.client().runAndInterrupt("""
                class Stubborn { public String toString() { while (true) { } } }
                new Stubborn()
                """, 3000, 30_000);
        assertTrue(cell.sawIdle(), cell.describe());
    }
}
