package dev.jtorch.kernel.robust;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The kernel under test, in a JVM of its own started from the packaged jar with a connection
 * file written here: loopback only, five free ports, a key of the test's choosing. The kernel's
 * standard output and error go to a log file the tests read (for leaked keys, for instance).
 */
final class KernelProcess implements AutoCloseable {

    static final String IP = "127.0.0.1";

    final Path dir;
    final Path connectionFile;
    final Path log;
    final String key;
    final int[] ports;
    final Process process;

    private KernelProcess(Path dir, String key, int[] ports, Process process) {
        this.dir = dir;
        this.connectionFile = dir.resolve("connection.json");
        this.log = dir.resolve("kernel.log");
        this.key = key;
        this.ports = ports;
        this.process = process;
    }

    /** Starts a kernel whose connection file holds {@code keyJson} (a JSON value, or null for no key field). */
    static KernelProcess start(String keyJson, String... jvmArgs) throws IOException {
        Path dir = Files.createTempDirectory("jtorch-robust");
        int[] ports = freePorts(5);
        StringBuilder json = new StringBuilder("{\"transport\": \"tcp\", \"ip\": \"" + IP + "\", ")
                .append("\"shell_port\": ").append(ports[0]).append(", \"iopub_port\": ").append(ports[1])
                .append(", \"stdin_port\": ").append(ports[2]).append(", \"control_port\": ").append(ports[3])
                .append(", \"hb_port\": ").append(ports[4]).append(", \"signature_scheme\": \"hmac-sha256\"");
        if (keyJson != null) {
            json.append(", \"key\": ").append(keyJson);
        }
        json.append(", \"kernel_name\": \"jtorch\"}");
        Path connection = dir.resolve("connection.json");
        Files.writeString(connection, json);
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("--add-modules");
        command.add("jdk.incubator.vector");
        command.add("-XX:+UseSerialGC");
        command.addAll(List.of(jvmArgs));
        command.add("-jar");
        command.add(jar().toString());
        command.add(connection.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("kernel.log").toFile()).start();
        // Should the test JVM end early (a timeout, a kill), its kernels go with it.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        String key = keyJson == null ? "" : keyJson.substring(1, keyJson.length() - 1);
        return new KernelProcess(dir, key, ports, process);
    }

    /** A kernel signing with a fresh random key, heap capped at 512 MB. */
    static KernelProcess start() throws IOException {
        return start("\"" + java.util.UUID.randomUUID() + "\"", "-Xmx512m");
    }

    int shellPort() {
        return ports[0];
    }

    int iopubPort() {
        return ports[1];
    }

    int stdinPort() {
        return ports[2];
    }

    int controlPort() {
        return ports[3];
    }

    int hbPort() {
        return ports[4];
    }

    /** A client connected to this kernel with its key. */
    WireClient client() {
        return new WireClient(this, key);
    }

    String logText() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    static Path jar() {
        String configured = System.getProperty("jtorch.kernel.jar");
        Path jar = configured != null ? Path.of(configured) : Path.of("target", "jtorch-kernel.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("kernel jar " + jar.toAbsolutePath()
                    + " missing: run mvn -pl kernel -am verify (these tests run after package)");
        }
        return jar.toAbsolutePath();
    }

    private static int[] freePorts(int count) throws IOException {
        ServerSocket[] sockets = new ServerSocket[count];
        int[] ports = new int[count];
        try {
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 1, InetAddress.getByName(IP));
                ports[i] = sockets[i].getLocalPort();
            }
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
        return ports;
    }

    /** The kernel's threads, as jstack prints them: for the message of a test that found the kernel stuck. */
    String threadDump() {
        try {
            Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));
            Path jstack = java.resolveSibling("jstack");
            Process dump = new ProcessBuilder(jstack.toString(), String.valueOf(process.pid())).redirectErrorStream(true).start();
            String text = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            dump.waitFor(20, TimeUnit.SECONDS);
            return text;
        } catch (IOException | InterruptedException e) {
            return "no thread dump: " + e;
        }
    }

    /** Ends {@code kernel} first (it must not outlive a failed test), then closes {@code client}; either may be null. */
    static void stop(KernelProcess kernel, WireClient client) {
        try {
            if (kernel != null) {
                kernel.close();
            }
        } finally {
            if (client != null) {
                client.close();
            }
        }
    }

    /** Ends the kernel: whatever the test did, the process is gone afterwards. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
