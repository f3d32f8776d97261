package dev.jtorch.kernel.runner;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtorch.kernel.Kernel;
import dev.jtorch.kernel.wire.ConnectionInfo;
import dev.jtorch.kernel.wire.Frames;
import dev.jtorch.kernel.wire.Header;
import dev.jtorch.kernel.wire.HmacSigner;
import dev.jtorch.kernel.wire.Message;
import dev.jtorch.kernel.wire.ReplayGuard;
import dev.jtorch.kernel.wire.WireException;
import dev.jtorch.kernel.wire.WireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A JTorch kernel started in this JVM on loopback ports, and the client side that talks to it
 * over the Jupyter protocol, as Jupyter's own clients do. The runner goes through the same
 * sockets, handlers, JShell evaluator and display system as a notebook in Jupyter, so what it
 * records is what Jupyter would have shown.
 *
 * <p>The kernel takes over {@code System.out}, {@code System.err} and {@code System.in} while it
 * runs; {@link #close()} gives them back.
 */
final class LoopbackKernel implements AutoCloseable {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int POLL_MILLIS = 100;
    // After an interrupt, how long a cell may take to stop before the runner gives up on it.
    private static final Duration INTERRUPT_GRACE = Duration.ofSeconds(30);

    private final PrintStream savedOut = System.out;
    private final PrintStream savedErr = System.err;
    private final InputStream savedIn = System.in;
    private final Kernel kernel;
    private final ZContext context = new ZContext();
    private final ZMQ.Socket shell;
    private final ZMQ.Socket control;
    private final ZMQ.Socket iopub;
    private final WireFormat wire;
    private final String session = UUID.randomUUID().toString();

    private LoopbackKernel(ConnectionInfo info) {
        wire = new WireFormat(new HmacSigner(info.key()), new ReplayGuard(1 << 16));
        kernel = Kernel.start(info);
        shell = connect(SocketType.DEALER, info.endpoint(info.shellPort()));
        control = connect(SocketType.DEALER, info.endpoint(info.controlPort()));
        iopub = connect(SocketType.SUB, info.endpoint(info.iopubPort()));
        iopub.subscribe(new byte[0]);
    }

    /** Starts a kernel on free loopback ports with a random signing key, and connects to it. */
    static LoopbackKernel start() throws IOException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        int[] ports = freePorts(5);
        ConnectionInfo info = new ConnectionInfo("tcp", "127.0.0.1", ports[0], ports[1], ports[2], ports[3], ports[4],
                HexFormat.of().formatHex(key), "hmac-sha256");
        return new LoopbackKernel(info);
    }

    private ZMQ.Socket connect(SocketType type, String endpoint) {
        ZMQ.Socket socket = context.createSocket(type);
        socket.setLinger(0);
        socket.connect(endpoint);
        return socket;
    }

    /**
     * Asks for kernel_info until iopub delivers the status messages of the request, so that no
     * output of the first cell is missed while the subscription is still being set up.
     *
     * @return the content of the kernel_info_reply
     */
    ObjectNode kernelInfo(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Message request = send(shell, "kernel_info_request", JSON.objectNode());
            ObjectNode reply = null;
            boolean iopubReady = false;
            long attemptEnd = Math.min(deadline, System.nanoTime() + Duration.ofMillis(500).toNanos());
            while (System.nanoTime() < attemptEnd && (reply == null || !iopubReady)) {
                Message shellMessage = receive(shell, 20);
                if (shellMessage != null && isChildOf(shellMessage, request)) {
                    reply = shellMessage.content();
                }
                Message published = receive(iopub, 20);
                if (published != null && isChildOf(published, request)) {
                    iopubReady = true;
                }
            }
            if (reply != null && iopubReady) {
                return reply;
            }
        }
        throw new IOException("the kernel did not answer kernel_info_request within " + timeout.toSeconds() + " s");
    }

    /**
     * Runs {@code code} as one cell: every iopub message the cell causes goes to {@code outputs}
     * (in order) until the kernel is idle again. A cell still running after {@code timeout} is
     * interrupted, and reported as an error.
     */
    Execution execute(String code, Duration timeout, Consumer<Message> outputs) throws IOException {
        ObjectNode content = JSON.objectNode();
        content.put("code", code);
        content.put("silent", false);
        content.put("store_history", true);
        content.putObject("user_expressions");
        content.put("allow_stdin", false);
        content.put("stop_on_error", true);
        Message request = send(shell, "execute_request", content);
        ObjectNode reply = null;
        boolean idle = false;
        boolean interrupted = false;
        long deadline = System.nanoTime() + timeout.toNanos();
        try (ZMQ.Poller poller = context.createPoller(2)) {
            poller.register(shell, ZMQ.Poller.POLLIN);
            poller.register(iopub, ZMQ.Poller.POLLIN);
            while (reply == null || !idle) {
                if (System.nanoTime() > deadline) {
                    if (interrupted) {
                        throw new IOException("the cell did not stop within " + INTERRUPT_GRACE.toSeconds()
                                + " s of being interrupted");
                    }
                    send(control, "interrupt_request", JSON.objectNode());
                    interrupted = true;
                    deadline = System.nanoTime() + INTERRUPT_GRACE.toNanos();
                }
                poller.poll(POLL_MILLIS);
                Message answer = poller.pollin(0) ? receive(shell, 0) : null;
                if (answer != null && isChildOf(answer, request)) {
                    reply = answer.content();
                }
                Message published;
                while ((published = receive(iopub, 0)) != null) {
                    if (!isChildOf(published, request)) {
                        continue;
                    }
                    if (published.type().equals("status")) {
                        idle |= published.content().path("execution_state").asText().equals("idle");
                    } else if (!published.type().equals("execute_input")) {
                        outputs.accept(published);
                    }
                }
            }
        }
        return new Execution(reply.path("execution_count").asInt(), reply.path("status").asText(), interrupted);
    }

    private Message send(ZMQ.Socket socket, String msgType, ObjectNode content) {
        Message message = new Message(List.of(), Header.create(msgType, session), null, JSON.objectNode(), content,
                List.of());
        Frames.send(socket, wire.encode(message));
        return message;
    }

    private Message receive(ZMQ.Socket socket, int timeoutMillis) throws IOException {
        socket.setReceiveTimeOut(timeoutMillis);
        List<byte[]> frames = Frames.receive(socket, timeoutMillis == 0 ? ZMQ.DONTWAIT : 0);
        if (frames == null) {
            return null;
        }
        try {
            return wire.decode(frames);
        } catch (WireException e) {
            throw new IOException("the kernel sent a message the runner cannot read: " + e.getMessage(), e);
        }
    }

    private static boolean isChildOf(Message message, Message request) {
        return message.parentHeader() != null && message.parentHeader().msgId().equals(request.header().msgId());
    }

    /** Shuts the kernel down and gives the process its standard streams back. */
    @Override
    public void close() {
        try {
            send(control, "shutdown_request", JSON.objectNode().put("restart", false));
            kernel.awaitShutdown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            context.close();
            System.setOut(savedOut);
            System.setErr(savedErr);
            System.setIn(savedIn);
        }
    }

    private static int[] freePorts(int count) throws IOException {
        // Held open together so that the five ports differ; the kernel binds them right after.
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    /**
     * The kernel's answer to one cell.
     *
     * @param executionCount the cell's number, as Jupyter shows it ({@code In [n]})
     * @param status         {@code ok} or {@code error}
     * @param timedOut       whether the runner had to interrupt the cell
     */
    record Execution(int executionCount, String status, boolean timedOut) {
    }
}
