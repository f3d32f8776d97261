package dev.jtorch.kernel;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtorch.kernel.wire.Header;
import dev.jtorch.kernel.wire.HmacSigner;
import dev.jtorch.kernel.wire.Message;
import dev.jtorch.kernel.wire.ReplayGuard;
import dev.jtorch.kernel.wire.WireException;
import dev.jtorch.kernel.wire.WireFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** A Jupyter client over ZeroMQ for tests: signs its requests and reads every channel. */
final class TestClient implements AutoCloseable {

    static final int SHELL = 0;
    static final int CONTROL = 1;
    static final int STDIN = 2;

    private final ZContext context = new ZContext();
    private final ZMQ.Socket[] routers = new ZMQ.Socket[3];
    private final ZMQ.Socket iopub;
    private final ZMQ.Socket heartbeat;
    private final String session = UUID.randomUUID().toString();
    final WireFormat wire;

    TestClient(KernelProcess kernel) {
        this(kernel, kernel.key);
    }

    TestClient(KernelProcess kernel, String key) {
        wire = new WireFormat(new HmacSigner(key), new ReplayGuard(1 << 16));
        for (int i = 0; i < 3; i++) {
            routers[i] = context.createSocket(SocketType.DEALER);
            // Shell and stdin share one identity, as in jupyter_client: input_request is routed by it.
            routers[i].setIdentity(((i == CONTROL ? "control-" : "client-") + session).getBytes(StandardCharsets.UTF_8));
            routers[i].connect(kernel.endpoint(i));
        }
        iopub = context.createSocket(SocketType.SUB);
        iopub.subscribe(new byte[0]);
        iopub.connect(kernel.endpoint(3));
        heartbeat = context.createSocket(SocketType.REQ);
        heartbeat.connect(kernel.endpoint(4));
    }

    /** Waits until the kernel answers kernel_info and iopub delivers (the subscription is live). */
    void awaitReady() {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            Message request = send(SHELL, "kernel_info_request", json());
            if (reply(SHELL, request, 2_000) != null && nextIopub(request, 2_000) != null) {
                drainIopub();
                return;
            }
        }
        throw new AssertionError("kernel did not become ready");
    }

    static ObjectNode json() {
        return JsonNodeFactory.instance.objectNode();
    }

    Message message(String type, ObjectNode content) {
        return new Message(List.of(), new Header(UUID.randomUUID().toString(), session, "test",
                java.time.Instant.now().toString(), type, Header.PROTOCOL_VERSION), null, json(), content, List.of());
    }

    Message send(int channel, String type, ObjectNode content) {
        Message message = message(type, content);
        sendFrames(channel, wire.encode(message));
        return message;
    }

    void sendFrames(int channel, List<byte[]> frames) {
        for (int i = 0; i < frames.size(); i++) {
            routers[channel].send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    Message execute(String code) {
        return execute(code, false);
    }

    Message execute(String code, boolean allowStdin) {
        ObjectNode content = json();
        content.put("code", code);
        content.put("silent", false);
        content.put("store_history", true);
        content.putObject("user_expressions");
        content.put("allow_stdin", allowStdin);
        content.put("stop_on_error", true);
        return send(SHELL, "execute_request", content);
    }

    /** The reply to {@code request} on {@code channel}, or null after {@code millis}. */
    Message reply(int channel, Message request, long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            Message message = receive(routers[channel], (int) Math.max(1, deadline - System.currentTimeMillis()));
            if (message != null && message.parentHeader() != null
                    && message.parentHeader().msgId().equals(request.header().msgId())) {
                return message;
            }
        }
        return null;
    }

    /** The next message on {@code channel} (input_request on stdin, for instance), or null. */
    Message next(int channel, long millis) {
        return receive(routers[channel], (int) millis);
    }

    /** The next iopub message whose parent is {@code request}, or null after {@code millis}. */
    Message nextIopub(Message request, long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            Message message = receive(iopub, (int) Math.max(1, deadline - System.currentTimeMillis()));
            if (message != null && message.parentHeader() != null
                    && message.parentHeader().msgId().equals(request.header().msgId())) {
                return message;
            }
        }
        return null;
    }

    /** Every iopub message of {@code request} up to and including its idle status. */
    List<Message> iopubUntilIdle(Message request, long millis) {
        List<Message> messages = new ArrayList<>();
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            Message message = nextIopub(request, deadline - System.currentTimeMillis());
            if (message == null) {
                break;
            }
            messages.add(message);
            if (message.type().equals("status") && message.content().path("execution_state").asText().equals("idle")) {
                return messages;
            }
        }
        throw new AssertionError("no idle status for " + request.type() + "; got " + types(messages));
    }

    static List<String> types(List<Message> messages) {
        return messages.stream().map(Message::type).toList();
    }

    void drainIopub() {
        while (receive(iopub, 50) != null) {
            // discard
        }
    }

    boolean heartbeat(byte[] ping, int millis) {
        heartbeat.setReceiveTimeOut(millis);
        heartbeat.send(ping);
        byte[] pong = heartbeat.recv();
        return pong != null && java.util.Arrays.equals(ping, pong);
    }

    private Message receive(ZMQ.Socket socket, int millis) {
        socket.setReceiveTimeOut(millis);
        byte[] first = socket.recv();
        if (first == null) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>();
        frames.add(first);
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv());
        }
        try {
            return wire.decode(frames);
        } catch (WireException e) {
            throw new AssertionError("kernel sent a message the client refuses: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
