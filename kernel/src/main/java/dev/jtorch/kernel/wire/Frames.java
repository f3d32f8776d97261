package dev.jtorch.kernel.wire;

import java.util.ArrayList;
import java.util.List;
import org.zeromq.ZFrame;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/**
 * Multipart ZeroMQ messages as lists of frames, the form {@link WireFormat} encodes and
 * decodes; JeroMQ's {@link ZMsg} does the framing.
 *
 * <pre>{@code
 * Frames.send(socket, wire.encode(message));
 * List<byte[]> frames = Frames.receive(socket, 0);   // null after the socket's receive timeout
 * }</pre>
 */
public final class Frames {

    private Frames() {
    }

    /** Sends {@code frames} as one multipart message; false if the socket did not take it. */
    public static boolean send(ZMQ.Socket socket, List<byte[]> frames) {
        ZMsg message = new ZMsg();
        frames.forEach(message::add);
        return message.send(socket);
    }

    /**
     * The frames of the next message on {@code socket}, or null when none came: within the
     * socket's receive timeout, or at once with {@code flags} {@link ZMQ#DONTWAIT}.
     */
    public static List<byte[]> receive(ZMQ.Socket socket, int flags) {
        ZMsg message = ZMsg.recvMsg(socket, flags);
        if (message == null) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>(message.size());
        for (ZFrame frame : message) {
            frames.add(frame.getData());
        }
        return frames;
    }
}
