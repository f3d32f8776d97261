package dev.jtorch.kernel.eval;

import java.lang.instrument.Instrumentation;

/**
 * The kernel jar's launcher agent: {@code java -jar jtorch-kernel.jar} starts it before
 * {@code main}, and it changes the JDK where the kernel needs it: {@link ExitGuard} (cells cannot
 * end the JVM) and {@link ReplClassPurge} (JShell's clean-up after each compilation stays small).
 * A kernel started from the class path runs without both.
 */
public final class KernelAgent {

    private KernelAgent() {
    }

    /** The agent's entry point, named by the jar's {@code Launcher-Agent-Class}. */
    public static void agentmain(String options, Instrumentation instrumentation) {
        ExitGuard.install(instrumentation);
        ReplClassPurge.install(instrumentation);
    }
}
