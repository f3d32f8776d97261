package dev.jtorch.kernel.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtorch.kernel.KernelClient;
import dev.jtorch.kernel.KernelProcess;
import dev.jtorch.kernel.wire.Message;
import dev.jtorch.kernel.wire.WireFormat;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Where the kernel listens and how it treats the key: only on the connection file's address,
 * never printing the key, unsigned only when the file says {@code "key": ""}.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SecurityIT {

    @Test
    void listensOnlyWhereTheConnectionFileSaysAndNeverLogsTheKey() throws Exception {
        try (KernelProcess kernel = KernelProcess.fromJar(); KernelClient client = new KernelClient(kernel)) {
            client.awaitReady(60_000);
            for (int port : kernel.ports) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                }
                // 127.0.0.2 is this machine too: a kernel bound to every address would answer there.
                assertThrows(IOException.class, () -> {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress("127.0.0.2", port), 2000);
                    }
                }, "port " + port + " answers on 127.0.0.2");
            }
            List<String> listening = listeningAddresses(kernel.process.pid());
            List<String> expected = new ArrayList<>();
            for (int port : kernel.ports) {
                expected.add("127.0.0.1:" + port);
            }
            if (!listening.isEmpty()) {    // ss shows process ids only to their owner; then the probes above decide
                assertEquals(expected.stream().sorted().toList(), listening.stream().sorted().toList(),
                        "the kernel listens on more than its five ports");
            }

            // Refused messages of every kind, a failing cell, a cell printing to stderr: the log still holds no key.
            byte[] header = KernelClient.bytes(client.header("execute_request", "5.3").toJson());
            byte[] content = KernelClient.bytes(KernelClient.executeContent("1"));
            client.sendFrames(KernelClient.SHELL, List.of(WireFormat.DELIMITER, "00".getBytes(StandardCharsets.US_ASCII),
                    header, "{}".getBytes(), "{}".getBytes(), content));
            client.sendFrames(KernelClient.SHELL, List.of(WireFormat.DELIMITER, new byte[0], header, "{}".getBytes(),
                    "{}".getBytes(), content));
            client.sendFrames(KernelClient.SHELL, client.signedFrames("{".getBytes(), "{}".getBytes(), "{}".getBytes(), content));
            assertFalse(client.run("throw new IllegalStateException(\"boom\");", 20_000).ok());
            assertTrue(client.answersKernelInfo(10_000));
            String log = kernel.logText();
            assertTrue(log.contains("bad signature"), "the refusals were logged: " + log);
            assertFalse(log.contains(kernel.key), "the log prints the key");
            assertFalse(log.contains(kernel.key.replace("-", "")), "the log prints the key");
        }
    }

    private static List<String> listeningAddresses(long pid) throws Exception {
        Process ss = new ProcessBuilder("ss", "-ltnpH").redirectErrorStream(true).start();
        String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ss.waitFor(10, TimeUnit.SECONDS);
        List<String> addresses = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.contains("pid=" + pid + ",")) {
                // A JVM listens through an IPv6 socket: [::ffff:127.0.0.1]:port is 127.0.0.1:port.
                addresses.add(line.trim().split("\\s+")[3].replace("[::ffff:", "").replace("]", ""));
            }
        }
        return addresses;
    }

    @Test
    void anEmptyKeyInTheFileTurnsSigningOff() throws Exception {
        try (KernelProcess kernel = KernelProcess.fromJar("\"\"", "-Xmx256m"); KernelClient client = new KernelClient(kernel)) {
            client.awaitReady(60_000);
            KernelClient.Cell cell = client.run("6 * 7", 20_000);
            assertEquals("42", cell.result(), cell.describe());
        }
    }

    @Test
    void aConnectionFileWithoutAKeyDoesNotMeanUnsigned() throws Exception {
        try (KernelProcess kernel = KernelProcess.fromJar(null, "-Xmx256m")) {
            assertTrue(kernel.process.waitFor(30, TimeUnit.SECONDS), "a kernel without a key in its file started");
            assertTrue(kernel.process.exitValue() != 0);
            assertTrue(kernel.logText().contains("\"key\""), "the refusal says which field: " + kernel.logText());
        }
    }

    @Test
    void aKeyIsAlwaysEnforced() throws Exception {
        try (KernelProcess kernel = KernelProcess.fromJar("\"k\"", "-Xmx256m"); KernelClient client = new KernelClient(kernel);
                KernelClient unsigned = new KernelClient(kernel, "")) {
            client.awaitReady(60_000);
            Path canary = kernel.dir.resolve("pwned.txt");
            Message request = unsigned.send(KernelClient.SHELL, "execute_request", KernelClient.executeContent(
                    "java.nio.file.Files.writeString(java.nio.file.Path.of(\"" + canary + "\"), \"pwned\");"));
            assertEquals(null, unsigned.reply(KernelClient.SHELL, request, 2000), "an unsigned request was answered");
            assertNotNull(client.run("1", 20_000).reply());
            assertFalse(Files.exists(canary), "an unsigned request ran");
        }
    }
}
