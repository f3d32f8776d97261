package dev.jtorch.kernel;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** A kernel started as its own process on a fresh connection file, as Jupyter starts it. */
final class KernelProcess implements AutoCloseable {

    final Path connectionFile;
    final Path log;
    final String key = UUID.randomUUID().toString();
    final int[] ports = new int[5];    // shell, control, stdin, iopub, hb
    final Process process;

    KernelProcess(String... jvmOptions) throws IOException {
        Path dir = Files.createTempDirectory("jtorch-kernel-test");
        connectionFile = dir.resolve("connection.json");
        log = dir.resolve("kernel.log");
        for (int i = 0; i < ports.length; i++) {
            ports[i] = freePort();
        }
        Files.writeString(connectionFile, """
                {"transport": "tcp", "ip": "127.0.0.1", "shell_port": %d, "control_port": %d, "stdin_port": %d,
                 "iopub_port": %d, "hb_port": %d, "key": "%s", "signature_scheme": "hmac-sha256"}
                """.formatted(ports[0], ports[1], ports[2], ports[3], ports[4], key));
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("--add-modules");
        command.add("jdk.incubator.vector");
        // As the kernel jar's manifest does: Add-Opens for the evaluator's DeadSnippetCleaner,
        // Add-Exports for JavadocText.
        command.add("--add-opens");
        command.add("jdk.jshell/jdk.jshell=ALL-UNNAMED");
        command.add("--add-exports");
        command.add("jdk.jshell/jdk.internal.shellsupport.doc=ALL-UNNAMED");
        command.addAll(List.of(jvmOptions));
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(Main.class.getName());
        command.add(connectionFile.toString());
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    String endpoint(int index) {
        return "tcp://127.0.0.1:" + ports[index];
    }

    String logText() throws IOException {
        return Files.readString(log);
    }

    boolean waitForExit(long millis) throws InterruptedException {
        return process.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(2, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
