package dev.jtorch.kernel.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.Test;

class IndexingPauseTest {

    @Test
    void holdsIndexingUntilQuietAndCompletionStillWorks() throws Exception {
        try (JShell jshell = JShell.builder().executionEngine("local").build()) {
            SourceCodeAnalysis analysis = jshell.sourceCodeAnalysis();
            IndexingPause pause = IndexingPause.of(analysis);
            assertTrue(pause.active(), "this JDK's JShell has suspendIndexing/resumeIndexing");
            pause.hold();
            pause.hold();
            assertEquals(1, suspensions(analysis), "held once however many cells began");
            assertEquals(1, jshell.eval("int x = 41 + 1;").size());
            pause.releaseWhenQuiet(300);
            Thread.sleep(100);
            pause.hold();   // a cell began before the kernel was quiet: the release is off
            Thread.sleep(400);
            assertEquals(1, suspensions(analysis), "still held: a cell began within the quiet time");
            pause.releaseWhenQuiet(50);
            for (int i = 0; i < 100 && suspensions(analysis) != 0; i++) {
                Thread.sleep(10);
            }
            assertEquals(0, suspensions(analysis), "released after a quiet time");
            int[] anchor = new int[1];
            assertTrue(analysis.completionSuggestions("Math.ma", 7, anchor).stream()
                    .anyMatch(s -> s.continuation().startsWith("max")), "completion after a pause");
        }
    }

    // JShell's own count of pauses in force.
    private static int suspensions(SourceCodeAnalysis analysis) throws ReflectiveOperationException {
        Field suspend = analysis.getClass().getDeclaredField("suspend");
        suspend.setAccessible(true);
        return suspend.getInt(analysis);
    }
}
