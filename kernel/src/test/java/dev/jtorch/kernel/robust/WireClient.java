package dev.jtorch.kernel.robust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A small Jupyter client over JeroMQ, written for these tests from the messaging spec rather
 * than from the kernel's own wire classes: DEALER sockets for shell and control, SUB for iopub,
 * REQ for the heartbeat. It signs with its own HMAC-SHA256 and checks the kernel's signatures.
 * One thread uses it.
 */
final class WireClient implements AutoCloseable {

    // No string length limit: the kernel echoes 20 MB cells back on iopub.
    static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE).build())
            .build());
    static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);

    private final ZContext context = new ZContext();
    final ZMQ.Socket shell;
    final ZMQ.Socket control;
    final ZMQ.Socket iopub;
    private final String key;
    private final String session = UUID.randomUUID().toString();
    private final Process process;

    WireClient(KernelProcess kernel, String key) {
        this.key = key;
        this.process = kernel.process;
        shell = dealer(kernel.shellPort());
        control = dealer(kernel.controlPort());
        iopub = context.createSocket(SocketType.SUB);
        iopub.setLinger(0);
        iopub.subscribe(new byte[0]);
        iopub.connect("tcp://" + KernelProcess.IP + ":" + kernel.iopubPort());
    }

    private ZMQ.Socket dealer(int port) {
        ZMQ.Socket socket = context.createSocket(SocketType.DEALER);
        socket.setLinger(0);
        socket.setIdentity(UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII));
        socket.connect("tcp://" + KernelProcess.IP + ":" + port);
        return socket;
    }

    /** One decoded message the kernel sent. */
    record Received(String type, String parentId, JsonNode header, JsonNode content, boolean signatureValid) {
    }

    /** Waits for the kernel to answer kernel_info and to greet the iopub subscription. */
    void awaitReady(long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        boolean welcomed = false;
        while (!welcomed && System.currentTimeMillis() < deadline) {
            Received message = receive(iopub, 200);
            welcomed = message != null && message.type().equals("iopub_welcome");
        }
        String id = send(shell, "kernel_info_request", JSON.createObjectNode());
        Received reply = awaitReply(shell, id, Math.max(1000, deadline - System.currentTimeMillis()));
        if (reply == null) {
            throw new AssertionError("the kernel did not answer kernel_info in " + timeoutMillis + " ms");
        }
        drainIopub(300);
    }

    ObjectNode header(String msgType, String version) {
        ObjectNode header = JSON.createObjectNode();
        header.put("msg_id", UUID.randomUUID().toString());
        header.put("session", session);
        header.put("username", "robust");
        header.put("date", Instant.now().toString());
        header.put("msg_type", msgType);
        header.put("version", version);
        return header;
    }

    /** Sends a signed request; returns its msg_id. */
    String send(ZMQ.Socket socket, String msgType, JsonNode content) {
        ObjectNode header = header(msgType, "5.3");
        sendFrames(socket, signedFrames(bytes(header), bytes(JSON.createObjectNode()), bytes(JSON.createObjectNode()),
                bytes(content)));
        return header.get("msg_id").asText();
    }

    /** The frames of a message signed with this client's key: delimiter, signature, the four parts. */
    List<byte[]> signedFrames(byte[] header, byte[] parent, byte[] metadata, byte[] content) {
        return new ArrayList<>(List.of(DELIMITER, sign(header, parent, metadata, content).getBytes(StandardCharsets.US_ASCII),
                header, parent, metadata, content));
    }

    String sign(byte[]... parts) {
        if (key.isEmpty()) {
            return "";
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static void sendFrames(ZMQ.Socket socket, List<byte[]> frames) {
        for (int i = 0; i < frames.size(); i++) {
            socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The next message on {@code socket}, or null after {@code timeoutMillis}. */
    Received receive(ZMQ.Socket socket, int timeoutMillis) {
        socket.setReceiveTimeOut(timeoutMillis);
        byte[] first = socket.recv();
        if (first == null) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>();
        frames.add(first);
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv());
        }
        int delimiter = -1;
        for (int i = 0; i < frames.size() && delimiter < 0; i++) {
            if (Arrays.equals(frames.get(i), DELIMITER)) {
                delimiter = i;
            }
        }
        if (delimiter < 0 || frames.size() < delimiter + 6) {
            throw new AssertionError("the kernel sent a malformed message of " + frames.size() + " frames");
        }
        String signature = new String(frames.get(delimiter + 1), StandardCharsets.US_ASCII);
        boolean valid = signature.equals(sign(frames.get(delimiter + 2), frames.get(delimiter + 3),
                frames.get(delimiter + 4), frames.get(delimiter + 5)));
        try {
            JsonNode header = JSON.readTree(frames.get(delimiter + 2));
            JsonNode parent = JSON.readTree(frames.get(delimiter + 3));
            JsonNode content = JSON.readTree(frames.get(delimiter + 5));
            return new Received(header.path("msg_type").asText(), parent.path("msg_id").asText(""), header, content, valid);
        } catch (IOException e) {
            throw new AssertionError("the kernel sent invalid JSON", e);
        }
    }

    /** The reply to {@code requestId} on {@code socket}, or null after {@code timeoutMillis}; other replies are skipped. */
    Received awaitReply(ZMQ.Socket socket, String requestId, long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            Received message = receive(socket, (int) Math.max(1, Math.min(200, deadline - System.currentTimeMillis())));
            if (message != null && message.parentId().equals(requestId)) {
                if (!message.signatureValid()) {
                    throw new AssertionError("reply " + message.type() + " carries a wrong signature");
                }
                return message;
            }
        }
        return null;
    }

    void drainIopub(int quietMillis) {
        while (receive(iopub, quietMillis) != null) {
            // Older broadcasts are of no interest to the next request.
        }
    }

    /** What a cell did: its execute_reply and what iopub said about it. */
    record Cell(JsonNode reply, String stdout, String stderr, String result, JsonNode error, boolean sawIdle) {

        boolean ok() {
            return reply.path("status").asText().equals("ok");
        }

        String ename() {
            return reply.path("ename").asText("");
        }

        String describe() {
            return "reply=" + reply + " stdout=" + abbreviate(stdout) + " stderr=" + abbreviate(stderr) + " result=" + result;
        }

        private static String abbreviate(String text) {
            return text.length() > 400 ? text.substring(0, 400) + "...(" + text.length() + " chars)" : text;
        }
    }

    /** Runs {@code code} and waits (at most {@code timeoutMillis}) for its reply and its idle status. */
    Cell execute(String code, long timeoutMillis) {
        String id = send(shell, "execute_request", executeContent(code));
        return collect(id, timeoutMillis);
    }

    /** Runs {@code code}, and {@code afterMillis} after sending it asks the kernel to interrupt. */
    Cell executeAndInterrupt(String code, long afterMillis, long timeoutMillis) {
        String id = send(shell, "execute_request", executeContent(code));
        sleep(afterMillis);
        interrupt();
        return collect(id, timeoutMillis);
    }

    /** Asks the kernel to interrupt, on the control channel, and waits for the reply. */
    void interrupt() {
        String interrupt = send(control, "interrupt_request", JSON.createObjectNode());
        if (awaitReply(control, interrupt, 10_000) == null) {
            throw new AssertionError("no interrupt_reply within 10 s");
        }
    }

    static ObjectNode executeContent(String code) {
        ObjectNode content = JSON.createObjectNode();
        content.put("code", code);
        content.put("silent", false);
        content.put("store_history", true);
        content.putObject("user_expressions");
        content.put("allow_stdin", false);
        content.put("stop_on_error", true);
        return content;
    }

    Cell collect(String id, long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        StringBuilder stdout = new StringBuilder();
        StringBuilder stderr = new StringBuilder();
        String result = null;
        JsonNode error = null;
        JsonNode reply = null;
        boolean idle = false;
        while ((reply == null || !idle) && System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the kernel process died (exit " + process.exitValue() + ") while running a cell");
            }
            if (reply == null) {
                Received message = receive(shell, 5);
                if (message != null && message.parentId().equals(id)) {
                    if (!message.signatureValid()) {
                        throw new AssertionError("execute_reply carries a wrong signature");
                    }
                    reply = message.content();
                }
            }
            Received event;
            while ((event = receive(iopub, reply == null ? 5 : 50)) != null) {
                if (!event.parentId().equals(id)) {
                    continue;
                }
                switch (event.type()) {
                    case "stream" -> (event.content().path("name").asText().equals("stderr") ? stderr : stdout)
                            .append(event.content().path("text").asText());
                    case "execute_result" -> result = event.content().path("data").path("text/plain").asText();
                    case "error" -> error = event.content();
                    case "status" -> idle |= event.content().path("execution_state").asText().equals("idle");
                    default -> {
                    }
                }
                if (idle) {
                    break;
                }
            }
        }
        if (reply == null) {
            throw new AssertionError("no execute_reply within " + timeoutMillis + " ms; stdout so far: "
                    + (stdout.length() > 300 ? stdout.substring(0, 300) : stdout) + " stderr: " + stderr);
        }
        return new Cell(reply, stdout.toString(), stderr.toString(), result, error, idle);
    }

    /** kernel_info on shell (and control): true when both answer within the time. */
    boolean answersKernelInfo(long timeoutMillis) {
        String id = send(shell, "kernel_info_request", JSON.createObjectNode());
        Received shellReply = awaitReply(shell, id, timeoutMillis);
        String controlId = send(control, "kernel_info_request", JSON.createObjectNode());
        Received controlReply = awaitReply(control, controlId, timeoutMillis);
        return shellReply != null && shellReply.content().path("status").asText().equals("ok")
                && controlReply != null;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        Thread.interrupted();    // a test stopped by its timeout leaves the flag set, and ZeroMQ's close would fail on it
        context.close();
    }
}
