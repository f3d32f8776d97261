package dev.jtorch.kernel;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A kernel started as its own process on a fresh connection file, as Jupyter starts it:
 * loopback only, five free ports, a key of the test's choosing. It runs either from the test
 * class path (the unit tests, before the jar exists) or from the packaged jar (the integration
 * tests). Its standard output and error go to a log file the tests read.
 *
 * <pre>{@code
 * try (KernelProcess kernel = KernelProcess.fromClassPath(); KernelClient client = new KernelClient(kernel)) {
 *     client.awaitReady();
 * }
 * }</pre>
 */
public final class KernelProcess implements AutoCloseable {

    static final String IP = "127.0.0.1";
    static final int SHELL = 0;
    static final int CONTROL = 1;
    static final int STDIN = 2;
    static final int IOPUB = 3;
    static final int HEARTBEAT = 4;

    public final Path dir;
    public final Path connectionFile;
    public final Path log;
    /** The key the kernel signs with ("" when its connection file has none or an empty one). */
    public final String key;
    /** Shell, control, stdin, iopub and heartbeat ports, in that order. */
    public final int[] ports;
    public final Process process;

    private KernelProcess(String keyJson, List<String> launch) throws IOException {
        dir = Files.createTempDirectory("jtorch-kernel-test");
        connectionFile = dir.resolve("connection.json");
        log = dir.resolve("kernel.log");
        key = keyJson == null ? "" : keyJson.substring(1, keyJson.length() - 1);
        ports = freePorts(5);
        StringBuilder json = new StringBuilder("{\"transport\": \"tcp\", \"ip\": \"" + IP + "\"")
                .append(", \"shell_port\": ").append(ports[SHELL]).append(", \"control_port\": ").append(ports[CONTROL])
                .append(", \"stdin_port\": ").append(ports[STDIN]).append(", \"iopub_port\": ").append(ports[IOPUB])
                .append(", \"hb_port\": ").append(ports[HEARTBEAT]).append(", \"signature_scheme\": \"hmac-sha256\"");
        if (keyJson != null) {
            json.append(", \"key\": ").append(keyJson);
        }
        json.append(", \"kernel_name\": \"jtorch\"}");
        Files.writeString(connectionFile, json);
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("--add-modules");
        command.add("jdk.incubator.vector");
        command.addAll(launch);
        command.add(connectionFile.toString());
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // Should the test JVM end early (a timeout, a kill), its kernels go with it.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    }

    /** A kernel run from the test class path with a fresh random key, as the jar's manifest would start it. */
    public static KernelProcess fromClassPath(String... jvmOptions) throws IOException {
        List<String> launch = new ArrayList<>(List.of(
                // As the kernel jar's manifest does: Add-Opens for the evaluator's DeadSnippetCleaner,
                // Add-Exports for JavadocText.
                "--add-opens", "jdk.jshell/jdk.jshell=ALL-UNNAMED",
                "--add-exports", "jdk.jshell/jdk.internal.shellsupport.doc=ALL-UNNAMED"));
        launch.addAll(List.of(jvmOptions));
        launch.add("-cp");
        launch.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        launch.add(Main.class.getName());
        return new KernelProcess(randomKey(), launch);
    }

    /** A kernel run from the packaged jar, signing with a fresh random key, heap capped at 512 MB. */
    public static KernelProcess fromJar() throws IOException {
        return fromJar(randomKey(), "-Xmx512m");
    }

    /** A kernel run from the packaged jar whose connection file holds {@code keyJson} (a JSON string, or null for no key field). */
    public static KernelProcess fromJar(String keyJson, String... jvmOptions) throws IOException {
        List<String> launch = new ArrayList<>(List.of("-XX:+UseSerialGC"));
        launch.addAll(List.of(jvmOptions));
        launch.add("-jar");
        launch.add(jar().toString());
        return new KernelProcess(keyJson, launch);
    }

    private static String randomKey() {
        return "\"" + UUID.randomUUID() + "\"";
    }

    private static Path jar() {
        String configured = System.getProperty("jtorch.kernel.jar");
        Path jar = configured != null ? Path.of(configured) : Path.of("target", "jtorch-kernel.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("kernel jar " + jar.toAbsolutePath()
                    + " missing: run mvn -pl kernel -am verify (these tests run after package)");
        }
        return jar.toAbsolutePath();
    }

    /** The address of the socket with index {@code channel} in {@link #ports}. */
    String endpoint(int channel) {
        return "tcp://" + IP + ":" + ports[channel];
    }

    public String logText() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public boolean waitForExit(long millis) throws InterruptedException {
        return process.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    /** The kernel's threads, as jstack prints them: for the message of a test that found the kernel stuck. */
    public String threadDump() {
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

    // Bound together, so that the five ports differ.
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
