package dev.jtorch.kernel.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.Test;

class IndexingPauseTest {
    @Test
    void findsJShellsPauseAndCompletionStillWorksAroundIt() {
        try (JShell jshell = JShell.builder().executionEngine("local").build()) {
            SourceCodeAnalysis analysis = jshell.sourceCodeAnalysis();
            IndexingPause pause = IndexingPause.of(analysis);
            assertTrue(pause.active(), "this JDK's JShell has suspendIndexing/resumeIndexing");
            pause.suspend();
            try {
                assertEquals(1, jshell.eval("int x = 41 + 1;").size());
            } finally {
                pause.resume();
            }
            int[] anchor = new int[1];
            assertTrue(analysis.completionSuggestions("Math.ma", 7, anchor).stream()
                    .anyMatch(s -> s.continuation().startsWith("max")), "completion after a pause");
        }
    }
}
