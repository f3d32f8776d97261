package dev.jtorch.kernel;

import dev.jtorch.kernel.eval.ExitGuard;
import dev.jtorch.kernel.runner.RunCommand;
import dev.jtorch.kernel.wire.ConnectionInfo;
import java.nio.file.Path;
import java.util.List;

/**
 * Entry point: {@code java -jar jtorch-kernel.jar CONNECTION_FILE}, as Jupyter starts it
 * from the kernelspec (exits when a shutdown_request has been answered), or
 * {@code java -jar jtorch-kernel.jar run NOTEBOOK... [-o OUT]}, the headless notebook runner.
 */
public final class Main {

    private Main() {
    }

    /** Starts the kernel on the connection file {@code args[0]}, or runs notebooks ({@code run ...}). */
    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--warm-up")) {
            WarmUp.run();
            ExitGuard.exit(0);    // exit, not halt: a JVM recording a class-data archive writes it now
        }
        if (args.length > 0 && args[0].equals("run")) {
            ExitGuard.exit(RunCommand.run(List.of(args).subList(1, args.length), System.out));
        }
        if (args.length != 1 || args[0].startsWith("-")) {
            System.err.println("usage: java --add-modules jdk.incubator.vector -jar jtorch-kernel.jar CONNECTION_FILE");
            System.err.println("Jupyter starts the kernel this way; run ./install to register it with Jupyter.");
            ExitGuard.exit(2);
        }
        exitWithParent();
        Kernel kernel = Kernel.start(ConnectionInfo.read(Path.of(args[0])));
        kernel.awaitShutdown();
        // Threads of cells (a training loop someone started) must not keep a shut-down kernel alive.
        ExitGuard.halt(0);
    }

    // Jupyter names its process in JPY_PARENT_PID; a kernel whose frontend died must not linger.
    private static void exitWithParent() {
        String parent = System.getenv("JPY_PARENT_PID");
        if (parent == null || !parent.matches("\\d+")) {
            return;
        }
        ProcessHandle.of(Long.parseLong(parent)).ifPresent(process -> process.onExit().thenRun(() -> {
            KernelLog.warn("parent process " + parent + " ended; the kernel exits too");
            ExitGuard.halt(0);
        }));
    }
}
