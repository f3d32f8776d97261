package dev.jtorch.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtorch.kernel.wire.Frames;
import dev.jtorch.kernel.wire.Header;
import dev.jtorch.kernel.wire.HmacSigner;
import dev.jtorch.kernel.wire.Message;
import dev.jtorch.kernel.wire.ReplayGuard;
import dev.jtorch.kernel.wire.WireException;
import dev.jtorch.kernel.wire.WireFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A Jupyter frontend over ZeroMQ for tests: DEALER sockets for shell, control and stdin, SUB for
 * iopub, REQ for the heartbeat. It signs its requests with its key and refuses (fails the test
 * on) any message of the kernel that is badly signed, replayed or malformed. Besides well-formed
 * requests it sends raw frame lists, for the tests of what the kernel refuses. One thread uses it.
 *
 * <pre>{@code
 * KernelClient client = new KernelClient(kernel);
 * client.awaitReady();
 * KernelClient.Cell cell = client.run("6 * 7", 30_000);   // cell.result() is "42"
 * }</pre>
 */
public final class KernelClient implements AutoCloseable {

    public static final int SHELL = KernelProcess.SHELL;
    public static final int CONTROL = KernelProcess.CONTROL;
    public static final int STDIN = KernelProcess.STDIN;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ZContext context = new ZContext();
    private final ZMQ.Socket[] dealers = new ZMQ.Socket[3];
    private final ZMQ.Socket iopub;
    private final ZMQ.Socket heartbeat;
    private final String session = UUID.randomUUID().toString();
    private final HmacSigner signer;
    private final WireFormat wire;
    private final Process process;

    /** A client signing with the kernel's own key. */
    public KernelClient(KernelProcess kernel) {
        this(kernel, kernel.key);
    }

    /** A client signing with {@code key} (another key, or "" for unsigned, to test refusals). */
    public KernelClient(KernelProcess kernel, String key) {
        signer = new HmacSigner(key);
        wire = new WireFormat(signer, new ReplayGuard(1 << 16));
        process = kernel.process;
        for (int i = 0; i < dealers.length; i++) {
            dealers[i] = context.createSocket(SocketType.DEALER);
            dealers[i].setLinger(0);
            // Shell and stdin share one identity, as in jupyter_client: input_request is routed by it.
            dealers[i].setIdentity(((i == CONTROL ? "control-" : "client-") + session).getBytes(StandardCharsets.UTF_8));
            dealers[i].connect(kernel.endpoint(i));
        }
        iopub = context.createSocket(SocketType.SUB);
        iopub.setLinger(0);
        iopub.subscribe(new byte[0]);
        iopub.connect(kernel.endpoint(KernelProcess.IOPUB));
        heartbeat = context.createSocket(SocketType.REQ);
        heartbeat.setLinger(0);
        heartbeat.connect(kernel.endpoint(KernelProcess.HEARTBEAT));
    }

    /** Waits up to 30 s until the kernel answers kernel_info and iopub delivers (the subscription is live). */
    public void awaitReady() {
        awaitReady(30_000);
    }

    /** Waits up to {@code timeoutMillis} until the kernel answers kernel_info and iopub delivers. */
    public void awaitReady(long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            Message request = send(SHELL, "kernel_info_request", json());
            if (reply(SHELL, request, 2_000) != null && nextIopub(request, 2_000) != null) {
                drainIopub();
                return;
            }
        }
        throw new AssertionError("the kernel did not become ready in " + timeoutMillis + " ms");
    }

    public static ObjectNode json() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** The content of an execute_request for {@code code}. */
    public static ObjectNode executeContent(String code, boolean allowStdin) {
        ObjectNode content = json();
        content.put("code", code);
        content.put("silent", false);
        content.put("store_history", true);
        content.putObject("user_expressions");
        content.put("allow_stdin", allowStdin);
        content.put("stop_on_error", true);
        return content;
    }

    public static ObjectNode executeContent(String code) {
        return executeContent(code, false);
    }

    /** A fresh header of this client's session claiming protocol {@code version}. */
    public Header header(String type, String version) {
        return new Header(UUID.randomUUID().toString(), session, "test", Instant.now().toString(), type, version);
    }

    public Message message(String type, ObjectNode content) {
        return new Message(List.of(), header(type, Header.PROTOCOL_VERSION), null, json(), content, List.of());
    }

    /** Sends a signed request on {@code channel}; returns it, to wait for its reply. */
    public Message send(int channel, String type, ObjectNode content) {
        return send(channel, message(type, content));
    }

    public Message send(int channel, Message message) {
        sendFrames(channel, wire.encode(message));
        return message;
    }

    /** Sends an execute_request; its reply and output are read with {@link #reply} and {@link #nextIopub}. */
    public Message execute(String code) {
        return execute(code, false);
    }

    public Message execute(String code, boolean allowStdin) {
        return send(SHELL, "execute_request", executeContent(code, allowStdin));
    }

    /** The frames of {@code message}, signed with this client's key (to send them as they are, or altered). */
    public List<byte[]> encode(Message message) {
        return wire.encode(message);
    }

    /** Frames as they are, with no checks: to send the kernel malformed, unsigned or replayed messages. */
    public void sendFrames(int channel, List<byte[]> frames) {
        Frames.send(dealers[channel], frames);
    }

    /** The frames of a message of any four parts, signed with this client's key: delimiter, signature, the parts. */
    public List<byte[]> signedFrames(byte[] header, byte[] parent, byte[] metadata, byte[] content) {
        return new ArrayList<>(List.of(WireFormat.DELIMITER, sign(header, parent, metadata, content).getBytes(StandardCharsets.US_ASCII),
                header, parent, metadata, content));
    }

    /** The hex HMAC-SHA256 of {@code parts} with this client's key ("" when the key is empty). */
    public String sign(byte[]... parts) {
        return signer.sign(parts);
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The reply to {@code request} on {@code channel}, or null after {@code millis}; other messages are skipped. */
    public Message reply(int channel, Message request, long millis) {
        return reply(channel, request.header().msgId(), millis);
    }

    /** The reply to the request with msg_id {@code requestId} (one sent as raw frames, for instance), or null. */
    public Message reply(int channel, String requestId, long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            Message message = receive(dealers[channel], (int) Math.max(1, Math.min(200, deadline - System.currentTimeMillis())));
            if (isAnswerTo(message, requestId)) {
                return message;
            }
        }
        return null;
    }

    /** The next message on {@code channel} (input_request on stdin, for instance), or null. */
    public Message next(int channel, long millis) {
        return receive(dealers[channel], (int) millis);
    }

    /** The next iopub message whose parent is {@code request}, or null after {@code millis}. */
    public Message nextIopub(Message request, long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            Message message = receive(iopub, (int) Math.max(1, deadline - System.currentTimeMillis()));
            if (isAnswerTo(message, request.header().msgId())) {
                return message;
            }
        }
        return null;
    }

    /** Every iopub message of {@code request} up to and including its idle status. */
    public List<Message> iopubUntilIdle(Message request, long millis) {
        List<Message> messages = new ArrayList<>();
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            Message message = nextIopub(request, deadline - System.currentTimeMillis());
            if (message == null) {
                break;
            }
            messages.add(message);
            if (isIdle(message)) {
                return messages;
            }
        }
        throw new AssertionError("no idle status for " + request.type() + "; got " + types(messages));
    }

    public static List<String> types(List<Message> messages) {
        return messages.stream().map(Message::type).toList();
    }

    /** Discards iopub messages until none comes for 50 ms. */
    public void drainIopub() {
        drainIopub(50);
    }

    /** Discards iopub messages until none comes for {@code quietMillis}. */
    public void drainIopub(int quietMillis) {
        while (receive(iopub, quietMillis) != null) {
            // Older broadcasts are of no interest to the next request.
        }
    }

    public boolean heartbeat(byte[] ping, int millis) {
        heartbeat.setReceiveTimeOut(millis);
        heartbeat.send(ping);
        byte[] pong = heartbeat.recv();
        return pong != null && Arrays.equals(ping, pong);
    }

    /** What a cell did: its execute_reply and what iopub said about it. */
    public record Cell(JsonNode reply, String stdout, String stderr, String result, JsonNode error, boolean sawIdle) {

        public boolean ok() {
            return reply.path("status").asText().equals("ok");
        }

        public String ename() {
            return reply.path("ename").asText("");
        }

        public String describe() {
            return "reply=" + reply + " stdout=" + abbreviate(stdout) + " stderr=" + abbreviate(stderr) + " result=" + result;
        }

        private static String abbreviate(String text) {
            return text.length() > 400 ? text.substring(0, 400) + "...(" + text.length() + " chars)" : text;
        }
    }

    /** Runs {@code code} and waits (at most {@code timeoutMillis}) for its reply and its idle status. */
    public Cell run(String code, long timeoutMillis) {
        return collect(execute(code).header().msgId(), timeoutMillis);
    }

    /** Runs {@code code}, and {@code afterMillis} after sending it asks the kernel to interrupt. */
    public Cell runAndInterrupt(String code, long afterMillis, long timeoutMillis) {
        Message request = execute(code);
        sleep(afterMillis);
        interrupt();
        return collect(request.header().msgId(), timeoutMillis);
    }

    /** Asks the kernel to interrupt, on the control channel, and waits for the reply. */
    public void interrupt() {
        Message interrupt = send(CONTROL, "interrupt_request", json());
        if (reply(CONTROL, interrupt, 10_000) == null) {
            throw new AssertionError("no interrupt_reply within 10 s");
        }
    }

    /** The reply and output of the execute_request with msg_id {@code requestId}; fails if the kernel dies or does not reply in time. */
    public Cell collect(String requestId, long timeoutMillis) {
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
                Message message = receive(dealers[SHELL], 5);
                if (isAnswerTo(message, requestId)) {
                    reply = message.content();
                }
            }
            Message event;
            while ((event = receive(iopub, reply == null ? 5 : 50)) != null) {
                if (!isAnswerTo(event, requestId)) {
                    continue;
                }
                switch (event.type()) {
                    case "stream" -> (event.content().path("name").asText().equals("stderr") ? stderr : stdout)
                            .append(event.content().path("text").asText());
                    case "execute_result" -> result = event.content().path("data").path("text/plain").asText();
                    case "error" -> error = event.content();
                    case "status" -> idle |= isIdle(event);
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

    /** kernel_info on shell and control: true when both answer within the time, shell with status ok. */
    public boolean answersKernelInfo(long timeoutMillis) {
        Message shellReply = reply(SHELL, send(SHELL, "kernel_info_request", json()), timeoutMillis);
        Message controlReply = reply(CONTROL, send(CONTROL, "kernel_info_request", json()), timeoutMillis);
        return shellReply != null && shellReply.content().path("status").asText().equals("ok") && controlReply != null;
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static boolean isAnswerTo(Message message, String requestId) {
        return message != null && message.parentHeader() != null && message.parentHeader().msgId().equals(requestId);
    }

    private static boolean isIdle(Message message) {
        return message.type().equals("status") && message.content().path("execution_state").asText().equals("idle");
    }

    /** The next message on {@code socket}, or null after {@code millis}; a message the client refuses fails the test. */
    private Message receive(ZMQ.Socket socket, int millis) {
        socket.setReceiveTimeOut(millis);
        List<byte[]> frames = Frames.receive(socket, 0);
        if (frames == null) {
            return null;
        }
        try {
            return wire.decode(frames);
        } catch (WireException e) {
            throw new AssertionError("the kernel sent a message the client refuses: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        Thread.interrupted();    // a test stopped by its timeout leaves the flag set, and ZeroMQ's close would fail on it
        context.close();
    }
}
