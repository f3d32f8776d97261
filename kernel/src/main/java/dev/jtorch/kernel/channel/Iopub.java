package dev.jtorch.kernel.channel;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtorch.kernel.KernelLog;
import dev.jtorch.kernel.wire.Frames;
import dev.jtorch.kernel.wire.Message;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The iopub broadcast channel. Any thread may {@link #publish}; one thread owns the XPUB socket,
 * sends queued messages in order and greets each new subscriber with {@code iopub_welcome}
 * (protocol 5.5), so a client knows when it starts receiving.
 */
public final class Iopub implements AutoCloseable {

    private static final Message STOP = new Message(List.of(), null, null, null, null, List.of());

    private final Session session;
    private final LinkedBlockingQueue<Message> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final ZMQ.Socket socket;

    /** Binds the XPUB socket to {@code endpoint} and starts its thread. */
    public Iopub(ZContext context, String endpoint, Session session) {
        this.session = session;
        this.socket = context.createSocket(SocketType.XPUB);
        socket.setLinger(1000);
        socket.setXpubVerbose(true);
        socket.bind(endpoint);
        thread = Thread.ofPlatform().daemon().name("jtorch-iopub").start(this::run);
    }

    /** Queues a message of {@code msgType} with {@code parent} as its parent. */
    public void publish(Message parent, String msgType, ObjectNode content) {
        queue.add(session.message(parent, msgType, content).withIdentities(List.of(topic(msgType))));
    }

    /** Publishes {@code status: state} (busy, idle, starting). */
    public void status(Message parent, String state) {
        ObjectNode content = JsonNodeFactory.instance.objectNode();
        content.put("execution_state", state);
        publish(parent, "status", content);
    }

    private byte[] topic(String msgType) {
        return ("kernel." + session.id() + "." + msgType).getBytes(StandardCharsets.UTF_8);
    }

    private void run() {
        try {
            while (true) {
                Message next = queue.poll(20, TimeUnit.MILLISECONDS);
                if (next == STOP) {
                    break;
                }
                if (next != null) {
                    send(next);
                }
                greetNewSubscribers();
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            KernelLog.warn("iopub thread failed", e);
        } finally {
            socket.close();
        }
    }

    private void greetNewSubscribers() {
        byte[] event;
        while ((event = socket.recv(ZMQ.DONTWAIT)) != null) {
            // XPUB delivers subscriptions as [1, topic...]; unsubscriptions start with 0.
            if (event.length > 0 && event[0] == 1) {
                String topic = new String(event, 1, event.length - 1, StandardCharsets.UTF_8);
                ObjectNode content = JsonNodeFactory.instance.objectNode();
                content.put("subscription", topic);
                Message welcome = session.message(null, "iopub_welcome", content)
                        .withIdentities(List.of(topic.getBytes(StandardCharsets.UTF_8)));
                send(welcome);
            }
        }
    }

    private void send(Message message) {
        Frames.send(socket, session.wire().encode(message));
    }

    /** Sends what is queued, then closes the socket (waiting at most {@code millis}). */
    @Override
    public void close() {
        queue.add(STOP);
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
