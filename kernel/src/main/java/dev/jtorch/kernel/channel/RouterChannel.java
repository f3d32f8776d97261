package dev.jtorch.kernel.channel;

import dev.jtorch.kernel.KernelLog;
import dev.jtorch.kernel.wire.Frames;
import dev.jtorch.kernel.wire.Message;
import dev.jtorch.kernel.wire.WireException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A ROUTER socket (shell, control or stdin) that speaks whole Jupyter messages. Not thread-safe:
 * one thread owns it, as ZeroMQ requires.
 */
public final class RouterChannel implements AutoCloseable {

    private final String name;
    private final ZMQ.Socket socket;
    private final Session session;
    private final Deque<Message> pushedBack = new ArrayDeque<>();

    /** Binds a ROUTER socket named {@code name} (for logs) to {@code endpoint}. */
    public RouterChannel(String name, ZContext context, String endpoint, Session session) {
        this.name = name;
        this.session = session;
        this.socket = context.createSocket(SocketType.ROUTER);
        socket.setLinger(1000);
        socket.bind(endpoint);
    }

    /** The channel's name: shell, control or stdin. */
    public String name() {
        return name;
    }

    /** The session whose key signs this channel's messages. */
    public Session session() {
        return session;
    }

    /**
     * Waits up to {@code timeoutMillis} for a message. Returns null on timeout and for frames
     * that are refused (malformed, badly signed, replayed), which are logged and dropped.
     */
    public Message receive(int timeoutMillis) {
        if (!pushedBack.isEmpty()) {
            return pushedBack.poll();
        }
        socket.setReceiveTimeOut(timeoutMillis);
        List<byte[]> frames = Frames.receive(socket, 0);
        if (frames == null) {
            return null;
        }
        try {
            return session.wire().decode(frames);
        } catch (WireException refused) {
            KernelLog.warn(name + ": " + refused.getMessage());
            return null;
        } catch (RuntimeException malformed) {
            KernelLog.warn(name + ": message dropped", malformed);
            return null;
        }
    }

    /**
     * The messages already waiting on the socket, without blocking; they are taken off the
     * socket, so a caller hands back what it does not handle with {@link #pushBack}.
     */
    public List<Message> drainWaiting() {
        List<Message> waiting = new ArrayList<>(pushedBack);
        pushedBack.clear();
        Message next;
        while ((next = receive(0)) != null) {
            waiting.add(next);
        }
        return waiting;
    }

    /** Queues {@code message} to be returned by the next {@link #receive}, before the socket's. */
    public void pushBack(Message message) {
        pushedBack.add(message);
    }

    /** Sends {@code message} to the identities it carries. */
    public void send(Message message) {
        Frames.send(socket, session.wire().encode(message));
    }

    @Override
    public void close() {
        socket.close();
    }
}
